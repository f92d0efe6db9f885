import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FOLDER_PAGE_SIZE, folderListItems, folderListTotal } from './guesses';
import { isPlainObject } from '../request/json';
import { paths } from './ozApi';
import { ozApiObject, ozApiRequest } from './request';

export interface FolderSearch {
	/** Oz's own filters (legacy "folder list" page); a host may apply them loosely or not at all. */
	qs: IDataObject;
	/** The same filters checked here, so a loose host never hands over a folder that does not match. */
	matches: (folder: IDataObject) => boolean;
	/** How many matching folders to return at most (Infinity for all). */
	limit: number;
	/** Pages to read at most: a bound for look-ups on hosts that ignore the filter. */
	maxPages?: number;
	/** Folders per page to ask for; by default as many as are still wanted, up to FOLDER_PAGE_SIZE. */
	pageSize?: number;
}

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

/** Exact, on the top-level key: Oz calls its filter a text search, which may match more. */
export function metadataMatches(folder: IDataObject, filter: MetadataFilter): boolean {
	const meta = isPlainObject(folder.meta_data) ? folder.meta_data : {};
	const actual = Object.prototype.hasOwnProperty.call(meta, filter.key)
		? meta[filter.key]
		: undefined;
	const same = actual !== undefined && actual !== null && String(actual) === filter.value;
	return filter.equal ? same : !same;
}

function keyOf(entry: IDataObject, idField: string): string {
	return typeof entry[idField] === 'string' ? String(entry[idField]) : JSON.stringify(entry);
}

/** One folder with its analyses (legacy page "Folder [SINGLE]": `with_analyses=true`). */
export async function getFolder(
	ctx: IExecuteFunctions,
	folderId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await ozApiObject(
		ctx,
		{ method: 'GET', path: paths.folder(folderId), qs: { with_analyses: true } },
		itemIndex,
	);
}

/**
 * Pages through the folder list with offset/limit and keeps the folders that match. It pages on
 * while pages bring folders not seen before, so it neither stops early on a host that caps
 * pages below the size asked for, nor loops on a host that ignores `offset`; `total`, when the
 * answer has it, ends the search too.
 */
export async function searchFolders(
	ctx: IExecuteFunctions,
	itemIndex: number,
	search: FolderSearch,
): Promise<IDataObject[]> {
	return await searchList(ctx, itemIndex, paths.folders, 'folder_id', search);
}

/**
 * The same paging for Oz's other lists (collections, persons, photos), whose pages no doc
 * shows: taken to work like the folder list (our guess).
 */
export async function searchList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	idField: string,
	search: FolderSearch,
): Promise<IDataObject[]> {
	const seen = new Set<string>();
	const found: IDataObject[] = [];
	const maxPages = search.maxPages ?? Number.MAX_SAFE_INTEGER;
	let offset = 0;
	for (let page = 0; found.length < search.limit && page < maxPages; page++) {
		const limit = Math.min(search.pageSize ?? search.limit - found.length, FOLDER_PAGE_SIZE);
		const body = await ozApiRequest(
			ctx,
			{ method: 'GET', path, qs: { ...search.qs, offset, limit } },
			itemIndex,
		);
		const entries = folderListItems(body);
		const fresh = entries.filter((entry) => !seen.has(keyOf(entry, idField)));
		if (fresh.length === 0) break;
		for (const entry of fresh) {
			seen.add(keyOf(entry, idField));
			if (found.length < search.limit && search.matches(entry)) found.push(entry);
		}
		offset += entries.length;
		const total = folderListTotal(body);
		if (total !== undefined && offset >= total) break;
	}
	return found;
}
