import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { paths } from '../../shared/ozApi';
import { simplifyField } from '../../shared/descriptions';
import { requireId } from '../../shared/ids';
import { simplifyAnalysis } from '../../shared/output';
import { ozApiObject } from '../../shared/transport';

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

/** Analysis → Get: one analysis, with its state and results. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const analysisId = requireId(this.getNodeParameter('analysisId', itemIndex, ''), 'Analysis ID');
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const analysis = await ozApiObject(this, { method: 'GET', path: paths.analysis(analysisId) }, itemIndex);
	return [{ json: simplify ? { folder_id: analysis.folder_id ?? null, ...simplifyAnalysis(analysis) } : analysis, pairedItem: { item: itemIndex } }];
}
