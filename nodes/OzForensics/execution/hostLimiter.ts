import { sleep } from 'n8n-workflow';

import { AdaptiveLimit } from './adaptiveLimit';
import { FairQueue } from './fairQueue';
import type { LimitChange } from './limitTuning';

/** The most requests one Oz host may ever have in flight from one process. */
const MAX_HOST_LIMIT = 100;

/** The longest pause after a request below a limit of one (after a long timeout, say). */
const MAX_PAUSE_MS = 30_000;

/** Deadlines are checked at least this often while requests wait. */
const DEADLINE_CHECK_MS = 1000;

/** A request that could not start before its item's Timeout ran out: nothing was sent. */
export class AdmissionTimeout extends Error {
	constructor(readonly waitedMs: number) {
		super(`Waited ${Math.round(waitedMs / 1000)} s for Oz`);
	}
}

/** A request whose execution was cancelled while it waited: nothing was sent. */
export class AdmissionCancelled extends Error {
	constructor() {
		super('The execution was cancelled while the request waited for Oz');
	}
}

export interface TurnRequest {
	/** Who waits: requests of one flow (an execution) keep their order; flows take turns. */
	flow: string;
	/** Epoch ms after which the request gives up waiting. */
	deadline: number;
	/** The execution's cancel signal: a waiting request leaves at once when it aborts. */
	signal?: AbortSignal;
}

/** A started request's hold on the host: given back once with its outcome. */
export interface Permit {
	/** How long the request waited before it could start, in ms. */
	readonly queuedMs: number;
	/** Oz pushed back (a 429 that will be waited out): the limit halves, and this request's time says nothing of Oz's speed. */
	overloaded(): void;
	/** The request leaves now (after a pace of the run's own): its time is counted from here. */
	departs(): void;
	/**
	 * The request is over. `analyses` it started were answered (their time teaches the limit);
	 * `overload` when Oz pushed back (503); `lost` when the answer never came or a gateway's page
	 * came instead (502, 504, a cut connection); `unmeasured` for anything else.
	 */
	release(outcome: { analyses: number } | 'overload' | 'lost' | 'unmeasured'): void;
}

interface Waiter {
	flow: string;
	deadline: number;
	since: number;
	start: (permit: Permit) => void;
	fail: (error: Error) => void;
}

export interface Clock {
	now: () => number;
	wait: (ms: number) => Promise<void>;
}

const realClock: Clock = { now: () => Date.now(), wait: async (ms) => await sleep(ms) };

/**
 * Admission control for one Oz host in one process: at most the adaptive limit of requests
 * that start analyses are in flight at once, across every execution, workflow and node of the
 * process; the others wait here, not at Oz, in turn by execution (see FairQueue). A limit below
 * one admits one request at a time with a pause after it, so that its share of the time in
 * flight is the limit. Waiting uses n8n's `sleep`, and only while something waits.
 */
export class HostLimiter {
	private readonly limit: AdaptiveLimit;

	private readonly waiting = new FairQueue<Waiter>();

	private inFlight = 0;

	/** Below a limit of one: no request starts before this. */
	private pausedUntil = 0;

	private ticking = false;

	/** Told when the limit changes, e.g. to log it through n8n's logger. */
	onChange?: (from: number, to: number, why: LimitChange) => void;

	constructor(private readonly clock: Clock = realClock) {
		this.limit = new AdaptiveLimit(MAX_HOST_LIMIT, clock.now());
		this.limit.onChange = (from, to, why) => this.onChange?.(from, to, why);
	}

	/** The limit now (a fraction below 1), for tests and logs. */
	get current(): number {
		return this.limit.current;
	}

	get active(): number {
		return this.inFlight;
	}

	get queued(): number {
		return this.waiting.size;
	}

	/** Resolves with a permit once the request may start; rejects on its deadline or a cancel. */
	async acquire(turn: TurnRequest): Promise<Permit> {
		const now = this.clock.now();
		if (turn.signal?.aborted) throw new AdmissionCancelled();
		if (this.inFlight === 0 && this.waiting.size === 0) this.limit.resume(now);
		if (this.waiting.size === 0 && this.mayStart(now)) return this.start(now, now);
		return await new Promise<Permit>((resolve, reject) => {
			const onAbort = () => {
				if (this.waiting.remove(turn.flow, waiter)) reject(new AdmissionCancelled());
			};
			const waiter: Waiter = {
				flow: turn.flow,
				deadline: turn.deadline,
				since: now,
				start: (permit) => {
					turn.signal?.removeEventListener('abort', onAbort);
					resolve(permit);
				},
				fail: (error) => {
					turn.signal?.removeEventListener('abort', onAbort);
					reject(error);
				},
			};
			turn.signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(turn.flow, waiter);
			void this.tick();
		});
	}

	private mayStart(now: number): boolean {
		return this.inFlight < this.limit.cap(now) && now >= this.pausedUntil;
	}

	private start(since: number, now: number): Permit {
		this.inFlight++;
		const ticket = this.limit.started();
		// Held back by the limit: another request waits, or this one fills it (checked again at its end).
		let limited = this.waiting.size > 0 || this.inFlight >= this.limit.cap(now);
		let pushedBack = false;
		let released = false;
		let departed = now;
		return {
			queuedMs: now - since,
			departs: () => {
				departed = this.clock.now();
			},
			overloaded: () => {
				pushedBack = true;
				this.limit.overloaded(ticket, this.clock.now(), true);
			},
			release: (outcome) => {
				if (released) return;
				released = true;
				const end = this.clock.now();
				const latency = end - departed;
				limited ||= this.waiting.size > 0;
				if (outcome === 'overload') this.limit.overloaded(ticket, end, limited, latency);
				else if (outcome === 'lost') this.limit.lost(ticket, end, limited, latency);
				else if (outcome === 'unmeasured' || pushedBack) this.limit.forget(ticket);
				else
					this.limit.answered(
						ticket,
						latency / Math.max(1, outcome.analyses),
						latency,
						limited,
						end,
					);
				this.inFlight--;
				const share = this.limit.current;
				if (share < 1) {
					// Below one, a pause after each request keeps its share of the time in flight at the limit.
					const pause = Math.min(MAX_PAUSE_MS, latency * (1 / share - 1));
					this.pausedUntil = end + pause;
					void this.clock.wait(pause).then(() => this.admit());
				}
				this.admit();
			},
		};
	}

	/** Starts the waiting requests that fit now, in turn. */
	private admit(): void {
		const now = this.clock.now();
		while (this.waiting.size > 0 && this.mayStart(now)) {
			const waiter = this.waiting.shift() as Waiter;
			waiter.start(this.start(waiter.since, now));
		}
		if (this.waiting.size > 0) void this.tick();
	}

	/** While requests wait: wakes to turn away those past their deadline. */
	private async tick(): Promise<void> {
		if (this.ticking) return;
		this.ticking = true;
		try {
			while (this.waiting.size > 0) {
				const now = this.clock.now();
				const nextDeadline = Math.min(...this.waiting.entries().map((w) => w.deadline));
				const wakeAt = Math.min(nextDeadline, now + DEADLINE_CHECK_MS);
				await this.clock.wait(Math.max(1, wakeAt - now));
				this.expire();
				this.admit();
			}
		} finally {
			this.ticking = false;
		}
	}

	private expire(): void {
		const now = this.clock.now();
		for (const waiter of this.waiting.entries()) {
			if (now < waiter.deadline) continue;
			this.waiting.remove(waiter.flow, waiter);
			waiter.fail(new AdmissionTimeout(now - waiter.since));
		}
	}
}
