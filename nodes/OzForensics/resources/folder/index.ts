import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { operation as addMedia } from './addMedia';
import { operation as analyze } from './analyze';
import { operation as analyzeContainer } from './analyzeContainer';
import { operation as get } from './get';
import { operation as getMany } from './getMany';
import { operation as updateMetadata } from './updateMetadata';

const showOnlyForFolder = { resource: ['folder'] };

export const folderOperations: Record<string, Operation> = {
	analyze,
	analyzeContainer,
	get,
	getMany,
	addMedia,
	updateMetadata,
};

export const folderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForFolder },
		options: [
			{
				name: 'Add Media',
				value: 'addMedia',
				action: 'Add media to a folder',
				description: 'Upload files with their tags to an existing folder',
			},
			{
				name: 'Analyze',
				value: 'analyze',
				action: 'Analyze media in a new folder',
				description:
					'Upload media and run analyses in one request (Oz single request), and get the result',
			},
			{
				name: 'Analyze Container',
				value: 'analyzeContainer',
				action: 'Analyze a container from an SDK capture',
				description:
					"Forward the encrypted container that Oz's Web or Mobile SDK captured to Oz, and get the result",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a folder',
				description: 'Get one folder by its ID, with its media and analyses',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many folders',
				description: 'Search folders by metadata, time and status',
			},
			{
				name: 'Update Metadata',
				value: 'updateMetadata',
				action: 'Update the metadata of a folder',
				description:
					"Set, merge or remove keys of a folder's metadata, e.g. to write back a CRM case ID",
			},
		],
		default: 'analyze',
	},
	...analyze.description,
	...analyzeContainer.description,
	...get.description,
	...getMany.description,
	...addMedia.description,
	...updateMetadata.description,
];
