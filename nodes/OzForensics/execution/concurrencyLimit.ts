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
 * limit − queue, the requests Oz served without one (at most by half); after that it moves by
 * one per round trip.
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

	/** Counts the decreases, so that one burst of slow or refused requests shrinks the limit once. */
	private decreases = 0;

	constructor(private readonly max: number) {
		this.value = Math.min(INITIAL, max);
	}

	/** Requests that may be in flight now. */
	get current(): number {
		return Math.max(1, Math.floor(this.value));
	}

	/** Taken when a request is sent and given back with its answer: see `answered`. */
	get epoch(): number {
		return this.decreases;
	}

	/**
	 * A request was answered after `msPerAnalysis` per analysis it started. A request sent
	 * before the last decrease (`sentAt` is the epoch then) waited in the queue that decrease
	 * answered, so it does not shrink the limit again: as TCP, one decrease per round trip.
	 */
	answered(msPerAnalysis: number, sentAt = this.decreases): void {
		if (!(msPerAnalysis > 0)) return;
		this.shortest = Math.min(this.shortest, msPerAnalysis);
		const queue = this.value * (1 - this.shortest / msPerAnalysis);
		if (queue > beta(this.value)) {
			if (sentAt < this.decreases) return;
			this.decreases++;
			// Leaving slow start, the limit goes to what Oz served without a queue, but as TCP
			// does no lower than half: time measured while this client itself is busy reads high.
			this.value = this.slowStart
				? Math.max(1, this.value - queue, this.value / 2)
				: Math.max(1, this.value - 1 / this.value);
			this.slowStart = false;
		} else if (queue < alpha(this.value)) {
			this.value = Math.min(this.max, this.value + (this.slowStart ? 1 : 1 / this.value));
		}
	}

	/** Oz pushed back or a gateway gave up: halve, once for the requests sent before the last decrease. */
	overloaded(sentAt = this.decreases): void {
		if (sentAt < this.decreases) return;
		this.decreases++;
		this.slowStart = false;
		this.value = Math.max(1, this.value / 2);
	}
}
