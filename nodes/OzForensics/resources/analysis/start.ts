import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { analysesRowsField, simplifyField } from '../../descriptions/fields';
import { folderIdField } from '../../descriptions/locatorFields';
import {
	maxAnalysesPerMinuteOption,
	optionsCollection,
	parallelRequestsOption,
	sharedLimitOption,
	timeoutOption,
} from '../../descriptions/options';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { simplifyAnalysis } from '../../output/simplify';
import { paths } from '../../ozApi';
import { buildAnalysesFromRows } from '../../payload/fromFields';
import type { PayloadAnalysis } from '../../payload/types';
import type { Admission } from '../../transport/admission';
import { OzClient } from '../../transport/client';
import type { Operation, RunContext } from '../types';

const options = [
	maxAnalysesPerMinuteOption,
	parallelRequestsOption,
	sharedLimitOption,
	timeoutOption,
];

const description = updateDisplayOptions(
	{ show: { resource: ['analysis'], operation: ['start'] } },
	[
		folderIdField('The folder whose media to analyse'),
		analysesRowsField(true),
		simplifyField(),
		optionsCollection(options),
	],
);

interface StartAnalysesInput {
	folderId: string;
	analyses: PayloadAnalysis[];
	simplify: boolean;
	sharedLimit: boolean;
	timeoutSeconds: number;
}

function readInput(parameters: ItemParameters): StartAnalysesInput {
	const given = parameters.options(options);
	return {
		folderId: parameters.pickedId('folderId', 'Folder'),
		analyses: buildAnalysesFromRows(parameters.rows('analyses', 'analysis')),
		simplify: parameters.boolean('simplify'),
		sharedLimit: given.boolean('sharedLimit'),
		timeoutSeconds: given.number('timeout'),
	};
}

/** Analysis → Start: starts analyses on an existing folder (pages "Liveness", "Biometry"); they run on after Oz answers. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { folderId, analyses, simplify, sharedLimit, timeoutSeconds } = readInput(
		new ItemParameters(this, itemIndex),
	);
	const body = { analyses: analyses.map((analysis) => ({ ...analysis })) };
	// It takes a turn at the host like the single request, but Oz answers before analysing:
	// its time says nothing of Oz's speed (analyses: 0).
	const admission: Admission = {
		analyses: 0,
		deadline: Date.now() + timeoutSeconds * 1000,
		shared: sharedLimit,
		pace: run.pacer ? async () => await run.pacer?.reserve(analyses.length) : undefined,
	};
	const { body: started, queuedMs } = await new OzClient(this, itemIndex).startAnalyses({
		method: 'POST',
		path: paths.folderAnalyses(folderId),
		body,
		timeoutSeconds,
		admission,
	});
	const list = Array.isArray(started) ? started : [started];
	return itemsFor(this, itemIndex, {
		folder_id: folderId,
		analyses: simplify ? list.map(simplifyAnalysis) : list,
		oz_queue_ms: queuedMs,
	});
}

export const operation = {
	description,
	execute,
	paced: true,
	createsAtOz: true,
} satisfies Operation;
