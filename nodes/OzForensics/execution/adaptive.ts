import { NodeError } from 'n8n-workflow';

import type { OzRequest } from '../transport/request';
import type { ConcurrencyLimit } from './concurrencyLimit';

/** Statuses and failures that mean Oz, or a gateway in front of it, is overloaded. */
function isOverload(error: unknown): boolean {
	if (!(error instanceof NodeError)) return false;
	const status = 'httpCode' in error ? Number(error.httpCode) : NaN;
	return [429, 503, 504].includes(status) || error.context.retryable === true;
}

/**
 * Sends a request that starts `analyses` analyses and tells the adaptive limit (Concurrency
 * "Auto") how long it took per analysis, or that Oz pushed back. Without a limit it only sends.
 */
export async function sendMeasured<T>(
	limit: ConcurrencyLimit | undefined,
	analyses: number,
	request: OzRequest,
	send: (request: OzRequest) => Promise<T>,
): Promise<T> {
	if (!limit) return await send(request);
	let pushedBack = false;
	const epoch = limit.epoch;
	const measured: OzRequest = {
		...request,
		onOverload: () => {
			pushedBack = true;
			limit.overloaded(epoch);
		},
	};
	const started = Date.now();
	let failure: unknown;
	try {
		const answer = await send(measured);
		// A request that waited out a 429 says nothing about Oz's speed.
		if (!pushedBack) limit.answered((Date.now() - started) / Math.max(1, analyses), epoch);
		return answer;
	} catch (error) {
		failure = error;
	}
	if (isOverload(failure)) limit.overloaded(epoch);
	throw failure;
}
