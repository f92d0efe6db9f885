import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { paths } from '../ozApi';
import { matchesFilter, ozListPage } from './ozListPage';

/** How a folder reads in the picker: when it was made, its decision, its ID. */
function folderName(folder: IDataObject): string {
	// Oz's Timestamp: UNIX seconds in the list's filters, so taken as either those or ISO text.
	const created = folder.time_created;
	const when =
		typeof created === 'number'
			? new Date(created * 1000)
			: typeof created === 'string'
				? new Date(created)
				: undefined;
	const parts = [
		when && !Number.isNaN(when.getTime()) ? when.toISOString().slice(0, 16).replace('T', ' ') : '',
		typeof folder.system_resolution === 'string' ? folder.system_resolution : '',
		String(folder.folder_id),
	];
	return parts.filter(Boolean).join(' · ');
}

/**
 * The Folder picker: the most recent folders, newest first (Oz's lists are newest first unless
 * told otherwise: docs/oz-facts.md#lists). The search text is matched against the
 * folder ID and the folder's metadata values, e.g. a transaction ID.
 */
export async function searchFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await ozListPage(this, paths.folders, paginationToken);
	return {
		results: page.entries
			.filter((folder) =>
				matchesFilter(filter, [
					folder.folder_id,
					...(isPlainObject(folder.meta_data) ? Object.values(folder.meta_data) : []),
				]),
			)
			.map((folder) => ({ name: folderName(folder), value: String(folder.folder_id) })),
		paginationToken: page.next,
	};
}
