import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../output/items';
import { ItemParameters } from '../../input/parameters';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { PersonRef } from './personRef';
import { personRefFields, readPersonRef } from './personRef';

export const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['delete'] } },
	personRefFields(),
);

type DeletePersonInput = PersonRef;

function readInput(parameters: ItemParameters): DeletePersonInput {
	return readPersonRef(parameters);
}

/** Blacklist Person → Delete (the call is a guess: `paths` in ozApi.ts). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { collectionId, personId } = readInput(new ItemParameters(this, itemIndex));
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
