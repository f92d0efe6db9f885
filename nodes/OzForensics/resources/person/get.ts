import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField, personIdField, simplifyField } from '../../descriptions/fields';
import { simplifyPerson } from '../../output/persons';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../ozApi';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';

const showOnlyForGet = { resource: ['person'], operation: ['get'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForGet),
	personIdField(showOnlyForGet),
	simplifyField(showOnlyForGet),
];

/** Blacklist Person → Get: GET /api/collections/{collection_id}/persons/{person_id}. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const personId = parameters.id('personId', 'Person ID');
	const simplify = parameters.boolean('simplify');
	const person = await ozClient(this, itemIndex).object({
		method: 'GET',
		path: paths.person(collectionId, personId),
	});
	return [{ json: simplify ? simplifyPerson(person) : person, pairedItem: { item: itemIndex } }];
}

export const get: Operation = { execute };
