import { randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { FolderOutputOptions } from '../../../output/folderOutput';
import { folderOutput } from '../../../output/folderOutput';
import { sendMeasured } from '../../../execution/adaptive';
import { OzInputError } from '../../../request/inputError';
import { buildSingleRequestBody, readMediaParts } from '../../../request/multipart';
import { ItemParameters } from '../../../request/parameters';
import type { SingleRequest } from '../../../request/payload';
import { buildPayloadFromFields } from '../../../request/payload';
import { buildPayloadFromJson } from '../../../request/payloadJson';
import { instantAnswerToFolder, SAFE_RETRY_KEY } from '../../../transport/guesses';
import { paths } from '../../../transport/ozApi';
import type { OzRequest } from '../../../transport/request';
import { ozApiRequest } from '../../../transport/request';
import type { RunContext } from '../../types';
import { analyzeOptions } from './properties';
import { sendWithSafeRetry } from './safeRetry';

interface AnalyzeOptions extends FolderOutputOptions {
	instant: boolean;
	safeRetry: boolean;
	timeout: number;
}

function readSingleRequest(parameters: ItemParameters): SingleRequest {
	if (parameters.string('payloadMode', 'fields') === 'json') {
		return buildPayloadFromJson({
			payload: parameters.json('jsonPayload', ''),
			files: parameters.rows('jsonFiles', 'file'),
		});
	}
	return buildPayloadFromFields({
		media: parameters.rows('media', 'file'),
		analyses: parameters.rows('analyses', 'analysis'),
		folderMetadata: parameters.json('folderMetadata', '{}'),
	});
}

function readInput(parameters: ItemParameters) {
	const input = {
		request: readSingleRequest(parameters),
		simplify: parameters.boolean('simplify'),
		options: parameters.options<AnalyzeOptions>(analyzeOptions),
	};
	if (
		input.options.instant &&
		input.request.payload.analyses.some((analysis) => analysis.type === 'collection')
	) {
		throw new OzInputError(
			'Blacklist checks are not available with "Don\'t Store Data (Instant API)"',
			'Analyses',
			'Remove the Blacklist analysis, or turn off "Don\'t Store Data (Instant API)" in the options',
		);
	}
	return input;
}

/** Folder → Analyze: Oz's single request, media and payload in, finished folder out. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { request, simplify, options } = readInput(new ItemParameters(this, itemIndex));
	const parts = await readMediaParts(this, itemIndex, request.files);
	const safeRetryId = options.safeRetry && !options.instant ? randomUUID() : undefined;
	if (safeRetryId)
		request.payload['folder:meta_data'] = {
			...request.payload['folder:meta_data'],
			[SAFE_RETRY_KEY]: safeRetryId,
		};
	const ozRequest: OzRequest = {
		method: 'POST',
		path: options.instant ? paths.instantRequest : paths.singleRequest,
		body: async () => await buildSingleRequestBody(parts, request.payload),
		timeoutSeconds: options.timeout,
	};
	const analyses = request.payload.analyses.length;
	await run.pacer?.reserve(analyses);
	const folder = await sendMeasured(run.limit, analyses, ozRequest, async (measured) =>
		safeRetryId
			? await sendWithSafeRetry(this, measured, safeRetryId, itemIndex)
			: instantAnswerToFolder(await ozApiRequest(this, measured, itemIndex)),
	);
	return await folderOutput(
		this,
		folder,
		{ simplify, options, timeoutSeconds: options.timeout },
		run,
		itemIndex,
	);
}
