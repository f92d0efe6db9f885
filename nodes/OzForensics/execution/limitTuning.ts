// The adaptive limit's constants and names (adaptiveLimit.ts has the why of the whole).

/** A cold process starts here: small, so that a burst of executions never floods Oz before the first answers. */
export const COLD_START = 2;

/** The least the limit goes down to: one request in flight for 1/16 of the time. */
export const MIN = 1 / 16;

/** An answer is fast when it took less than this many times Oz's unloaded time. */
export const FAST = 1.5;

/** In slow start, stricter: the answers of a round that doubles the limit stay this close together. */
export const SLOW_START_FAST = 1.25;

/** Shrink when a request takes more than this many times Oz's unloaded time: it waited twice its own analysis. */
export const TOO_SLOW = 3;

/** The shortest time is kept for two windows, so that a faster past is forgotten and Oz measured anew. */
export const WINDOW_MS = 5 * 60_000;

/** A learned limit decays towards COLD_START with this half-life while the host is idle. */
export const HALF_LIFE_MS = 10 * 60_000;

/** Requests waiting at Oz below which the limit grows: 3 × log10(limit), at least 1. */
export const alpha = (limit: number) => Math.max(1, 3 * Math.log10(limit));

/** Requests waiting at Oz above which the limit shrinks: 6 × log10(limit), at least 3. */
export const beta = (limit: number) => Math.max(3, 6 * Math.log10(limit));

export type LimitChange =
	| 'slow start'
	| 'grow'
	| 'queue at Oz'
	| 'slow answers'
	| 'overload'
	| 'idle';

/** What a request takes when it starts and hands back with its answer. */
export interface Ticket {
	epoch: number;
	round: number;
}
