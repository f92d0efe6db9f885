import type { IDataObject } from 'n8n-workflow';

import { listItems, listTotal } from './listBody';

/**
 * GUESS(page-size): the largest page asked for. The legacy "folder list" page gives 100 as the
 * default `limit` (the framework refuses more than 5000); whether hosts cap pages lower, and
 * whether the blacklist lists page the same way, no page says.
 */
export const FOLDER_PAGE_SIZE = 100;

export interface ListSearch {
	/** Oz's own filters; a host may apply them loosely or not at all. */
	qs: IDataObject;
	/** The same filters checked here, so a loose host never hands over an entry that does not match. */
	matches: (entry: IDataObject) => boolean;
	/** How many matching entries to return at most (Infinity for all). */
	limit: number;
	/** Pages to read at most: a bound for look-ups on hosts that ignore the filter. */
	maxPages?: number;
	/** Entries per page to ask for; by default as many as are still wanted, up to FOLDER_PAGE_SIZE. */
	pageSize?: number;
}

function keyOf(entry: IDataObject, idField: string): string {
	return typeof entry[idField] === 'string' ? String(entry[idField]) : JSON.stringify(entry);
}

/**
 * Pages through one of Oz's lists with offset/limit and keeps the entries that match. It pages
 * on while pages bring entries not seen before, so it neither stops early on a host that caps
 * pages below the size asked for, nor loops on a host that ignores `offset`; the count, when
 * the answer has one, ends the search too. The folder list's paging is documented (legacy
 * page "Folder [LIST]"); the other lists are taken to page the same way.
 */
export async function pagedList(
	get: (qs: IDataObject) => Promise<unknown>,
	idField: string,
	search: ListSearch,
): Promise<IDataObject[]> {
	const seen = new Set<string>();
	const found: IDataObject[] = [];
	const maxPages = search.maxPages ?? Number.MAX_SAFE_INTEGER;
	let offset = 0;
	for (let page = 0; found.length < search.limit && page < maxPages; page++) {
		const limit = Math.min(search.pageSize ?? search.limit - found.length, FOLDER_PAGE_SIZE);
		const body = await get({ ...search.qs, offset, limit });
		const entries = listItems(body);
		const fresh = entries.filter((entry) => !seen.has(keyOf(entry, idField)));
		if (fresh.length === 0) break;
		for (const entry of fresh) {
			seen.add(keyOf(entry, idField));
			if (found.length < search.limit && search.matches(entry)) found.push(entry);
		}
		offset += entries.length;
		const total = listTotal(body);
		if (total !== undefined && offset >= total) break;
	}
	return found;
}
