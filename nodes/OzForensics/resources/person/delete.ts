import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField, personIdField } from '../../descriptions/fields';
import { ItemParameters } from '../../request/parameters';
import { deletePaths } from '../../transport/guesses';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';

const showOnlyForDelete = { resource: ['person'], operation: ['delete'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForDelete),
	personIdField(showOnlyForDelete),
];

/** Blacklist Person → Delete (the call is our guess: see transport/guesses.ts). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const personId = parameters.id('personId', 'Person ID');
	await ozClient(this, itemIndex).request({
		method: 'DELETE',
		path: deletePaths.person(collectionId, personId),
	});
	return [
		{
			json: { collection_id: collectionId, person_id: personId, deleted: true },
			pairedItem: { item: itemIndex },
		},
	];
}

export const remove: Operation = { execute };
