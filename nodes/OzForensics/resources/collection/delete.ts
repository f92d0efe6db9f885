import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectionIdField } from '../../descriptions/locatorFields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const description = updateDisplayOptions(
	{ show: { resource: ['collection'], operation: ['delete'] } },
	[collectionIdField()],
);

interface DeleteCollectionInput {
	collectionId: string;
}

function readInput(parameters: ItemParameters): DeleteCollectionInput {
	return { collectionId: parameters.pickedId('collectionId', 'Collection') };
}

/** Blacklist Collection → Delete (the call is a guess: `paths` in ozApi.ts). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId } = readInput(new ItemParameters(this, itemIndex));
	await new OzClient(this, itemIndex).request({
		method: 'DELETE',
		path: paths.deleteCollection(collectionId),
	});
	return itemsFor(this, itemIndex, { collection_id: collectionId, deleted: true });
}

export const operation = { description, execute } satisfies Operation;
