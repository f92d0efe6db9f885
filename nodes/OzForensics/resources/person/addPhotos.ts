import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField, mediaRowsField, personIdField } from '../../descriptions/fields';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../ozApi';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';
import { photosRequest } from './photos';

const showOnlyForAddPhotos = { resource: ['person'], operation: ['addPhotos'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForAddPhotos),
	personIdField(showOnlyForAddPhotos),
	mediaRowsField(showOnlyForAddPhotos, ['photo_selfie'], 'Photos'),
];

/** Blacklist Person → Add Photos: POST …/persons/{person_id}/images/, the same multipart as Add. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const personId = parameters.id('personId', 'Person ID');
	const request = await photosRequest(
		this,
		parameters,
		itemIndex,
		paths.personImages(collectionId, personId),
	);
	const added = await ozClient(this, itemIndex).request(request);
	const images = Array.isArray(added) ? added : [added];
	return [
		{
			json: { collection_id: collectionId, person_id: personId, images },
			pairedItem: { item: itemIndex },
		},
	];
}

export const addPhotos: Operation = { execute, createsAtOz: true };
