import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { paths } from '../../shared/ozApi';
import { analysesRowsField, folderIdField, maxAnalysesPerMinuteOption, parallelRequestsOption, simplifyField, optionsCollection } from '../../shared/descriptions';
import { requireId } from '../../shared/ids';
import { simplifyAnalysis } from '../../shared/output';
import { collectionRows } from '../../shared/params';
import { buildAnalysesFromRows } from '../../shared/payload';
import { ozApiRequest } from '../../shared/transport';
import type { RunContext } from '../types';

const showOnlyForStart = { resource: ['analysis'], operation: ['start'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForStart, 'The folder whose media to analyse'),
	analysesRowsField(showOnlyForStart, true),
	simplifyField(showOnlyForStart),
	optionsCollection(showOnlyForStart, [maxAnalysesPerMinuteOption, parallelRequestsOption]),
];

export const options = [maxAnalysesPerMinuteOption, parallelRequestsOption];

/** Analysis → Start: starts analyses on an existing folder; they run while Oz answers at once. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
	const folderId = requireId(this.getNodeParameter('folderId', itemIndex, ''), 'Folder ID');
	const analyses = buildAnalysesFromRows(collectionRows(this, 'analyses', itemIndex, 'analysis'));
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	await run.pacer?.reserve(analyses.length);
	const started = await ozApiRequest(this, { method: 'POST', path: paths.folderAnalyses(folderId), body: { analyses: analyses.map((analysis) => ({ ...analysis })) } }, itemIndex);
	const list = Array.isArray(started) ? started : [started];
	return [
		{
			json: { folder_id: folderId, analyses: simplify ? list.map(simplifyAnalysis) : list },
			pairedItem: { item: itemIndex },
		},
	];
}
