import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { analysesRowsField, folderIdField, simplifyField } from '../../descriptions/fields';
import {
	maxAnalysesPerMinuteOption,
	optionsCollection,
	parallelRequestsOption,
	concurrencyOption,
	maxParallelRequestsOption,
} from '../../descriptions/options';
import { simplifyAnalysis } from '../../output/simplify';
import { ItemParameters } from '../../request/parameters';
import { buildAnalysesFromRows } from '../../request/payload';
import { paths } from '../../transport/ozApi';
import { ozApiRequest } from '../../transport/request';
import { sendMeasured } from '../../execution/adaptive';
import type { Operation, RunContext } from '../types';

const showOnlyForStart = { resource: ['analysis'], operation: ['start'] };
const options = [
	concurrencyOption,
	maxAnalysesPerMinuteOption,
	maxParallelRequestsOption,
	parallelRequestsOption,
];

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForStart, 'The folder whose media to analyse'),
	analysesRowsField(showOnlyForStart, true),
	simplifyField(showOnlyForStart),
	optionsCollection(showOnlyForStart, options),
];

function readInput(parameters: ItemParameters) {
	return {
		folderId: parameters.id('folderId', 'Folder ID'),
		analyses: buildAnalysesFromRows(parameters.rows('analyses', 'analysis')),
		simplify: parameters.boolean('simplify'),
	};
}

/** Analysis → Start: starts analyses on an existing folder (pages "Liveness", "Biometry"); they run on after Oz answers. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { folderId, analyses, simplify } = readInput(new ItemParameters(this, itemIndex));
	await run.pacer?.reserve(analyses.length);
	const body = { analyses: analyses.map((analysis) => ({ ...analysis })) };
	const request = { method: 'POST' as const, path: paths.folderAnalyses(folderId), body };
	const started = await sendMeasured(
		run.limit,
		analyses.length,
		request,
		async (measured) => await ozApiRequest(this, measured, itemIndex),
	);
	const list = Array.isArray(started) ? started : [started];
	return [
		{
			json: { folder_id: folderId, analyses: simplify ? list.map(simplifyAnalysis) : list },
			pairedItem: { item: itemIndex },
		},
	];
}

export const start: Operation = { execute, options, paced: true, createsAtOz: true };
