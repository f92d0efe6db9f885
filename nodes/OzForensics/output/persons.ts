import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { paths } from '../ozApi';
import type { OzClient } from '../transport/client';
import { blacklistHits, objects } from './simplify';

/** A person's name, metadata and number of photos, instead of Oz's full person. */
export function simplifyPerson(person: IDataObject): IDataObject {
	const meta = isPlainObject(person.meta_data) ? person.meta_data : {};
	const info = isPlainObject(meta.person_info) ? meta.person_info : {};
	const name = ['first_name', 'middle_name', 'last_name']
		.map((key) => info[key])
		.filter((part) => typeof part === 'string' && part);
	return {
		person_id: person.person_id ?? null,
		collection_id: person.collection_id ?? null,
		name: name.length ? name.join(' ') : null,
		meta_data: meta,
		photos: Array.isArray(person.images) ? person.images.length : null,
	};
}

/** Persons fetched in this run, so a person who matches many items is fetched once (failures are not kept). */
export type PersonCache = Map<string, Promise<IDataObject>>;

/**
 * "Resolve Matched Persons": each blacklist hit's person, fetched as page "Collection (1:N)
 * Check" says (GET /api/collections/{collection_id}/persons/{person_id}), with their name and
 * metadata, as `matched_persons` on the items (with Split Into Items, on the analysis' item).
 */
export async function addMatchedPersons(
	client: OzClient,
	folder: IDataObject,
	items: INodeExecutionData[],
	cache: PersonCache,
	split: boolean,
): Promise<INodeExecutionData[]> {
	const analyses = objects(folder.analyses);
	for (const [index, item] of items.entries()) {
		// With Split Into Items, one item per analysis in the same order (a folder without analyses keeps its one item).
		const hits = (split ? [analyses[index]].filter(Boolean) : analyses).flatMap(blacklistHits);
		if (hits.length === 0) continue;
		item.json.matched_persons = await Promise.all(
			hits.map(async (hit) => {
				const key = `${hit.collection_id}/${hit.person_id}`;
				if (!cache.has(key)) {
					const path = paths.person(String(hit.collection_id), String(hit.person_id));
					const fetched = client.object({ method: 'GET', path });
					cache.set(key, fetched);
					// A failed look-up is not kept: one passing fault must not fail the person for every later item.
					fetched.catch(() => {
						if (cache.get(key) === fetched) cache.delete(key);
					});
				}
				return {
					...hit,
					...simplifyPerson({
						collection_id: hit.collection_id,
						...(await (cache.get(key) as Promise<IDataObject>)),
					}),
				};
			}),
		);
	}
	return items;
}
