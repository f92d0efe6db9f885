/*
 * How many analysis requests one Oz host may have in flight, learned from its answers, after
 * TCP Vegas (Brakmo and Peterson, 1995) as Netflix's concurrency-limits library applies it to
 * services. The shortest time per analysis seen lately stands for Oz unloaded (s); from the
 * time a request took (t), queue = limit × (1 − s / t) estimates how many of this process's
 * requests wait at Oz. That estimate sees only this process's share of Oz's queue, so a second
 * signal bounds the delay itself, whoever causes it: t / s above TOO_SLOW shrinks the limit even
 * when other processes (queue-mode workers) fill Oz. Below 1 the limit is a fraction: one
 * request at a time with a pause after each (HostLimiter), so that many workers together can
 * still stay below Oz's slots.
 *
 * Slow start works in rounds, as Vegas's own does: a round is the requests started until the
 * first of them is answered; only when all of a round came back fast does the limit double.
 * Oz answers first in, first out, so the first answers of a round are fast even when the rest
 * of it queues: growing on them would overshoot. A cold limiter's first round is only measured
 * (Vegas grows every other round trip): a queue-mode worker whose requests happen to be first
 * in Oz's line cannot tell from them that other workers queue behind.
 */

import type { LimitChange, Ticket } from './limitTuning';
import {
	alpha,
	beta,
	COLD_START,
	FAST,
	HALF_LIFE_MS,
	MIN,
	SLOW_START_FAST,
	TOO_SLOW,
	WINDOW_MS,
} from './limitTuning';
import { RecentMinimum } from './recentMinimum';
import { SlowStartRounds } from './slowStartRounds';

export class AdaptiveLimit {
	private value: number;

	private slowStart = true;

	/** A cold limiter measures its first round before it grows. */
	private measured = false;

	private readonly rounds = new SlowStartRounds();

	/** Counts the decreases, so that one burst of slow or refused requests shrinks the limit once. */
	private decreases = 0;

	/** Oz's unloaded time per analysis. */
	private readonly unloaded = new RecentMinimum();

	private windowStart: number;

	private lastActive: number;

	/** The shortest time after which a gateway gave up on a request: answers should stay well below it. */
	private readonly ceiling = new RecentMinimum();

	/** Until then, a re-probe of Oz's unloaded time: half the limit (see `cap`). */
	private probeUntil = 0;

	/** Told of every change, e.g. to log it. */
	onChange?: (from: number, to: number, why: LimitChange) => void;

	constructor(
		private readonly max: number,
		now: number,
	) {
		this.value = Math.min(COLD_START, max);
		this.windowStart = now;
		this.lastActive = now;
	}

	/** The limit now; below 1 a fraction of one request in flight. */
	get current(): number {
		return this.value;
	}

	/**
	 * Requests that may be in flight now: the limit, at least one, but half of it while Oz's
	 * unloaded time is measured anew after a window ends under load, so that those requests
	 * see less of this process's own queue.
	 */
	cap(now: number): number {
		const whole = Math.max(1, Math.floor(this.value));
		return now < this.probeUntil ? Math.max(1, Math.floor(whole / 2)) : whole;
	}

	/** Oz's unloaded time per analysis as seen lately (Infinity before the first answer). */
	get shortest(): number {
		return this.unloaded.value;
	}

	/**
	 * Before a request starts on an idle host: the limit learned earlier decays towards the
	 * cold start with the time the host was idle; after two windows it starts cold again.
	 */
	resume(now: number): void {
		const idle = now - this.lastActive;
		this.lastActive = now;
		if (idle <= 0) return;
		this.rotate(now);
		if (idle > 2 * WINDOW_MS) {
			this.slowStart = true;
			this.measured = false;
		}
		const decayed = COLD_START + (this.value - COLD_START) * 0.5 ** (idle / HALF_LIFE_MS);
		this.set(Math.min(this.max, decayed), 'idle');
	}

	/** A request starts: its ticket joins the open slow-start round. */
	started(): Ticket {
		return { epoch: this.decreases, round: this.rounds.join() };
	}

