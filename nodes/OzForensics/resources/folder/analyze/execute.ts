import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { OzInputError } from '../../../input/inputError';
import { ItemParameters } from '../../../input/parameters';
import type { FolderOutputOptions } from '../../../output/folderOutput';
import { folderOutput, readFolderOutputOptions } from '../../../output/folderOutput';
import { paths } from '../../../ozApi';
import { buildPayloadFromFields } from '../../../payload/fromFields';
import { buildPayloadFromJson } from '../../../payload/fromJson';
import { multipartBody, readMediaParts } from '../../../payload/multipartBody';
import type { AnalyzeUpload } from '../../../payload/types';
import type { Admission } from '../../../transport/admission';
import { OzClient } from '../../../transport/client';
import type { RunContext } from '../../types';
import { instantAnswerToFolder } from './instantAnswer';
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

function readUpload(parameters: ItemParameters): AnalyzeUpload {
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
	upload: AnalyzeUpload;
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
		upload: readUpload(parameters),
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
	if (input.upload.payload.analyses.some((analysis) => analysis.type === 'collection'))
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
	const { upload, simplify, options } = input;
	// The item's Timeout covers the wait for a turn at Oz, the request and any recovery.
	const deadline = Date.now() + options.timeout * 1000;
	const client = new OzClient(this, itemIndex, deadline);
	const parts = await readMediaParts(this, itemIndex, upload.files);
	// Instant keeps no folder: nothing to mark, nothing to look up.
	const marker = options.instant ? undefined : markerFor(this, itemIndex, input.idempotencyKey);
	if (marker)
		upload.payload['folder:meta_data'] = {
			...upload.payload['folder:meta_data'],
			...markerMetadata(marker),
		};
	const analyses = upload.payload.analyses.length;
	// Every send's wait for its turn at the host, shown as oz_queue_ms.
	let queuedMs = 0;
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
		send: async () => {
			const answer = await client.startAnalyses({
				method: 'POST',
				path: options.instant ? paths.instantRequest : paths.singleRequest,
				body: async () => await multipartBody(parts, upload.payload),
				uploads: parts,
				timeoutSeconds: options.timeout,
				admission,
			});
			queuedMs += answer.queuedMs;
			return instantAnswerToFolder(answer.body);
		},
	});
	return await folderOutput(
		client,
		folder,
		{
			simplify,
			options,
			timeoutSeconds: options.timeout,
			extra: { oz_queue_ms: queuedMs, oz_delivery: delivery },
		},
		run.persons,
	);
}
