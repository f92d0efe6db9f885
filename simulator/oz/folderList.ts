import type { Json } from '../types';
import type { FolderContext } from './folders';
import { folderView } from './folders';
import { OzErrorCode } from './ozError';
import { invalid } from './payload';

/** The framework's comparison operators, in the order it tries them (lamb-core, lamb/utils/filters.py). */
const FRAMEWORK_OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const;

function valueAt(meta: unknown, path: string): unknown {
	let current = meta;
	for (const part of path.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Json)[part];
	}
	return current;
}

/**
 * The framework's `meta_data` grammar (lamb-core, lamb/utils/filters.py): the values are
 * joined and split on commas; each piece is `key.path OP value`, split on the first operator
 * that gives exactly two non-empty parts, else error code 3. `null` means no value; values
 * compare as text (numbers as numbers for <, >).
 */
function frameworkMetadataFilter(filters: string[]): (folder: Json) => boolean {
	const tests = filters
		.join(',')
		.split(',')
		.map((piece) => {
			for (const op of FRAMEWORK_OPERATORS) {
				const parts = piece.split(op);
				if (parts.length === 2 && parts[0] !== '' && parts[1] !== '')
					return { path: parts[0], op, value: parts[1] };
			}
			throw invalid(
				OzErrorCode.INVALID_STRUCTURE,
				'Could not parse json field request descriptor',
				{ meta_data: piece },
			);
		});
	return (folder) =>
		tests.every(({ path, op, value }) => {
			const actual = valueAt(folder.meta_data, path);
			const text =
				actual === undefined || actual === null
					? 'null'
					: typeof actual === 'string'
						? actual
						: JSON.stringify(actual);
			if (op === '==') return text === value;
			if (op === '!=') return text !== value;
			const [a, b] = [Number(text), Number(value)];
			if (op === '<=') return a <= b;
			if (op === '>=') return a >= b;
			return op === '<' ? a < b : a > b;
		});
}

/** Legacy page "Folder [LIST]": `meta_data=key==value` or `key!=value`, called a text search there. */
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
 * timestamps; resolution_status, the processing stage per page "Statuses in API").
 * GUESS(decision-filter): the decision filter `system_resolution`. Host quirks can loosen each of them.
 */
export function listFolders(
	ctx: FolderContext,
	query: Record<string, string>,
	metaData: string[] = query.meta_data ? [query.meta_data] : [],
): Json {
	const { quirks } = ctx;
	const withAnalyses = query.with_analyses === 'true';
	const limitAsked = Number(query.limit ?? 100);
	if (quirks.framework && limitAsked > 5000)
		throw invalid(OzErrorCode.INVALID_VALUE, 'Invalid value for limit: at most 5000', {
			limit: limitAsked,
		});
	// Newest first unless `sorting` says otherwise, as the node takes Oz's folder list (lamb leaves
	// the default order to each list: docs/oz-facts.md#lists).
	let folders = [...ctx.store.folders.values()].reverse().map((f) => folderView(ctx, f, true));
	if (quirks.listWhenAnalysed)
		folders = folders.filter((f) => f.resolution_status !== 'PROCESSING');
	if (metaData.length > 0 && !quirks.ignoreMetadataFilter)
		folders = folders.filter(
			quirks.framework ? frameworkMetadataFilter(metaData) : metadataFilter(metaData[0]),
		);
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
	const limit = Math.min(limitAsked === -1 ? Infinity : limitAsked, quirks.pageCap ?? Infinity);
	const items = folders
		.slice(offset, offset + limit)
		.map((f) => (withAnalyses ? f : { ...f, analyses: undefined }));
	// The framework's list shape (lamb-core, lamb/settings.py); page "Quantitative Results" shows
	// {"items": [...]}.
	if (quirks.framework) return { offset, limit: limitAsked, total_count: folders.length, items };
	// GUESS(list-count): no count, unless a quirk sends one.
	return quirks.listTotal ? { total: folders.length, items } : { items };
}
