import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { operation as get } from './get';
import { operation as start } from './start';
import { operation as wait } from './wait';

const showOnlyForAnalysis = { resource: ['analysis'] };

export const analysisOperations: Record<string, Operation> = {
	start,
	get,
	wait,
};

export const analysisDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAnalysis },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an analysis',
				description: 'Get one analysis by its ID, with its state and results',
			},
			{
				name: 'Start',
				value: 'start',
				action: 'Start analyses on a folder',
				description:
					'Start analyses on the media of an existing folder; they run in the background',
			},
			{
				name: 'Wait',
				value: 'wait',
				action: 'Wait for the analyses of a folder',
				description:
					'Poll a folder until none of its analyses is still running, then return it with the results',
			},
		],
		default: 'start',
	},
	...start.description,
	...get.description,
	...wait.description,
];
