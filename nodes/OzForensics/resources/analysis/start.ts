import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { analysesRowsField, folderIdField, simplifyField } from '../../descriptions/fields';
import {
	maxAnalysesPerMinuteOption,
	optionsCollection,
	parallelRequestsOption,
	sharedLimitOption,
	timeoutOption,
} from '../../descriptions/options';
import { simplifyAnalysis } from '../../output/simplify';
import { ItemParameters } from '../../request/parameters';
import { buildAnalysesFromRows } from '../../request/payload';
import { paths } from '../../ozApi';
import type { Admission } from '../../transport/admission';
import { ozClient } from '../../transport/client';
import type { Operation, RunContext } from '../types';

const showOnlyForStart = { resource: ['analysis'], operation: ['start'] };
const options = [
	maxAnalysesPerMinuteOption,
	parallelRequestsOption,
	sharedLimitOption,
	timeoutOption,
];

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForStart, 'The folder whose media to analyse'),
	analysesRowsField(showOnlyForStart, true),
	simplifyField(showOnlyForStart),
	optionsCollection(showOnlyForStart, options),
];

interface StartOptions extends IDataObject {
	sharedLimit: boolean;
	timeout: number;
}

function readInput(parameters: ItemParameters) {
	return {
		folderId: parameters.id('folderId', 'Folder ID'),
		analyses: buildAnalysesFromRows(parameters.rows('analyses', 'analysis')),
		simplify: parameters.boolean('simplify'),
		options: parameters.options<StartOptions>(options),
	};
}

/** Analysis → Start: starts analyses on an existing folder (pages "Liveness", "Biometry"); they run on after Oz answers. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { folderId, analyses, simplify, options } = readInput(new ItemParameters(this, itemIndex));
	const body = { analyses: analyses.map((analysis) => ({ ...analysis })) };
	// It takes a turn at the host like the single request, but Oz answers before analysing:
	// its time says nothing of Oz's speed (analyses: 0).
	const admission: Admission = {
		analyses: 0,
		deadline: Date.now() + options.timeout * 1000,
		shared: options.sharedLimit,
		pace: run.pacer ? async () => await run.pacer?.reserve(analyses.length) : undefined,
	};
	const started = await ozClient(this, itemIndex).request({
		method: 'POST',
		path: paths.folderAnalyses(folderId),
		body,
		timeoutSeconds: options.timeout,
		admission,
	});
	const list = Array.isArray(started) ? started : [started];
	return [
		{
			json: {
				folder_id: folderId,
				analyses: simplify ? list.map(simplifyAnalysis) : list,
				oz_queue_ms: admission.queuedMs ?? 0,
			},
			pairedItem: { item: itemIndex },
		},
	];
}

export const start: Operation = { execute, options, paced: true, createsAtOz: true };
