import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { folderListItems, paths, SAFE_RETRY_KEY } from '../../../shared/apiShapes';
import { OzInputError } from '../../../shared/inputError';
import { buildSingleRequestBody, readMediaParts } from '../../../shared/multipart';
import { folderItems } from '../../../shared/output';
import { collectionRows, outputOptions } from '../../../shared/params';
import type { SingleRequest } from '../../../shared/payload';
import { buildPayloadFromFields, buildPayloadFromJson } from '../../../shared/payload';
import type { OzRequest } from '../../../shared/transport';
import type { RunContext } from '../../types';
import { ozApiObject, ozApiRequest } from '../../../shared/transport';

interface AnalyzeOptions {
	instant?: boolean;
	safeRetry?: boolean;
	splitIntoItems?: boolean;
	timeout?: number;
}

/** A timeout, a dropped connection or a 5xx: Oz may or may not have created the folder. */
function outcomeUnknown(error: unknown): boolean {
	return error instanceof NodeError && error.context.outcomeUnknown === true;
}

/**
 * Safe Retry: the request carries a unique id in its folder metadata. When the answer is
 * lost, the folder is looked up by that id; only if none exists is the request sent again.
 */
async function sendWithSafeRetry(ctx: IExecuteFunctions, request: OzRequest, requestId: string, itemIndex: number): Promise<IDataObject> {
	let failure: unknown;
	try {
		return await ozApiObject(ctx, request, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (!outcomeUnknown(failure)) throw failure;
	const lookup = await ozApiRequest(
		ctx,
		{ method: 'GET', path: paths.folders, qs: { meta_data: `${SAFE_RETRY_KEY}==${requestId}`, with_analyses: true, limit: 1 } },
		itemIndex,
	);
	const [existing] = folderListItems(lookup);
	return existing ?? (await ozApiObject(ctx, request, itemIndex));
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
	const options = this.getNodeParameter('options', itemIndex, {}) as AnalyzeOptions;
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
	const folder = safeRetryId ? await sendWithSafeRetry(this, ozRequest, safeRetryId, itemIndex) : await ozApiObject(this, ozRequest, itemIndex);
	return folderItems(folder, outputOptions(this, itemIndex, { splitIntoItems: options.splitIntoItems }), itemIndex);
}
