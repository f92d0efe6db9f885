/*
 * "Concurrency: Auto": how many requests may be in flight, adapted during the run, after
 * TCP Vegas (Brakmo and Peterson, "TCP Vegas: End to End Congestion Avoidance on a Global
 * Internet", 1995) as Netflix's concurrency-limits library applies it to services (VegasLimit).
 * The shortest time per analysis seen stands for Oz unloaded; from the time a request takes,
 * queue = limit × (1 − shortest / time) estimates how many requests wait at Oz. Fewer than
 * alpha waiting: there is room, grow; more than beta: shrink. As in VegasLimit, alpha and beta
 * grow with log10 of the limit, so that at a large limit the client's own share of the time
 * (which rises with the requests it builds at once) is not read as a queue at Oz. Overload
 * (429, 503, 504, a timeout, a reset) halves the limit. Until the first sign of a queue it
 * grows by one per answer, which doubles it every round trip (slow start), and then drops to
 * limit − queue, the requests Oz served without one; after that it moves by one per round trip.
 */

const INITIAL = 4;

/** Requests waiting at Oz below which the limit grows: 3 × log10(limit), at least 1. */
const alpha = (limit: number) => Math.max(1, 3 * Math.log10(limit));

/** Requests waiting at Oz above which the limit shrinks: 6 × log10(limit), at least 3. */
const beta = (limit: number) => Math.max(3, 6 * Math.log10(limit));

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
		if (queue > beta(this.value)) {
			// Leaving slow start, the limit goes straight to what Oz served without a queue.
			this.value = Math.max(1, this.slowStart ? this.value - queue : this.value - 1 / this.value);
			this.slowStart = false;
		} else if (queue < alpha(this.value)) {
			this.value = Math.min(this.max, this.value + (this.slowStart ? 1 : 1 / this.value));
		}
	}

	/** Oz pushed back or a gateway gave up: halve. */
	overloaded(): void {
		this.slowStart = false;
		this.value = Math.max(1, this.value / 2);
	}
}
