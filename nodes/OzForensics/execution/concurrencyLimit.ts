/*
 * "Concurrency: Auto": how many requests may be in flight, adapted during the run, after
 * TCP Vegas (Brakmo and Peterson, "TCP Vegas: End to End Congestion Avoidance on a Global
 * Internet", 1995) as Netflix's concurrency-limits library applies it to services (VegasLimit).
 * The shortest time per analysis seen stands for Oz unloaded; from the time a request takes,
 * queue = limit × (1 − shortest / time) estimates how many requests wait at Oz. Fewer than
 * ALPHA waiting: there is room, grow; more than BETA: shrink. Overload (429, 503, 504, a
 * timeout, a reset) halves the limit. Until the first sign of a queue it grows by one per
 * answer, which doubles it every round trip (slow start); after that by one per round trip.
 */

const ALPHA = 1;
const BETA = 3;
const INITIAL = 4;

export class ConcurrencyLimit {
	private shortest = Infinity;

	private slowStart = true;

	private value: number;

	constructor(private readonly max: number) {
		this.value = Math.min(INITIAL, max);
	}

	/** Requests that may be in flight now. */
	get current(): number {
		return Math.max(1, Math.floor(this.value));
	}

	/** A request was answered after `msPerAnalysis` per analysis it started. */
	answered(msPerAnalysis: number): void {
		if (!(msPerAnalysis > 0)) return;
		this.shortest = Math.min(this.shortest, msPerAnalysis);
		const queue = this.value * (1 - this.shortest / msPerAnalysis);
		if (queue > BETA) {
			this.slowStart = false;
			this.value = Math.max(1, this.value - 1);
		} else if (queue < ALPHA) {
			this.value = Math.min(this.max, this.value + (this.slowStart ? 1 : 1 / this.value));
		}
	}

	/** Oz pushed back or a gateway gave up: halve. */
	overloaded(): void {
		this.slowStart = false;
		this.value = Math.max(1, this.value / 2);
	}
}
