import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { searchFolders } from '../../../shared/folderSearch';
import { FOLDER_PAGE_SIZE, instantAnswerToFolder, LOOKUP_MAX_PAGES, LOOKUP_WINDOW_SECONDS, SAFE_RETRY_KEY, toUnixSeconds } from '../../../shared/guesses';
import { isPlainObject } from '../../../shared/json';
import { paths } from '../../../shared/ozApi';
import { OzInputError } from '../../../shared/inputError';
import { buildSingleRequestBody, readMediaParts } from '../../../shared/multipart';
import { folderItems } from '../../../shared/output';
import { collectionRows, outputOptions, readOptions } from '../../../shared/params';
import type { SingleRequest } from '../../../shared/payload';
import { buildPayloadFromFields, buildPayloadFromJson } from '../../../shared/payload';
import type { OzRequest } from '../../../shared/transport';
import type { RunContext } from '../../types';
import { analyzeOptions } from './properties';
import { ozApiObject, ozApiRequest } from '../../../shared/transport';

interface AnalyzeOptions extends IDataObject {
	instant: boolean;
	safeRetry: boolean;
	splitIntoItems: boolean;
	timeout: number;
}

/** A timeout, a dropped connection or a 5xx: Oz may or may not have created the folder. */
function outcomeUnknown(error: unknown): boolean {
	return error instanceof NodeError && error.context.outcomeUnknown === true;
}

/**
 * The folder a lost request created, if any: looked up by the request id in its metadata.
 * Only an exact match counts, since a host may apply the metadata filter loosely or not at
 * all; the time window is the one the page "Security Recommendations" advises.
 */
async function findCreatedFolder(ctx: IExecuteFunctions, requestId: string, sentAt: number, itemIndex: number): Promise<IDataObject | undefined> {
	const [folder] = await searchFolders(ctx, itemIndex, {
		qs: {
			meta_data: `${SAFE_RETRY_KEY}==${requestId}`,
			with_analyses: true,
			'time_created.min': toUnixSeconds(sentAt) - LOOKUP_WINDOW_SECONDS,
			'time_created.max': toUnixSeconds(Date.now()) + LOOKUP_WINDOW_SECONDS,
		},
		matches: (candidate) => isPlainObject(candidate.meta_data) && candidate.meta_data[SAFE_RETRY_KEY] === requestId,
		limit: 1,
		pageSize: FOLDER_PAGE_SIZE,
		maxPages: LOOKUP_MAX_PAGES,
	});
	return folder;
}

/**
 * Safe Retry: the request carries a unique id in its folder metadata. When the answer is
 * lost, the folder is looked up by that id; only if none exists is the request sent again.
 */
async function sendWithSafeRetry(ctx: IExecuteFunctions, request: OzRequest, requestId: string, itemIndex: number): Promise<IDataObject> {
	const sentAt = Date.now();
	let failure: unknown;
	try {
		return await ozApiObject(ctx, request, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (!outcomeUnknown(failure)) throw failure;
	return (await findCreatedFolder(ctx, requestId, sentAt, itemIndex)) ?? (await ozApiObject(ctx, request, itemIndex));
}

function readSingleRequest(ctx: IExecuteFunctions, itemIndex: number): SingleRequest {
	const mode = ctx.getNodeParameter('payloadMode', itemIndex, 'fields') as string;
	if (mode === 'json') {
		return buildPayloadFromJson({
			payload: ctx.getNodeParameter('jsonPayload', itemIndex, ''),
			files: collectionRows(ctx, 'jsonFiles', itemIndex, 'file'),
		});
	}
	return buildPayloadFromFields({
		media: collectionRows(ctx, 'media', itemIndex, 'file'),
		analyses: collectionRows(ctx, 'analyses', itemIndex, 'analysis'),
		folderMetadata: ctx.getNodeParameter('folderMetadata', itemIndex, '{}'),
	});
}

/** Folder → Analyze: Oz's single request, media and payload in, finished folder out. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunContext): Promise<INodeExecutionData[]> {
	const options = readOptions<AnalyzeOptions>(this, itemIndex, analyzeOptions);
	const request = readSingleRequest(this, itemIndex);
	if (options.instant && request.payload.analyses.some((analysis) => analysis.type === 'collection')) {
		throw new OzInputError(
			'Blacklist checks are not available with "Don\'t Store Data (Instant API)"',
			'Analyses',
			'Remove the Blacklist analysis, or turn off "Don\'t Store Data (Instant API)" in the options',
		);
	}
	const parts = await readMediaParts(this, itemIndex, request.files);
	const safeRetryId = options.safeRetry && !options.instant ? randomUUID() : undefined;
	if (safeRetryId) request.payload['folder:meta_data'] = { ...request.payload['folder:meta_data'], [SAFE_RETRY_KEY]: safeRetryId };
	const ozRequest: OzRequest = {
		method: 'POST',
		path: options.instant ? paths.instantRequest : paths.singleRequest,
		body: async () => await buildSingleRequestBody(parts, request.payload),
		timeoutSeconds: options.timeout,
	};
	await run.pacer?.reserve(request.payload.analyses.length);
	const folder = safeRetryId
		? await sendWithSafeRetry(this, ozRequest, safeRetryId, itemIndex)
		: instantAnswerToFolder(await ozApiRequest(this, ozRequest, itemIndex));
	return folderItems(folder, outputOptions(this, itemIndex, { splitIntoItems: options.splitIntoItems }), itemIndex);
}
