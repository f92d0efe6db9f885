import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import type { OzRequest } from '../../../transport/request';
import { ozApiObject } from '../../../transport/request';
import type { FolderMarker } from './lookup';
import { findMarkedFolder } from './lookup';

/** A timeout, a dropped connection or a 5xx: Oz may or may not have created the folder. */
function outcomeUnknown(error: unknown): boolean {
	return error instanceof NodeError && error.context.outcomeUnknown === true;
}

/**
 * Safe Retry: the request carries a marker in its folder metadata (a unique request id, or the
 * Idempotency Key). When the answer is lost, the folder is looked up by that marker; only if
 * none exists is the request sent again.
 */
export async function sendWithSafeRetry(
	ctx: IExecuteFunctions,
	request: OzRequest,
	marker: FolderMarker,
	itemIndex: number,
): Promise<IDataObject> {
	const sentAt = Date.now();
	let failure: unknown;
	try {
		return await ozApiObject(ctx, request, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (!outcomeUnknown(failure)) throw failure;
	return (
		(await findMarkedFolder(ctx, marker, sentAt, itemIndex)) ??
		(await ozApiObject(ctx, request, itemIndex))
	);
}
