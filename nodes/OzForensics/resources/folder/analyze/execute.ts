import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { paths } from '../../../shared/apiShapes';
import { OzInputError } from '../../../shared/inputError';
import { buildSingleRequestBody, readMediaParts } from '../../../shared/multipart';
import { folderItems } from '../../../shared/output';
import { collectionRows, outputOptions } from '../../../shared/params';
import type { SingleRequest } from '../../../shared/payload';
import { buildPayloadFromFields, buildPayloadFromJson } from '../../../shared/payload';
import { ozApiObject } from '../../../shared/transport';

interface AnalyzeOptions {
	instant?: boolean;
	splitIntoItems?: boolean;
	timeout?: number;
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
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
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
	const folder = await ozApiObject(
		this,
		{
			method: 'POST',
			path: options.instant ? paths.instantRequest : paths.singleRequest,
			body: async () => buildSingleRequestBody(parts, request.payload),
			timeoutSeconds: options.timeout,
		},
		itemIndex,
	);
	return folderItems(folder, outputOptions(this, itemIndex, { splitIntoItems: options.splitIntoItems }), itemIndex);
}
