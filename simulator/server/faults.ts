/** Scripted failures: what the next API requests meet instead of Oz's answer. */
import type { DrawnFault } from '../types';

/**
 * - `pass`: answer normally (to aim a fault at a later request);
 * - `oz`: answer `status` with Oz's error body (the default when `error_code` is given);
 * - `html`: answer `status` with an HTML page, as a gateway or proxy would (the default otherwise);
 * - `truncated`: answer `status` (default 200) with JSON cut off in the middle;
 * - `reset`: drop the connection while the upload is still arriving;
 * - `hang`: take the request and never answer;
 * - `afterStore`: do the work for real (the folder is stored), then answer `status` as HTML,
 *   or with no `status` drop the connection, as when a gateway gives up on a slow Oz.
 */
export type FaultKind = 'pass' | 'oz' | 'html' | 'truncated' | 'reset' | 'hang' | 'afterStore';

export interface ScriptedFault {
	kind?: FaultKind;
	status?: number;
	error_code?: number;
	error_message?: string;
	/** Seconds for a Retry-After header. */
	retryAfter?: number;
	/** Extra wait before this request is handled (with `pass`: a slow but normal answer). */
	delayMs?: number;
	/** With `oz`: the body as the framework writes it, `error_details` for `details` (docs/oz-facts.md#error-body). */
	framework?: boolean;
	/** With `afterStore`: every login session expires once the work is done, before the answer is lost. */
	expireSessions?: boolean;
}

export function faultKind(fault: ScriptedFault): FaultKind {
	return fault.kind ?? (fault.error_code !== undefined ? 'oz' : 'html');
}

/**
 * Faults drawn at random for single requests (the multipart or container `POST` to
 * `/api/folders` or `/api/instant/folders`), for soak runs: each rate is a share of those
 * requests, 0 to 1. GUESS(fault-rates): no page gives how often a host fails; the rates are the
 * caller's, and lost answers split evenly between a gateway's 502 page, its 504 page and a cut
 * connection, each after Oz stored the folder. Reads and logins are left alone.
 */
export interface FaultRates {
	/** The same seed gives the same faults to the same sequence of single requests. */
	seed: number;
	/** Oz does the work, then the answer is lost (`afterStore`: 502, 504 or the connection cut). */
	lostAnswer?: number;
	/** The connection is cut while the upload arrives (`reset`): nothing is stored. */
	reset?: number;
	/** 429 with the framework's code 101 and no Retry-After (docs/oz-facts.md#error-codes): nothing is done. */
	throttle?: number;
}

const DRAWN: Record<DrawnFault, ScriptedFault> = {
	'lost-502': { kind: 'afterStore', status: 502 },
	'lost-504': { kind: 'afterStore', status: 504 },
	'lost-cut': { kind: 'afterStore' },
	reset: { kind: 'reset' },
	throttle: {
		kind: 'oz',
		status: 429,
		error_code: 101,
		error_message: 'Too many requests',
		framework: true,
	},
};

/** mulberry32: a small seeded generator, so a run's faults can be replayed from its seed. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One run of drawn faults: its rates and its generator, one draw per single request. */
export class FaultDraw {
	private readonly next: () => number;

	constructor(readonly rates: FaultRates) {
		this.next = seeded(rates.seed);
	}

	/** The fault for the next single request, if it gets one. */
	draw(): { name: DrawnFault; fault: ScriptedFault } | undefined {
		const u = this.next();
		const { lostAnswer = 0, reset = 0, throttle = 0 } = this.rates;
		let name: DrawnFault | undefined;
		if (u < lostAnswer)
			name = (['lost-502', 'lost-504', 'lost-cut'] as const)[Math.floor((u / lostAnswer) * 3)];
		else if (u < lostAnswer + reset) name = 'reset';
		else if (u < lostAnswer + reset + throttle) name = 'throttle';
		return name && { name, fault: DRAWN[name] };
	}
}
