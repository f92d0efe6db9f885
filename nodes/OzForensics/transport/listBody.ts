import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../input/json';

/**
 * GUESS(list-shape): the entries of one of Oz's lists. Lists come as `{items: [...]}` (page
 * "Quantitative Results") or, from Oz's iOS SDK's reading of the collections list, a bare
 * array (docs/oz-facts.md#collections-list); which a given host sends, no page says.
 */
export function listItems(body: unknown): IDataObject[] {
	const list = Array.isArray(body)
		? body
		: isPlainObject(body) && Array.isArray(body.items)
			? body.items
			: [];
	return list.filter(isPlainObject);
}

/**
 * GUESS(list-shape): how many entries the list holds in all: `total_count`, the framework's
 * name (lamb-core, lamb/settings.py), or `total`, which no page shows but a host may send.
 */
export function listTotal(body: unknown): number | undefined {
	if (!isPlainObject(body)) return undefined;
	const total = body.total_count ?? body.total;
	return typeof total === 'number' ? total : undefined;
}
