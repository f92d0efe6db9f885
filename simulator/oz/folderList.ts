import type { Json } from '../types';
import type { FolderContext } from './folders';
import { folderView } from './folders';
import { OzErrorCode } from './ozError';
import { invalid } from './payload';

/** Legacy page "folder list": `meta_data=key==value` or `key!=value`, called a text search there. */
function metadataFilter(filter: string): (folder: Json) => boolean {
	const match = /^([^=!]+)(==|!=)(.*)$/.exec(filter);
	if (!match)
		throw invalid(
			OzErrorCode.INVALID_VALUE,
			'meta_data filter must look like key==value or key!=value',
		);
	const [, key, op, value] = match;
	return (folder) => {
		const actual = String((folder.meta_data as Json)[key] ?? '');
		return op === '==' ? actual === value : actual !== value;
	};
}

/**
 * GET /api/folders/ with the legacy "folder list" page's paging (offset, default 0; limit,
 * default 100) and filters (meta_data; time_created and time_updated .min/.max as Unix
 * timestamps; resolution_status, the processing stage per page "Statuses in API"). The
 * decision filter `system_resolution` is our guess. Host quirks can loosen each of them.
 */
export function listFolders(ctx: FolderContext, query: Record<string, string>): Json {
	const { quirks } = ctx;
	const withAnalyses = query.with_analyses === 'true';
	let folders = [...ctx.store.folders.values()].map((f) => folderView(ctx, f, true));
	if (query.meta_data && !quirks.ignoreMetadataFilter)
		folders = folders.filter(metadataFilter(query.meta_data));
	const range = (field: string) => {
		const min = query[`${field}.min`];
		const max = query[`${field}.max`];
		if (min !== undefined) folders = folders.filter((f) => (f[field] as number) >= Number(min));
		if (max !== undefined) folders = folders.filter((f) => (f[field] as number) <= Number(max));
	};
	range('time_created');
	range('time_updated');
	if (!quirks.ignoreStatusFilters) {
		if (query.resolution_status)
			folders = folders.filter((f) => f.resolution_status === query.resolution_status);
		if (query.system_resolution)
			folders = folders.filter((f) => f.system_resolution === query.system_resolution);
	}
	const offset = quirks.ignoreOffset ? 0 : Number(query.offset ?? 0);
	const limit = Math.min(Number(query.limit ?? 100), quirks.pageCap ?? Infinity);
	const items = folders
		.slice(offset, offset + limit)
		.map((f) => (withAnalyses ? f : { ...f, analyses: undefined }));
	// Page "Quantitative Results" shows the list as {"items": [...]}; no page shows a count.
	return quirks.listTotal ? { total: folders.length, items } : { items };
}