	/**
	 * A request was answered after `msPerAnalysis` per analysis it started (`latencyMs` in all).
	 * A request started before the last decrease waited in the queue that decrease answered, so
	 * it does not shrink the limit again (as TCP, one decrease per round trip). `limited` says
	 * whether the limit held requests back meanwhile: only then does a fast answer prove that
	 * more would fit.
	 */
	answered(
		ticket: Ticket,
		msPerAnalysis: number,
		latencyMs: number,
		limited: boolean,
		now: number,
	): void {
		this.lastActive = now;
		if (!(msPerAnalysis > 0)) return;
		if (this.rotate(now)) this.probeUntil = now + 2 * latencyMs;
		this.unloaded.add(msPerAnalysis);
		const ratio = msPerAnalysis / this.shortest;
		const queue = this.value * (1 - 1 / ratio);
		const slow = this.slowStart
			? ratio >= SLOW_START_FAST || queue > alpha(this.value)
			: queue > beta(this.value);
		// A gateway that gave up once will again: half its time is slow whatever Oz's unloaded time.
		const ceilingMs = this.ceiling.value;
		const nearGateway = latencyMs > ceilingMs / 2;
		// A slow answer while nothing waits says only that this request was slow (a longer video,
		// another analysis): there is no queue of this process's to shrink.
		if (limited && (ratio > TOO_SLOW || slow || nearGateway)) {
			this.decrease(
				ticket,
				Math.max(ratio, nearGateway ? (TOO_SLOW * latencyMs * 2) / ceilingMs : 0),
				queue,
			);
			return;
		}
		if (this.slowStart) {
			this.roundAnswer(ticket, limited);
		} else if (limited && ratio < FAST && queue < alpha(this.value)) {
			const step = this.value < 1 ? this.value / 4 : 1 / this.value;
			this.set(Math.min(this.max, this.value + step), 'grow');
		}
	}

	/**
	 * Oz pushed back (429, 503) or a gateway gave up (`gatewayMs` after the request started):
	 * halve, once for the requests started before the last decrease, if the limit held
	 * requests back (`limited`).
	 */
	overloaded(ticket: Ticket, now: number, limited: boolean, gatewayMs?: number): void {
		this.lastActive = now;
		// Only a request that waited at Oz can have met a gateway's time limit: a failure as fast
		// as an unloaded answer (an error page, a cut connection) says nothing of one, and taken
		// as one it would make every later answer "near the gateway" (issue #28's soak).
		if (gatewayMs !== undefined && gatewayMs >= TOO_SLOW * this.shortest)
			this.ceiling.add(gatewayMs);
		// As for slow answers: with nothing of this process's waiting, there is nothing to hold back.
		if (!limited || ticket.epoch < this.decreases) return;
		this.decreases++;
		this.slowStart = false;
		this.set(Math.max(MIN, this.value / 2), 'overload');
	}

	/**
	 * An answer lost after `latencyMs` (a gateway's 502 or 504, a cut connection). One that took
	 * long met a time limit while Oz's queue grew: as an overload. One as fast as an unloaded
	 * answer waited in no queue; halving on it would let a few random faults (as TCP over a
	 * lossy link) hold the limit below Oz's slots, so it only leaves its round.
	 */
	lost(ticket: Ticket, now: number, limited: boolean, latencyMs: number): void {
		if (latencyMs >= TOO_SLOW * this.shortest || this.shortest === Infinity)
			this.overloaded(ticket, now, limited, latencyMs);
		else {
			this.lastActive = now;
			this.forget(ticket);
		}
	}

	/** A request that was not measured: it still leaves its round. */
	forget(ticket: Ticket): void {
		if (this.slowStart) this.roundAnswer(ticket, false);
	}

	private decrease(ticket: Ticket, ratio: number, queue: number): void {
		if (ticket.epoch < this.decreases) return;
		this.decreases++;
		// Leaving slow start: to what Oz served without a queue, plus alpha waiting so that a slot
		// never waits for n8n to send the next request. Too slow: towards a delay of 2 × s.
		const target = Math.min(
			this.slowStart
				? Math.min(this.value, this.value - queue + alpha(this.value))
				: this.value - 1 / Math.max(1, this.value),
			ratio > TOO_SLOW ? (this.value * 2) / ratio : Infinity,
		);
		this.slowStart = false;
		this.set(
			Math.max(MIN, this.value / 2, target),
			ratio > TOO_SLOW ? 'slow answers' : 'queue at Oz',
		);
	}

	/** Slow start: a fast answer of its round; the round's last one doubles the limit. */
	private roundAnswer(ticket: Ticket, limited: boolean): void {
		if (!this.rounds.answer(ticket.round, limited)) return;
		if (!this.measured) {
			this.measured = true;
			return;
		}
		this.set(Math.min(this.max, this.value * 2), 'slow start');
	}

	private set(value: number, why: LimitChange): void {
		const from = this.value;
		this.value = value;
		if (Math.floor(from * 100) !== Math.floor(value * 100)) this.onChange?.(from, value, why);
	}

	/** Starts a new window when the current one is over; answers whether it did. */
	private rotate(now: number): boolean {
		const age = now - this.windowStart;
		if (age < WINDOW_MS) return false;
		this.unloaded.rotate(age < 2 * WINDOW_MS);
		this.ceiling.rotate(age < 2 * WINDOW_MS);
		this.windowStart = now;
		return true;
	}
}
