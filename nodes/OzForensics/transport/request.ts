import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import { isPlainObject, parseBody } from '../input/json';
import { paths } from '../ozApi';
import { isOzErrorBody, noBlacklistError, ozApiError, unexpectedBodyError } from './apiErrors';
import { exchange } from './exchange';
import type { OzContext, OzRequest } from './send';
import { mediaCountHint, tooLargeError } from './uploadErrors';

export type { OzContext, OzRequest } from './send';

/*
 * The node's way to Oz, for every operation, the editor's pickers and the login's renewal:
 * exchange.ts (credential, base URL, a turn at the host) → tries.ts (the policies: renew,
 * probe after a cut upload, back off, give up) → send.ts (the one HTTP call). Here: the answer
 * read as Oz's JSON or Oz's error. Writes are never sent again except where a policy knows Oz
 * did no work (see Recover Lost Answers in Folder → Analyze for the rest).
 */

/** A downloaded file. */
export interface OzFile {
	data: Buffer;
	mimeType: string;
}

/** A request to Oz, answered with its JSON body; an answer outside 2xx is thrown as Oz's error. */
export async function ozApiRequest(
	ctx: OzContext,
	request: OzRequest,
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	const { response } = await exchange(ctx, request, itemIndex);
	return readAnswer(ctx, request, response, itemIndex);
}

/** A request that starts analyses: its answer, and how long it waited for its turn at the host. */
export async function ozApiAdmitted(
	ctx: OzContext,
	request: OzRequest,
	itemIndex: number,
): Promise<{ body: IDataObject | IDataObject[]; queuedMs: number }> {
	const { response, queuedMs } = await exchange(ctx, request, itemIndex);
	return { body: readAnswer(ctx, request, response, itemIndex), queuedMs };
}

/**
 * Downloads a file Oz links to, e.g. a best shot. GUESS(best-shot-token): the token goes only to
 * the credential's own host; a URL on any other origin (a storage bucket, a CDN) is fetched
 * without it. Page "Best Shot" says where the URL is, not whether it needs the token.
 */
export async function ozApiDownload(
	ctx: OzContext,
	url: string,
	itemIndex: number,
	timeoutSeconds?: number,
): Promise<OzFile> {
	const { response } = await exchange(
		ctx,
		{ method: 'GET', path: url, file: true, timeoutSeconds },
		itemIndex,
	);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw ozApiError(ctx.getNode(), response.statusCode, parseBody(response.body), itemIndex);
	}
	const type = response.headers?.['content-type'];
	const mimeType =
		(Array.isArray(type) ? type[0] : type)?.split(';')[0].trim() || 'application/octet-stream';
	const body: unknown = response.body;
	return { data: Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? '')), mimeType };
}

/** Oz's code 14 (the framework's "request body too big": lamb-core, lamb/exc.py). */
const BODY_TOO_BIG = 14;

function readAnswer(
	ctx: OzContext,
	request: OzRequest,
	response: IN8nHttpFullResponse,
	itemIndex: number,
): IDataObject | IDataObject[] {
	const body = parseBody(response.body);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const { uploads } = request;
		const tooBig =
			response.statusCode === 413 ||
			(!request.container && isOzErrorBody(body) && body.error_code === BODY_TOO_BIG);
		if (uploads?.length && tooBig) {
			const error = tooLargeError(
				ctx.getNode(),
				uploads,
				{ status: response.statusCode },
				itemIndex,
			);
			// Oz's own code and message stay with the error when Oz sent them.
			if (isOzErrorBody(body)) {
				error.context.error_code = body.error_code;
				error.context.error_message = body.error_message;
			}
			throw error;
		}
		if (
			response.statusCode === 404 &&
			!isOzErrorBody(body) &&
			request.path.startsWith(paths.collections)
		)
			throw noBlacklistError(ctx.getNode(), itemIndex);
		const error = ozApiError(ctx.getNode(), response.statusCode, body, itemIndex);
		const countHint = uploads && response.statusCode < 500 ? mediaCountHint(uploads) : undefined;
		if (countHint) error.description = `${countHint}. ${error.description ?? ''}`.trim();
		throw error;
	}
	// Page "API Error Codes": 204 for a deleted entity, with nothing to read.
	if (response.statusCode === 204) return {};
	if (!isPlainObject(body) && !Array.isArray(body)) {
		throw unexpectedBodyError(ctx.getNode(), response.statusCode, body, itemIndex);
	}
	return body as IDataObject | IDataObject[];
}

/** Same as ozApiRequest, for calls that answer one JSON object. */
export async function ozApiObject(
	ctx: OzContext,
	request: OzRequest,
	itemIndex: number,
): Promise<IDataObject> {
	const body = await ozApiRequest(ctx, request, itemIndex);
	if (Array.isArray(body)) throw unexpectedBodyError(ctx.getNode(), 200, body, itemIndex);
	return body;
}
