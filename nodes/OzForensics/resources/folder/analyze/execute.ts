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
import { idempotencyMarker, readIdempotencyKey, reuseOrSend } from './idempotency';
import type { FolderMarker } from './lookup';
import { sendWithSafeRetry } from './safeRetry';

interface AnalyzeOptions extends FolderOutputOptions {
	idempotencyKey: string | number;
	idempotencyWindowHours: number;
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
	const options = parameters.options<AnalyzeOptions>(analyzeOptions);
	const input = {
		request: readSingleRequest(parameters),
		simplify: parameters.boolean('simplify'),
		options,
		idempotencyKey: readIdempotencyKey(options.idempotencyKey),
	};
	const instantBlocks = (what: string, field: string, fix: string) =>
		new OzInputError(
			`${what} not available with "Don't Store Data (Instant API)"`,
			field,
			`${fix}, or turn off "Don't Store Data (Instant API)" in the options`,
		);
	if (!options.instant) return input;
	if (input.request.payload.analyses.some((analysis) => analysis.type === 'collection'))
		throw instantBlocks('Blacklist checks are', 'Analyses', 'Remove the Blacklist analysis');
	if (input.idempotencyKey)
		throw instantBlocks(
			'An Idempotency Key is',
			'Idempotency Key',
			'Clear the Idempotency Key (Instant keeps no folder to find again)',
		);
	return input;
}

/** The metadata entry that finds this item's folder again, if any: the key, else Safe Retry's id. */
function markerOf(input: ReturnType<typeof readInput>): FolderMarker | undefined {
	if (input.idempotencyKey) return idempotencyMarker(input.idempotencyKey);
	if (input.options.safeRetry && !input.options.instant)
		return { key: SAFE_RETRY_KEY, value: randomUUID() };
	return undefined;
}

/** Folder → Analyze: Oz's single request, media and payload in, finished folder out. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const { request, simplify, options } = input;
	const parts = await readMediaParts(this, itemIndex, request.files);
	const marker = markerOf(input);
	if (marker)
		request.payload['folder:meta_data'] = {
			...request.payload['folder:meta_data'],
			[marker.key]: marker.value,
		};
	const ozRequest: OzRequest = {
		method: 'POST',
		path: options.instant ? paths.instantRequest : paths.singleRequest,
		body: async () => await buildSingleRequestBody(parts, request.payload),
		timeoutSeconds: options.timeout,
	};
	const analyses = request.payload.analyses.length;
	const send = async () => {
		await run.pacer?.reserve(analyses);
		return await sendMeasured(run.limit, analyses, ozRequest, async (measured) =>
			marker && options.safeRetry
				? await sendWithSafeRetry(this, measured, marker, itemIndex)
				: instantAnswerToFolder(await ozApiRequest(this, measured, itemIndex)),
		);
	};
	const folder =
		input.idempotencyKey && marker
			? await reuseOrSend(
					this,
					{
						marker,
						windowHours: options.idempotencyWindowHours,
						timeoutSeconds: options.timeout,
					},
					run,
					itemIndex,
					send,
				)
			: await send();
	return await folderOutput(
		this,
		folder,
		{ simplify, options, timeoutSeconds: options.timeout },
		run,
		itemIndex,
	);
}
