import type { IncomingMessage, ServerResponse } from 'node:http';

import { readContainer } from '../container/format';
import { parseMultipart } from './multipart';
import type { Json, ReceivedRequest } from '../types';
import { sendHtml, sendJson } from './http';

/**
 * The capacity model: N analysis slots, each analysis holding a slot for a fixed time, and
 * requests queueing for a free slot, as Oz's workers do ("each celery-tfss instance is
 * configured to handle 2 analyses simultaneously"; more requests only wait longer).
 */
export interface CapacitySettings {
	slots: number;
	msPerAnalysis: number;
	/** A gateway in front: after this long the client gets an HTML 504, while Oz finishes the work. */
	gatewayTimeoutMs?: number;
	/** Overload: with this many requests already waiting, the next is refused with 429 and Retry-After, undone. */
	maxQueue?: number;
	/** The Retry-After of that 429, in seconds (default 1). */
	retryAfterSeconds?: number;
	/** Another client starts sharing the instance: after this many requests, only `slots` slots are left. */
	slotsAfter?: { requests: number; slots: number };
	/**
	 * For a while, fewer slots: from `fromMs` after the first single request under these
	 * settings, for `forMs`, at most `slots` (as when half of Oz's workers restart).
	 * GUESS(slot-window): no page says how a host loses and regains workers; a step down and
	 * back up is the simplest shape that makes a queue build and drain.
	 */
	slotsWindow?: { fromMs: number; forMs: number; slots: number };
}

class SlotQueue {
	private busy = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(public slots: number) {}

	get queued(): number {
		return this.waiting.length;
	}

	/** Holds one slot while the request's analyses run one after another. */
	async run(analyses: number, msPerAnalysis: number): Promise<void> {
		if (this.busy >= this.slots) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.busy++;
		}
		try {
			await new Promise((resolve) => setTimeout(resolve, Math.max(1, analyses) * msPerAnalysis));
		} finally {
			this.busy--;
			this.admit();
		}
	}

	/** Fewer slots take effect as running analyses end; more at once. */
	resize(slots: number): void {
		this.slots = slots;
		this.admit();
	}

	private admit(): void {
		while (this.busy < this.slots && this.waiting.length > 0) {
			this.busy++;
			this.waiting.shift()?.();
		}
	}
}

/** A single request's payload: its multipart `payload` part, or its container's. */
async function payloadOf(request: IncomingMessage, rawBody: Buffer): Promise<Json> {
	if ((request.headers['content-type'] ?? '').startsWith('multipart/'))
		return JSON.parse((await parseMultipart(request, rawBody)).fields.payload ?? '{}') as Json;
	return readContainer(rawBody).payload;
}

/** How many analyses a single request asks for (1 when its payload cannot be read). */
async function countAnalyses(request: IncomingMessage, rawBody: Buffer): Promise<number> {
	try {
		const analyses = (await payloadOf(request, rawBody)).analyses;
		return Array.isArray(analyses) ? Math.max(1, analyses.length) : 1;
	} catch {
		return 1;
	}
}

/** Oz's single request (page "Single Request"), or the Instant API's: what starts analyses. */
export function isSingleRequest(method: string | undefined, path: string): boolean {
	const bare = path.replace(/\/+$/, '');
	return method === 'POST' && (bare === '/api/folders' || bare === '/api/instant/folders');
}

/** The capacity model of one simulator: its settings and its queue. */
export interface CapacityModel {
	settings: CapacitySettings | null;
	queue?: SlotQueue;
	/** Single requests taken so far, for `slotsAfter`. */
	taken: number;
	/** Epoch ms of the first single request, from which `slotsWindow` counts. */
	startedAt?: number;
}

/** The slots the model has now: `slots`, fewer after `slotsAfter`, fewer still in `slotsWindow`. */
function slotsNow(model: CapacityModel, capacity: CapacitySettings, now: number): number {
	const after = capacity.slotsAfter;
	const slots = after && model.taken > after.requests ? after.slots : capacity.slots;
	const window = capacity.slotsWindow;
	if (!window || model.startedAt === undefined) return slots;
	const since = now - model.startedAt;
	const inside = since >= window.fromMs && since < window.fromMs + window.forMs;
	return inside ? Math.max(1, Math.min(slots, window.slots)) : slots;
}

/** Resizes the queue when the window opens and closes, whether or not requests arrive then. */
function scheduleWindow(model: CapacityModel, capacity: CapacitySettings): void {
	const window = capacity.slotsWindow;
	if (!window) return;
	const start = model.startedAt ?? Date.now();
	for (const at of [window.fromMs, window.fromMs + window.forMs]) {
		const timer = setTimeout(() => {
			// At least the boundary itself, should the timer fire a millisecond early. A model
			// replaced by new settings keeps its own queue: resizing it is harmless.
			model.queue?.resize(slotsNow(model, capacity, Math.max(Date.now(), start + at)));
		}, at);
		timer.unref();
	}
}

/** A single request under the capacity model: its gateway clock runs from its arrival. */
export interface CapacityTicket {
	/** Waits for a slot and the analyses' time (the payload says how many). */
	run(): Promise<void>;
	/** Whether the gateway has answered 504 meanwhile (Oz goes on with the work). */
	gatewayGaveUp(): boolean;
	/** The request ends without work (e.g. Oz refused its payload): the gateway clock stops. */
	done(): void;
}

/**
 * With the capacity model on, a single request takes a ticket: with `maxQueue`, one that finds
 * the queue full is refused with 429 at once (no work done, `undefined`); otherwise a gateway
 * timeout answers 504 when the request takes too long, while the work goes on. Other requests
 * (and single requests with the model off) get no ticket and are answered at once.
 */
export function enterCapacity(
	model: CapacityModel,
	request: IncomingMessage,
	response: ServerResponse,
	received: ReceivedRequest,
	framework = false,
): CapacityTicket | 'refused' | undefined {
	const capacity = model.settings;
	if (!capacity || !isSingleRequest(request.method, received.path)) return undefined;
	model.taken++;
	if (model.startedAt === undefined) {
		model.startedAt = Date.now();
		scheduleWindow(model, capacity);
	}
	const slots = slotsNow(model, capacity, Date.now());
	if (!model.queue) model.queue = new SlotQueue(slots);
	else if (model.queue.slots !== slots) model.queue.resize(slots);
	if (capacity.maxQueue !== undefined && model.queue.queued >= capacity.maxQueue) {
		// The framework throttles with code 101 and no Retry-After (lamb-core, lamb/exc.py);
		// otherwise Oz's error body with a Retry-After, as a gateway or Oz may send them.
		if (framework) {
			sendJson(response, 429, {
				error_code: 101,
				error_message: 'Too many requests',
				error_details: null,
			});
			return 'refused';
		}
		response.setHeader('retry-after', String(capacity.retryAfterSeconds ?? 1));
		sendJson(response, 429, { error_code: 0, error_message: 'Too many requests', details: null });
		return 'refused';
	}
	let gaveUp = false;
	const gateway = capacity.gatewayTimeoutMs
		? setTimeout(() => {
				gaveUp = true;
				received.gatewayAt = Date.now();
				sendHtml(response, 504);
			}, capacity.gatewayTimeoutMs)
		: undefined;
	const queue = model.queue;
	return {
		run: async () => {
			await queue.run(await countAnalyses(request, received.rawBody), capacity.msPerAnalysis);
			clearTimeout(gateway);
		},
		gatewayGaveUp: () => gaveUp,
		done: () => clearTimeout(gateway),
	};
}
