import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isPlainObject } from '../../../request/json';
import { searchFolders } from '../../../transport/folderSearch';
import {
	FOLDER_PAGE_SIZE,
	LOOKUP_MAX_PAGES,
	LOOKUP_WINDOW_SECONDS,
	toUnixSeconds,
} from '../../../transport/guesses';

/** A folder metadata entry the node wrote to find its folder again: Safe Retry's id or an Idempotency Key. */
export interface FolderMarker {
	key: string;
	value: string;
}

/**
 * A folder whose metadata holds the marker, created since `sinceMs`. Only an exact
 * match counts, since a host may apply the metadata filter loosely or not at all; the time
 * bound is what the page "Security Recommendations" advises for this look-up.
 */
export async function findMarkedFolder(
	ctx: IExecuteFunctions,
	marker: FolderMarker,
	sinceMs: number,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const [folder] = await searchFolders(ctx, itemIndex, {
		qs: {
			meta_data: `${marker.key}==${marker.value}`,
			with_analyses: true,
			'time_created.min': toUnixSeconds(sinceMs) - LOOKUP_WINDOW_SECONDS,
			'time_created.max': toUnixSeconds(Date.now()) + LOOKUP_WINDOW_SECONDS,
		},
		matches: (candidate) =>
			isPlainObject(candidate.meta_data) && candidate.meta_data[marker.key] === marker.value,
		limit: 1,
		pageSize: FOLDER_PAGE_SIZE,
		maxPages: LOOKUP_MAX_PAGES,
	});
	return folder;
}
