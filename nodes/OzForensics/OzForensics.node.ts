import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchCollections, searchFolders, searchPersons } from './listSearch';
import { analysisDescription } from './resources/analysis';
import { collectionDescription } from './resources/collection';
import { folderDescription } from './resources/folder';
import { personDescription } from './resources/person';
import { sessionDescription } from './resources/session';
import { route } from './router';

export class OzForensics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oz Forensics',
		name: 'ozForensics',
		icon: {
			light: 'file:../../icons/ozForensics.svg',
			dark: 'file:../../icons/ozForensics.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Check liveness, match faces and search blacklists with the Oz Forensics API',
		defaults: { name: 'Oz Forensics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ozForensicsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Analysis', value: 'analysis' },
					{ name: 'Blacklist Collection', value: 'collection' },
					{ name: 'Blacklist Person', value: 'person' },
					{ name: 'Folder', value: 'folder' },
					{ name: 'Session', value: 'session' },
				],
				default: 'folder',
			},
			...folderDescription,
			...analysisDescription,
			...collectionDescription,
			...personDescription,
			...sessionDescription,
		],
	};

	methods = {
		listSearch: { searchCollections, searchFolders, searchPersons },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
