import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/fields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { simplifyAnalysis } from '../../output/simplify';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const description = updateDisplayOptions({ show: { resource: ['analysis'], operation: ['get'] } }, [
	{
		displayName: 'Analysis ID',
		name: 'analysisId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 4d1e7c3a-0000-0000-0000-000000000000',
		description: 'The analysis to get, e.g. analysis_id from Analysis → Start',
	},
	simplifyField(),
]);

interface GetAnalysisInput {
	analysisId: string;
	simplify: boolean;
}

function readInput(parameters: ItemParameters): GetAnalysisInput {
	return {
		analysisId: parameters.id('analysisId', 'Analysis ID'),
		simplify: parameters.boolean('simplify'),
	};
}

/** Analysis → Get: one analysis, with its state and results. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { analysisId, simplify } = readInput(new ItemParameters(this, itemIndex));
	const analysis = await new OzClient(this, itemIndex).object({
		method: 'GET',
		path: paths.analysis(analysisId),
	});
	return itemsFor(
		this,
		itemIndex,
		simplify ? { folder_id: analysis.folder_id ?? null, ...simplifyAnalysis(analysis) } : analysis,
	);
}

export const operation = { description, execute } satisfies Operation;
