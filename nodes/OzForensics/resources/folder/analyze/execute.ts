import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS, SINGLE_REQUEST_PATH } from '../../../shared/constants';
import { buildSingleRequestBody, readMediaParts } from '../../../shared/multipart';
import type { SingleRequest } from '../../../shared/payload';
import { buildPayloadFromFields, buildPayloadFromJson } from '../../../shared/payload';
import { simplifyFolder } from '../../../shared/output';
import { ozApiRequest } from '../../../shared/transport';

function rows(ctx: IExecuteFunctions, name: string, itemIndex: number, key: string): IDataObject[] {
	const value = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
	const list = value[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

function readSingleRequest(ctx: IExecuteFunctions, itemIndex: number): SingleRequest {
	const mode = ctx.getNodeParameter('payloadMode', itemIndex, 'fields') as string;
	if (mode === 'json') {
		return buildPayloadFromJson({
			payload: ctx.getNodeParameter('jsonPayload', itemIndex, ''),
			files: rows(ctx, 'jsonFiles', itemIndex, 'file'),
		});
	}
	return buildPayloadFromFields({
		media: rows(ctx, 'media', itemIndex, 'file'),
		analyses: rows(ctx, 'analyses', itemIndex, 'analysis'),
		folderMetadata: ctx.getNodeParameter('folderMetadata', itemIndex, '{}'),
	});
}

/** Folder → Analyze: Oz's single request, media and payload in, finished folder out. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const request = readSingleRequest(this, itemIndex);
	const parts = await readMediaParts(this, itemIndex, request.files);
	const options = this.getNodeParameter('options', itemIndex, {}) as { timeout?: number };
	const folder = await ozApiRequest(
		this,
		{
			method: 'POST',
			path: SINGLE_REQUEST_PATH,
			body: buildSingleRequestBody(parts, request.payload),
			timeoutSeconds: options.timeout ?? DEFAULT_TIMEOUT_SECONDS,
		},
		itemIndex,
	);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	return [{ json: simplify ? simplifyFolder(folder) : folder, pairedItem: { item: itemIndex } }];
}
