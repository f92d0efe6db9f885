import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { operation as create } from './create';
import { operation as remove } from './delete';
import { operation as getMany } from './getMany';

const showOnlyForCollection = { resource: ['collection'] };

export const collectionOperations: Record<string, Operation> = {
	create,
	getMany,
	delete: remove,
};

export const collectionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForCollection },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a blacklist collection',
				description: 'Create a collection of persons to search with Blacklist analyses',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a blacklist collection',
				description: 'Delete a collection with its persons and photos',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many blacklist collections',
				description: 'List the collections your Oz user can see',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...getMany.description,
	...remove.description,
];
