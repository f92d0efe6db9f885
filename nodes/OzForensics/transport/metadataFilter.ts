import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../input/json';

/** A key-and-value test on folder metadata, written as Oz's filter: `key==value` or `key!=value`. */
export interface MetadataFilter {
	key: string;
	equal: boolean;
	value: string;
}

export function parseMetadataFilter(text: string): MetadataFilter | undefined {
	const match = /^([^=!]+?)\s*(==|!=)\s*(.*)$/.exec(text.trim());
	return match ? { key: match[1].trim(), equal: match[2] === '==', value: match[3] } : undefined;
}

/**
 * GUESS(metadata-filter): exact, on the top-level key. Oz calls its filter a text search, which
 * may match more; how loosely hosts match, no page says, so the node checks every folder itself.
 */
export function metadataMatches(folder: IDataObject, filter: MetadataFilter): boolean {
	const meta = isPlainObject(folder.meta_data) ? folder.meta_data : {};
	const actual = Object.prototype.hasOwnProperty.call(meta, filter.key)
		? meta[filter.key]
		: undefined;
	const same = actual !== undefined && actual !== null && String(actual) === filter.value;
	return filter.equal ? same : !same;
}

/**
 * What in a filter value Oz's search would misread, if anything. The framework Oz API is built
 * on splits the `meta_data` filter on commas and splits each piece on its operator, so a comma
 * or a second == breaks it (lamb-core, `lamb/utils/filters.py`, on GitHub).
 */
export function unsafeFilterValue(value: string): string | undefined {
	if (value.includes(',')) return 'a comma (,)';
	if (value.includes('==')) return 'a second ==';
	return undefined;
}
