import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { OzInputError } from '../../../request/inputError';
import { IDEMPOTENCY_FIELD } from '../../../transport/guesses';
import { DEFAULT_POLL_SECONDS, settledFolder } from '../../analysis/settle';
import type { RunContext } from '../../types';
import type { FolderMarker } from './lookup';
import { findMarkedFolder } from './lookup';

export interface Idempotency {
	marker: FolderMarker;
	windowHours: number;
	timeoutSeconds: number;
}

/** The option's value as a key: text or a number; empty means no key. */
export function readIdempotencyKey(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new OzInputError(
			'"Idempotency Key" is not text',
			'Idempotency Key',
			'Use a single value that names the check, e.g. {{ $json.body.applicationId }}',
		);
	}
	const key = String(value).trim();
	return key === '' ? undefined : key;
}

export function idempotencyMarker(key: string): FolderMarker {
	return { key: IDEMPOTENCY_FIELD, value: key };
}

/**
 * One folder per key: a folder Oz already holds with this key is returned (once its analyses
 * are done) and nothing is sent. Items of one run with the same key share one attempt, since
 * a look-up cannot see a folder that another item's request is still creating.
 */
export async function reuseOrSend(
	ctx: IExecuteFunctions,
	idempotency: Idempotency,
	run: RunContext,
	itemIndex: number,
	send: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const key = idempotency.marker.value;
	for (let pending = run.idempotent.get(key); pending; pending = run.idempotent.get(key)) {
		const earlier = await pending.catch(() => undefined);
		if (earlier) return earlier;
		// That item failed: this one tries for itself.
		if (run.idempotent.get(key) === pending) run.idempotent.delete(key);
	}
	const attempt = (async () => {
		const deadline = Date.now() + idempotency.timeoutSeconds * 1000;
		const since = Date.now() - idempotency.windowHours * 3600_000;
		const found = await findMarkedFolder(ctx, idempotency.marker, since, itemIndex);
		if (!found) return await send();
		const wait = { intervalMs: DEFAULT_POLL_SECONDS * 1000, deadline };
		return await settledFolder(ctx, found, wait, itemIndex);
	})();
	run.idempotent.set(key, attempt);
	return await attempt;
}
