import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { paths } from '../ozApi';
import { matchesFilter, ozListPage } from './ozListPage';

/** The Collection picker: the blacklist collections the credential's user can see, by alias. */
export async function searchCollections(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await ozListPage(this, paths.collections, paginationToken);
	return {
		results: page.entries
			.filter((collection) => matchesFilter(filter, [collection.alias, collection.collection_id]))
			.map((collection) => ({
				name: String(collection.alias ?? collection.collection_id),
				value: String(collection.collection_id),
			})),
		paginationToken: page.next,
	};
}
