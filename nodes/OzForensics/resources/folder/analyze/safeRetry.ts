import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { isPlainObject } from '../../../request/json';
import { searchFolders } from '../../../transport/folderSearch';
import {
	FOLDER_PAGE_SIZE,
	LOOKUP_MAX_PAGES,
	LOOKUP_WINDOW_SECONDS,
	SAFE_RETRY_KEY,
	toUnixSeconds,
} from '../../../transport/guesses';
import type { OzRequest } from '../../../transport/request';
import { ozApiObject } from '../../../transport/request';

/** A timeout, a dropped connection or a 5xx: Oz may or may not have created the folder. */
function outcomeUnknown(error: unknown): boolean {
	return error instanceof NodeError && error.context.outcomeUnknown === true;
}

/**
 * The folder a lost request created, if any: looked up by the request id in its metadata.
 * Only an exact match counts, since a host may apply the metadata filter loosely or not at
 * all; the time window is the one the page "Security Recommendations" advises.
 */
async function findCreatedFolder(
	ctx: IExecuteFunctions,
	requestId: string,
	sentAt: number,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const [folder] = await searchFolders(ctx, itemIndex, {
		qs: {
			meta_data: `${SAFE_RETRY_KEY}==${requestId}`,
			with_analyses: true,
			'time_created.min': toUnixSeconds(sentAt) - LOOKUP_WINDOW_SECONDS,
			'time_created.max': toUnixSeconds(Date.now()) + LOOKUP_WINDOW_SECONDS,
		},
		matches: (candidate) =>
			isPlainObject(candidate.meta_data) && candidate.meta_data[SAFE_RETRY_KEY] === requestId,
		limit: 1,
		pageSize: FOLDER_PAGE_SIZE,
		maxPages: LOOKUP_MAX_PAGES,
	});
	return folder;
}

/**
 * Safe Retry: the request carries a unique id in its folder metadata. When the answer is
 * lost, the folder is looked up by that id; only if none exists is the request sent again.
 */
export async function sendWithSafeRetry(
	ctx: IExecuteFunctions,
	request: OzRequest,
	requestId: string,
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
		(await findCreatedFolder(ctx, requestId, sentAt, itemIndex)) ??
		(await ozApiObject(ctx, request, itemIndex))
	);
}
