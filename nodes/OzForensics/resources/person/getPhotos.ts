import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import { personRefFields, readPersonRef } from './personRef';

const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['getPhotos'] } },
	personRefFields(),
);

/** Blacklist Person → Get Photos: GET …/persons/{person_id}/images/, one item per photo. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId } = readPersonRef(new ItemParameters(this, itemIndex));
	const photos = await new OzClient(this, itemIndex).list(
		paths.personImages(collectionId, personId),
		'media_id',
		{ qs: {}, matches: () => true, limit: Infinity },
	);
	return itemsFor(
		this,
		itemIndex,
		photos.map((photo) => ({ collection_id: collectionId, person_id: personId, ...photo })),
	);
}

export const operation = { description, execute } satisfies Operation;
