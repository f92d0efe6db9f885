import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyPerson } from '../output/persons';
import { OZ_ID, paths } from '../ozApi';
import { matchesFilter, ozListPage } from './ozListPage';

/** The Person picker: the persons of the collection chosen above, by name. */
export async function searchPersons(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const chosen = this.getCurrentNodeParameter('collectionId', { extractValue: true });
	const collectionId = typeof chosen === 'string' ? chosen.trim() : '';
	if (!collectionId)
		throw new NodeOperationError(this.getNode(), 'Choose the collection first', {
			description: 'The persons listed here are those of the collection chosen above',
		});
	// The editor does not resolve an expression for a list: there is no item to resolve it with.
	if (!OZ_ID.test(collectionId))
		throw new NodeOperationError(this.getNode(), 'The collection is not an Oz ID here', {
			description:
				'To pick a person from the list, choose the collection From List or enter its ID; an expression is only resolved when the workflow runs',
		});
	const page = await ozListPage(this, paths.persons(collectionId), paginationToken);
	return {
		results: page.entries
			.map(simplifyPerson)
			.filter((person) => matchesFilter(filter, [person.name, person.person_id]))
			.map((person) => ({
				name: String(person.name ?? person.person_id),
				value: String(person.person_id),
			})),
		paginationToken: page.next,
	};
}
