import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import { personRefFields, readPersonRef } from './personRef';

const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['delete'] } },
	personRefFields(),
);

/** Blacklist Person → Delete (the call is a guess: `paths` in ozApi.ts). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId } = readPersonRef(new ItemParameters(this, itemIndex));
	await new OzClient(this, itemIndex).request({
		method: 'DELETE',
		path: paths.deletePerson(collectionId, personId),
	});
	return itemsFor(this, itemIndex, {
		collection_id: collectionId,
		person_id: personId,
		deleted: true,
	});
}

export const operation = { description, execute } satisfies Operation;
