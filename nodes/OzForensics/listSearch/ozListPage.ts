import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { listItems, listTotal } from '../transport/listBody';
import { ozApiRequest } from '../transport/request';

/** Entries the editor's pickers show per page. */
const PICKER_PAGE_SIZE = 50;

/** How long a picker waits for Oz: the editor is waiting too. */
const PICKER_TIMEOUT_SECONDS = 30;

export interface ListPage {
	entries: IDataObject[];
	/** The offset of the next page, as n8n's pagination token; absent on the last page. */
	next?: string;
}

/**
 * One page of one of Oz's lists, for a picker in the editor, through the node's one transport:
 * reads are tried again after gateway trouble, an expired session is renewed, and Oz's errors
 * (and a host without the blacklist module) are told as in a run.
 */
export async function ozListPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	paginationToken?: string,
	qs: IDataObject = {},
): Promise<ListPage> {
	const offset = Number(paginationToken ?? 0) || 0;
	const body = await ozApiRequest(
		ctx,
		{
			method: 'GET',
			path,
			qs: { ...qs, offset, limit: PICKER_PAGE_SIZE },
			timeoutSeconds: PICKER_TIMEOUT_SECONDS,
		},
		0,
	);
	const entries = listItems(body);
	const total = listTotal(body);
	const end = offset + entries.length;
	const more = entries.length === PICKER_PAGE_SIZE && (total === undefined || end < total);
	return { entries, next: more ? String(end) : undefined };
}

/** Whether the picker's search text is in any of the entry's texts (case-insensitive). */
export function matchesFilter(filter: string | undefined, texts: unknown[]): boolean {
	const wanted = filter?.trim().toLowerCase();
	if (!wanted) return true;
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted));
}
