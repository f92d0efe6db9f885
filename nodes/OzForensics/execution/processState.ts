import { LoggerProxy } from 'n8n-workflow';

import { HostLimiter } from './hostLimiter';
import { ItemResults } from './retryMemo';

/*
 * What every execution of this n8n process shares: n8n loads a node's module once per process
 * (main, or each queue-mode worker), so module scope lives as long as the process does. All of
 * the node's module state, here and elsewhere; none holds an access token, an Oz answer's
 * media or an execution's context:
 * - `limiters` (here): one per Oz host and credential, a few numbers each; as many as hosts and
 *   credentials in use, and its change handler made once, logging through n8n's logger.
 * - `sentMarkers` (here): a digest and a time per single request or container sent, at most
 *   MAX_MARKERS, each forgotten after MARKER_AGE_MS; containers are kept by their SHA-256.
 * - `inFlight` (here): one promise per marker or container being sent now, deleted when it settles.
 * - `runs` (retryMemo.ts): output items kept across n8n's Retry On Fail tries of one node run,
 *   released when the node is done or has no try left, and bounded in count and age besides.
 * - `gates` (transport/session.ts): one login gate per node run, in a WeakMap keyed by n8n's
 *   execute context, so it goes with the context.
 * - `streamedFiles` (payload/multipartBody.ts): a multipart body's streamed files, in a WeakMap
 *   keyed by the body, so it goes with the request.
 * `processStateSizes()` reports the sizes of the first four; every 100th send logs them with
 * their bounds at debug level, so a soak (e2e/soak.ts) reads them from n8n's log.
 */

const limiters = new Map<string, HostLimiter>();

/**
 * The limiter of one Oz host and credential. The key is the Base URL's origin and the
 * credential's id, never the token: two credentials on one host may be two Oz accounts.
 */
export function hostLimiter(origin: string, credentialId: string): HostLimiter {
	const key = `${origin} ${credentialId}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new HostLimiter();
		// Set once, logging through n8n's process-wide logger: a handler made per request would
		// keep that request's execution alive as long as the limiter lives.
		limiter.onChange = (from, to, why) =>
			LoggerProxy.debug(
				`Oz Forensics: requests in flight to ${origin} ${from.toFixed(2)} → ${to.toFixed(2)} (${why})`,
			);
		limiters.set(key, limiter);
	}
	return limiter;
}

/** Forgets every host's limiter, as a new process would start: for tests that need a cold host. */
export function forgetHostLimiters(): void {
	limiters.clear();
}

/** Markers kept at most: a digest and a time each. */
const MAX_MARKERS = 20_000;

/** A marker older than this is forgotten: n8n's retries of a node run are long over by then. */
const MARKER_AGE_MS = 6 * 3600_000;

const sentMarkers = new Map<string, number>();

/** Sends between two debug lines of the state's sizes: a line among the many n8n logs per execution at debug level. */
const SIZES_EVERY = 100;

let sends = 0;

/** The sizes of the process-wide state above, and the items the Retry On Fail memo keeps. */
export function processStateSizes(): {
	limiters: number;
	sentMarkers: number;
	inFlight: number;
	retryMemoItems: number;
} {
	return {
		limiters: limiters.size,
		sentMarkers: sentMarkers.size,
		inFlight: inFlight.size,
		retryMemoItems: ItemResults.size(),
	};
}

/** Remembers that a single request with this marker left the process, so that a later try looks it up first. */
export function markSent(digest: string, now = Date.now()): void {
	sentMarkers.delete(digest);
	sentMarkers.set(digest, now);
	// Oldest first: a Map keeps insertion order, and a marker is re-inserted when sent again.
	for (const [old, at] of sentMarkers) {
		if (sentMarkers.size <= MAX_MARKERS && now - at <= MARKER_AGE_MS) break;
		sentMarkers.delete(old);
	}
	// A long-running process shows in its debug log that this state stays within its bounds
	// (the memo's are retryMemo.ts' MAX_ITEMS and MAX_AGE_MS).
	if (++sends % SIZES_EVERY === 0) {
		const size = processStateSizes();
		LoggerProxy.debug(
			`Oz Forensics: process state after ${sends} sends: limiters ${size.limiters}, sent markers ${size.sentMarkers} (at most ${MAX_MARKERS}, each ${MARKER_AGE_MS / 3600_000} h), in flight ${size.inFlight}, retry memo items ${size.retryMemoItems} (at most 5000, each 6 h)`,
		);
	}
}

/** Forgets a marker whose request was refused before Oz did any work, so it may be sent again. */
export function forgetSent(digest: string): void {
	sentMarkers.delete(digest);
}

/** When a single request with this marker was last sent from this process, if it was. */
export function sentAt(digest: string, now = Date.now()): number | undefined {
	const at = sentMarkers.get(digest);
	return at !== undefined && now - at <= MARKER_AGE_MS ? at : undefined;
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * Single flight: while one attempt for a marker runs in this process, another execution (or
 * item) with the same marker waits for it and gets its result instead of sending again. A
 * failed attempt is not shared: the next caller tries for itself.
 */
export async function singleFlight<T>(digest: string, attempt: () => Promise<T>): Promise<T> {
	for (let running = inFlight.get(digest); running; running = inFlight.get(digest)) {
		const earlier = await running.then(
			(value) => ({ value: value as T }),
			() => undefined,
		);
		if (earlier) return earlier.value;
		// That attempt failed: this caller tries for itself.
		if (inFlight.get(digest) === running) inFlight.delete(digest);
	}
	const running = attempt();
	inFlight.set(digest, running);
	try {
		return await running;
	} finally {
		if (inFlight.get(digest) === running) inFlight.delete(digest);
	}
}
