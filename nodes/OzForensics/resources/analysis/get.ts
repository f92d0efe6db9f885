import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/fields';
import { simplifyAnalysis } from '../../output/simplify';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../ozApi';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';

const showOnlyForGet = { resource: ['analysis'], operation: ['get'] };

export const properties: INodeProperties[] = [
	{
		displayName: 'Analysis ID',
		name: 'analysisId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 4d1e7c3a-0000-0000-0000-000000000000',
		description: 'The analysis to get, e.g. analysis_id from Analysis → Start',
		displayOptions: { show: showOnlyForGet },
	},
	simplifyField(showOnlyForGet),
];

function readInput(parameters: ItemParameters) {
	return {
		analysisId: parameters.id('analysisId', 'Analysis ID'),
		simplify: parameters.boolean('simplify'),
	};
}

/** Analysis → Get: one analysis, with its state and results. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { analysisId, simplify } = readInput(new ItemParameters(this, itemIndex));
	const analysis = await ozClient(this, itemIndex).object({
		method: 'GET',
		path: paths.analysis(analysisId),
	});
	return [
		{
			json: simplify
				? { folder_id: analysis.folder_id ?? null, ...simplifyAnalysis(analysis) }
				: analysis,
			pairedItem: { item: itemIndex },
		},
	];
}

export const get: Operation = { execute };
