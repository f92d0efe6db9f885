import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionIdField, personIdField } from '../../descriptions/fields';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import { paths } from '../../ozApi';
import type { Operation } from '../types';

const showOnlyForGetPhotos = { resource: ['person'], operation: ['getPhotos'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForGetPhotos),
	personIdField(showOnlyForGetPhotos),
];

/** Blacklist Person → Get Photos: GET …/persons/{person_id}/images/, one item per photo. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const personId = parameters.id('personId', 'Person ID');
	const photos = await ozClient(this, itemIndex).list(
		paths.personImages(collectionId, personId),
		'media_id',
		{ qs: {}, matches: () => true, limit: Infinity },
	);
	return photos.map((photo) => ({
		json: { collection_id: collectionId, person_id: personId, ...photo },
		pairedItem: { item: itemIndex },
	}));
}

export const getPhotos: Operation = { execute };
