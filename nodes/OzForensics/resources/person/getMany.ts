import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField, pagingFields, simplifyField } from '../../descriptions/fields';
import { simplifyPerson } from '../../output/persons';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import { paths } from '../../ozApi';
import type { Operation } from '../types';

const showOnlyForGetMany = { resource: ['person'], operation: ['getMany'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForGetMany),
	...pagingFields(showOnlyForGetMany),
	simplifyField(showOnlyForGetMany),
];

/** Blacklist Person → Get Many: GET /api/collections/{collection_id}/persons/, one item per person. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const limit = parameters.pageLimit();
	const simplify = parameters.boolean('simplify');
	const persons = await ozClient(this, itemIndex).list(paths.persons(collectionId), 'person_id', {
		qs: {},
		matches: () => true,
		limit,
	});
	return persons.map((person) => ({
		json: simplify ? simplifyPerson(person) : person,
		pairedItem: { item: itemIndex },
	}));
}

export const getMany: Operation = { execute };
