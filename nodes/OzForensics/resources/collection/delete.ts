import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField } from '../../descriptions/fields';
import { ItemParameters } from '../../request/parameters';
import { deletePaths } from '../../transport/guesses';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';

const showOnlyForDelete = { resource: ['collection'], operation: ['delete'] };

export const properties: INodeProperties[] = [collectionIdField(showOnlyForDelete)];

/** Blacklist Collection → Delete (the call is our guess: see transport/guesses.ts). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const collectionId = new ItemParameters(this, itemIndex).id('collectionId', 'Collection ID');
	await ozClient(this, itemIndex).request({
		method: 'DELETE',
		path: deletePaths.collection(collectionId),
	});
	return [
		{ json: { collection_id: collectionId, deleted: true }, pairedItem: { item: itemIndex } },
	];
}

export const remove: Operation = { execute };
