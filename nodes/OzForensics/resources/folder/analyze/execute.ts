import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { FolderOutputOptions } from '../../../output/folderOutput';
import { folderOutput, readFolderOutputOptions } from '../../../output/folderOutput';
import { OzInputError } from '../../../request/inputError';
import { buildSingleRequestBody, readMediaParts } from '../../../request/multipart';
import { ItemParameters } from '../../../request/parameters';
import type { SingleRequest } from '../../../request/payloadTypes';
import { buildPayloadFromFields } from '../../../request/payload';
import { buildPayloadFromJson } from '../../../request/payloadJson';
import type { Admission } from '../../../transport/admission';
import { ozClient } from '../../../transport/client';
import { instantAnswerToFolder } from '../../../transport/guesses';
import { paths } from '../../../ozApi';
import type { RunContext } from '../../types';
import { markerFor, markerMetadata } from './marker';
import { analyzeOptions } from './properties';
import { sendOnce } from './sendOnce';

interface AnalyzeOptions extends FolderOutputOptions {
	idempotencyWindowHours: number;
	instant: boolean;
	safeRetry: boolean;
	sharedLimit: boolean;
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

/** The option's value as a key: text or a number; empty means no key. */
function readIdempotencyKey(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new OzInputError(
			'"Idempotency Key" is not text',
			'Idempotency Key',
			'Use a single value that names the check, e.g. {{ $json.body.applicationId }}',
		);
	}
	const key = String(value).trim();
	return key === '' ? undefined : key;
}

interface AnalyzeInput {
	request: SingleRequest;
	simplify: boolean;
	options: AnalyzeOptions;
	idempotencyKey?: string;
}

function readInput(parameters: ItemParameters): AnalyzeInput {
	const given = parameters.options(analyzeOptions);
	const options: AnalyzeOptions = {
		...readFolderOutputOptions(given),
		idempotencyWindowHours: given.number('idempotencyWindowHours'),
		instant: given.boolean('instant'),
		safeRetry: given.boolean('safeRetry'),
		sharedLimit: given.boolean('sharedLimit'),
		timeout: given.number('timeout'),
	};
	const input: AnalyzeInput = {
		request: readSingleRequest(parameters),
		simplify: parameters.boolean('simplify'),
		options,
		idempotencyKey: readIdempotencyKey(given.raw('idempotencyKey')),
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

/** Folder → Analyze: Oz's single request, media and payload in, finished folder out. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const { request, simplify, options } = input;
	// The item's Timeout covers the wait for a turn at Oz, the request and any recovery.
	const deadline = Date.now() + options.timeout * 1000;
	const client = ozClient(this, itemIndex, deadline);
	const parts = await readMediaParts(this, itemIndex, request.files);
	// Instant keeps no folder: nothing to mark, nothing to look up.
	const marker = options.instant ? undefined : markerFor(this, itemIndex, input.idempotencyKey);
	if (marker)
		request.payload['folder:meta_data'] = {
			...request.payload['folder:meta_data'],
			...markerMetadata(marker),
		};
	const analyses = request.payload.analyses.length;
	const admission: Admission = {
		analyses,
		deadline,
		shared: options.sharedLimit,
		pace: run.pacer ? async () => await run.pacer?.reserve(analyses) : undefined,
	};
	const { folder, delivery } = await sendOnce(client, {
		marker,
		keyed: input.idempotencyKey !== undefined,
		windowMs: options.idempotencyWindowHours * 3600_000,
		recover: options.safeRetry,
		deadline,
		send: async () =>
			instantAnswerToFolder(
				await client.request({
					method: 'POST',
					path: options.instant ? paths.instantRequest : paths.singleRequest,
					body: async () => await buildSingleRequestBody(parts, request.payload),
					uploads: parts,
					timeoutSeconds: options.timeout,
					admission,
				}),
			),
	});
	return await folderOutput(
		client,
		folder,
		{
			simplify,
			options,
			timeoutSeconds: options.timeout,
			extra: { oz_queue_ms: admission.queuedMs ?? 0, oz_delivery: delivery },
		},
		run.persons,
	);
}
