import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { operation as add } from './add';
import { operation as addPhotos } from './addPhotos';
import { operation as remove } from './delete';
import { operation as get } from './get';
import { operation as getMany } from './getMany';
import { operation as getPhotos } from './getPhotos';
import { operation as updateMetadata } from './updateMetadata';

const showOnlyForPerson = { resource: ['person'] };

export const personOperations: Record<string, Operation> = {
	add,
	addPhotos,
	get,
	getMany,
	getPhotos,
	delete: remove,
	updateMetadata,
};

export const personDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForPerson },
		options: [
			{
				name: 'Add',
				value: 'add',
				action: 'Add a person to a blacklist collection',
				description: 'Add a person with one or more photos, and their name',
			},
			{
				name: 'Add Photos',
				value: 'addPhotos',
				action: 'Add photos of a blacklist person',
				description: 'Add more photos of a person already in the collection',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a blacklist person',
				description: 'Remove a person and their photos from the collection',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a blacklist person',
				description: 'Get one person of a collection, e.g. the person_id of a blacklist hit',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many blacklist persons',
				description: 'List the persons of a collection',
			},
			{
				name: 'Get Photos',
				value: 'getPhotos',
				action: 'Get the photos of a blacklist person',
				description: 'List the photos stored for a person',
			},
			{
				name: 'Update Metadata',
				value: 'updateMetadata',
				action: 'Update the metadata of a blacklist person',
				description: "Set or change keys of a person's metadata, e.g. the case that put them there",
			},
		],
		default: 'add',
	},
	...add.description,
	...addPhotos.description,
	...get.description,
	...getMany.description,
	...getPhotos.description,
	...remove.description,
	...updateMetadata.description,
];
