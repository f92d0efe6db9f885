import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaRowsField } from '../../descriptions/fields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { buildMediaFromRows } from '../../payload/fromFields';
import type { MediaRows } from '../../payload/types';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import type { PersonRef } from './personRef';
import { personRefFields, readPersonRef } from './personRef';
import { photosRequest } from './photos';

const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['addPhotos'] } },
	[...personRefFields(), mediaRowsField(['photo_selfie'], 'Photos')],
);

interface AddPhotosInput extends PersonRef {
	photos: MediaRows;
}

function readInput(parameters: ItemParameters): AddPhotosInput {
	return {
		...readPersonRef(parameters),
		photos: buildMediaFromRows(parameters.rows('media', 'file')),
	};
}

/** Blacklist Person → Add Photos: POST …/persons/{person_id}/images/, the same multipart as Add. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId, photos } = readInput(new ItemParameters(this, itemIndex));
	const client = new OzClient(this, itemIndex);
	const request = await photosRequest(client, paths.personImages(collectionId, personId), photos);
	const added = await client.request(request);
	const images = Array.isArray(added) ? added : [added];
	return itemsFor(this, itemIndex, { collection_id: collectionId, person_id: personId, images });
}

export const operation = { description, execute, createsAtOz: true } satisfies Operation;
