/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped: the simulator is a Node.js server */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseMultipart } from './multipart';
import type { ReceivedRequest } from '../types';
import { sendHtml } from './http';

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
}

export class SlotQueue {
	private busy = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly slots: number) {}

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
			const next = this.waiting.shift();
			if (next) next();
			else this.busy--;
		}
	}
}

/** How many analyses a single request asks for (1 when its payload cannot be read). */
async function countAnalyses(request: IncomingMessage, rawBody: Buffer): Promise<number> {
	try {
		const form = await parseMultipart(request, rawBody);
		const analyses = (JSON.parse(form.fields.payload ?? '{}') as { analyses?: unknown }).analyses;
		return Array.isArray(analyses) ? Math.max(1, analyses.length) : 1;
	} catch {
		return 1;
	}
}

/**
 * With the capacity model on, a single request waits for a slot and its analyses' time
 * before it is handled; a gateway timeout answers 504 meanwhile, and the work goes on.
 * Answers whether the gateway gave up on the client.
 */
export async function waitForCapacity(
	model: { settings: CapacitySettings | null; queue?: SlotQueue },
	request: IncomingMessage,
	response: ServerResponse,
	received: ReceivedRequest,
): Promise<() => boolean> {
	const capacity = model.settings;
	const path = received.path.replace(/\/+$/, '');
	if (
		!capacity ||
		request.method !== 'POST' ||
		(path !== '/api/folders' && path !== '/api/instant/folders')
	)
		return () => false;
	if (model.queue?.slots !== capacity.slots) model.queue = new SlotQueue(capacity.slots);
	const analyses = countAnalyses(request, received.rawBody);
	let gaveUp = false;
	const gateway = capacity.gatewayTimeoutMs
		? setTimeout(() => {
				gaveUp = true;
				sendHtml(response, 504);
			}, capacity.gatewayTimeoutMs)
		: undefined;
	await model.queue.run(await analyses, capacity.msPerAnalysis);
	clearTimeout(gateway);
	return () => gaveUp;
}
