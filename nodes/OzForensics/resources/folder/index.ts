import type { INodeProperties } from 'n8n-workflow';

import * as analyze from './analyze';
import type { OperationHandler } from '../types';

const showOnlyForFolder = { resource: ['folder'] };

export const folderOperations: Record<string, OperationHandler> = {
	analyze: analyze.execute,
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
				name: 'Analyze',
				value: 'analyze',
				action: 'Analyze media in a new folder',
				description: 'Upload media and run analyses in one request (Oz single request), and get the result',
			},
		],
		default: 'analyze',
	},
	...analyze.properties,
];
