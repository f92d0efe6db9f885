import type {
	IDataObject,
	IHttpRequestOptions,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { OzInputError } from '../input/inputError';
import { isPlainObject, parseBody } from '../input/json';
import type { Permit } from '../execution/hostLimiter';
import type { Admission } from './admission';
import { admit } from './admission';
import type { UploadFile } from './apiErrors';
import {
	connectionError,
	isConnectionFailure,
	isDroppedConnection,
	isOverload,
	isOzErrorBody,
	mediaCountHint,
	noBlacklistError,
	overDefaultLimits,
	ozApiError,
	tooLargeError,
	unexpectedBodyError,
} from './apiErrors';
import { normaliseBaseUrl } from './baseUrl';
import type { RawBody } from '../payload/containerBody';
import { AUTH_STATUSES, DEFAULT_TIMEOUT_SECONDS, paths } from '../ozApi';
import type { OzCredentials } from './session';
import {
	CREDENTIAL_TYPE,
	decryptedCredential,
	isExpiredToken,
	renewSessionToken,
	sessionGateOf,
} from './session';

/** A multipart or raw body can be sent once; a factory builds a fresh one for each attempt. */
type BodySource = FormData | IDataObject | string[] | (() => Promise<FormData>) | RawBody;

export interface OzRequest {
	method: IHttpRequestMethods;
	/** A path on the Oz host, or with `file` a whole URL. */
	path: string;
	body?: BodySource;
	qs?: IDataObject;
	timeoutSeconds?: number;
	/** A file to download (a best shot): the answer's bytes, and the token only if the URL is on the Oz host. */
	file?: boolean;
	/**
	 * A request that starts analyses: it waits for its turn at the Oz host (shared by every
	 * execution of the process) before it is sent, and its deadline bounds its timeout.
	 */
	admission?: Admission;
	/** The files of a multipart upload: for errors that name the file and its size. */
	uploads?: UploadFile[];
	/**
	 * An OzCapsula container (page "OzCapsula Data Container"): its code 14 means a container or
	 * session token refused, not the framework's "request body too big", and Oz's limit per media
	 * file does not apply to the container as a whole.
	 */
	container?: boolean;
}

/** A downloaded file. */
export interface OzFile {
	data: Buffer;
	mimeType: string;
}

/** Answers after which a read is tried again: rate limit and gateway trouble. */
const RETRY_STATUSES = [429, 502, 503, 504];
const MAX_READ_RETRIES = 3;
/** GUESS(overload-429): a 429 means Oz did no work, so even a write is sent again after it, this many times at most. */
const MAX_OVERLOAD_RETRIES = 5;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 30_000;

/**
 * The one place that talks HTTP to Oz: auth, base URL, timeout, token renewal, retries of
 * reads, error mapping. Writes are never retried here: they may have created a folder or
 * started paid analyses (see Safe Retry in Folder → Analyze).
 */
export async function ozApiRequest(
	ctx: IExecuteFunctions,
	request: OzRequest,
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	return readAnswer(ctx, request, await exchange(ctx, request, itemIndex), itemIndex);
}

/**
 * Downloads a file Oz links to, e.g. a best shot. GUESS(best-shot-token): the token goes only to
 * the credential's own host; a URL on any other origin (a storage bucket, a CDN) is fetched
 * without it. Page "Best Shot" says where the URL is, not whether it needs the token.
 */
export async function ozApiDownload(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
	timeoutSeconds?: number,
): Promise<OzFile> {
	const response = await exchange(
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

/** Sends a request, with the retries of reads and the token renewal, and answers the last response. */
async function exchange(
	ctx: IExecuteFunctions,
	request: OzRequest,
	itemIndex: number,
): Promise<IN8nHttpFullResponse> {
	const credentials = await ctx.getCredentials<OzCredentials>(CREDENTIAL_TYPE, itemIndex);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (
		credentials.authentication !== 'emailPassword' &&
		!String(credentials.accessToken ?? '').trim()
	) {
		throw new OzInputError(
			'The Oz Forensics API credential has no access token',
			'Access Token',
			'Open the credential and paste the access token, or switch Authentication to Email and Password',
		);
	}
	const withToken = !request.file || sameOrigin(request.path, baseUrl);
	const permit = request.admission ? await admit(ctx, baseUrl, request.admission) : undefined;
	// The turn at the host is given back whatever happens, with what the answer says of Oz.
	const outcome = await attempts(
		ctx,
		request,
		baseUrl,
		credentials,
		withToken,
		itemIndex,
		permit,
	).then(
		(response) => ({ response, error: undefined }),
		(error: unknown) => ({ response: undefined, error }),
	);
	if (!outcome.response) {
		release(permit, request, isOverload(outcome.error) ? 'overload' : 'failed');
		return await Promise.reject(outcome.error);
	}
	const { response } = outcome;
	release(permit, request, OVERLOAD_STATUSES.includes(response.statusCode) ? 'overload' : response);
	return response;
}

/** A read that shows how the host takes the token: one folder of the list. */
const PROBE: OzRequest = {
	method: 'GET',
	path: paths.folders,
	qs: { limit: 1 },
	timeoutSeconds: 30,
};

/** Answers after which the limiter halves: Oz or its gateway is overloaded or gave up. */
const OVERLOAD_STATUSES = [502, 503, 504];

function release(
	permit: Permit | undefined,
	request: OzRequest,
	outcome: IN8nHttpFullResponse | 'overload' | 'failed',
): void {
	if (!permit) return;
	if (outcome === 'overload' || outcome === 'failed') {
		permit.release(outcome === 'overload' ? 'overload' : 'unmeasured');
		return;
	}
	const analyses = request.admission?.analyses ?? 0;
	const ok = outcome.statusCode >= 200 && outcome.statusCode < 300;
	permit.release(ok && analyses > 0 ? { analyses } : 'unmeasured');
}

/** The tries of one request: reads again after gateway trouble, renewal of an expired session, 429s waited out. */
async function attempts(
	ctx: IExecuteFunctions,
	request: OzRequest,
	baseUrl: string,
	credentials: OzCredentials,
	withToken: boolean,
	itemIndex: number,
	permit: Permit | undefined,
): Promise<IN8nHttpFullResponse> {
	const loggingIn = withToken && credentials.authentication === 'emailPassword';
	const gate = sessionGateOf(ctx);
	let opened = loggingIn
		? await gate.enter(Boolean(String(credentials.sessionToken ?? '').trim()))
		: undefined;
	const retries = request.method === 'GET' ? MAX_READ_RETRIES : 0;
	let renewed = false;
	let probed = false;
	// One renewal per request at most, shared with the requests that met the same expiry.
	const renew = async (seen: number) => {
		renewed = true;
		await gate.renew(
			seen,
			async () => await renewSessionToken(ctx, baseUrl, credentials, itemIndex),
		);
	};
	for (let attempt = 0; ; attempt++) {
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		if (loggingIn && !opened) await gate.idle();
		const generation = gate.generation;
		try {
			response = await send(ctx, request, baseUrl, credentials, withToken, itemIndex);
		} catch (error) {
			failure = error;
		}
		// The first answer after a login lets the requests that waited for the session go.
		opened?.();
		opened = undefined;
		const cancelled = ctx.getExecutionCancelSignal?.()?.aborted === true;
		if (!response && !probed && request.uploads && isDroppedConnection(failure) && !cancelled) {
			// A host may answer from the headers alone and close before the body is in (nginx's
			// 413, an expired token); n8n's HTTP client then reports only the broken connection.
			// A cheap read with the same token asks the question again. GUESS(cut-upload): with the
			// token fine and the upload over Oz's default limits, the cut was a refusal for size.
			probed = true;
			// No longer than the upload itself may take, and never long.
			const probeRequest = { ...PROBE, timeoutSeconds: Math.min(10, timeoutMs(request) / 1000) };
			const probe = await send(ctx, probeRequest, baseUrl, credentials, withToken, itemIndex).catch(
				() => undefined,
			);
			if (probe && AUTH_STATUSES.includes(probe.statusCode)) {
				if (!renewed && loggingIn && isExpiredToken(probe.statusCode, probe.body)) {
					await renew(generation);
					attempt--;
					continue;
				}
				// The host turned the token away before it read the upload: nothing was made.
				return probe;
			}
			if (probe && overDefaultLimits(request.uploads, !request.container))
				throw tooLargeError(ctx.getNode(), request.uploads, { closed: true }, itemIndex);
		}
		if (!response) {
			if (attempt < retries && isConnectionFailure(failure) && !cancelled) {
				await sleep(backoffMs(attempt));
				continue;
			}
			throw failure;
		}
		if (!renewed && loggingIn && isExpiredToken(response.statusCode, response.body)) {
			// The session token expired between requests: one renewal for all, then send again with a fresh body.
			await renew(generation);
			attempt--;
			continue;
		}
		const overloaded = response.statusCode === 429 && attempt < MAX_OVERLOAD_RETRIES;
		const again = overloaded || (attempt < retries && RETRY_STATUSES.includes(response.statusCode));
		if (again && !cancelled) {
			permit?.overloaded();
			await sleep(backoffMs(attempt, response.headers?.['retry-after']));
			continue;
		}
		return response;
	}
}

/** The request's own timeout, or what is left of its item's Timeout (at least a second). */
function timeoutMs(request: OzRequest): number {
	const own = (request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
	const deadline = request.admission?.deadline;
	return deadline === undefined ? own : Math.max(1000, Math.min(own, deadline - Date.now()));
}

function isRawBody(body: unknown): body is RawBody {
	return (
		isPlainObject(body) && typeof body.open === 'function' && typeof body.contentType === 'string'
	);
}

function sameOrigin(url: string, baseUrl: string): boolean {
	return URL.canParse(url) && new URL(url).origin === new URL(baseUrl).origin;
}

/** Exponential backoff with jitter, or the server's Retry-After (seconds or a date), capped. */
function backoffMs(attempt: number, retryAfter?: unknown): number {
	const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	if (typeof header === 'string' && header.trim()) {
		const seconds = Number(header);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
		if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, RETRY_MAX_MS);
	}
	const exponential = RETRY_BASE_MS * 2 ** attempt;
	return Math.min(exponential + Math.random() * exponential * 0.5, RETRY_MAX_MS);
}

/** Oz's code 14 (the framework's "request body too big": lamb-core, lamb/exc.py). */
const BODY_TOO_BIG = 14;

function readAnswer(
	ctx: IExecuteFunctions,
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
	ctx: IExecuteFunctions,
	request: OzRequest,
	itemIndex: number,
): Promise<IDataObject> {
	const body = await ozApiRequest(ctx, request, itemIndex);
	if (Array.isArray(body)) throw unexpectedBodyError(ctx.getNode(), 200, body, itemIndex);
	return body;
}

async function send(
	ctx: IExecuteFunctions,
	request: OzRequest,
	baseUrl: string,
	credentials: OzCredentials,
	withToken: boolean,
	itemIndex: number,
): Promise<IN8nHttpFullResponse> {
	const source = typeof request.body === 'function' ? await request.body() : request.body;
	const raw = isRawBody(source) ? source : undefined;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.file ? request.path : `${baseUrl}${request.path}`,
		body: raw ? await raw.open() : (source as Exclude<BodySource, RawBody | (() => unknown)>),
		// A raw body gets its own type; a multipart one gets its boundary from the HTTP client.
		...(raw
			? {
					headers: {
						'Content-Type': raw.contentType,
						'Content-Length': String(raw.length),
					},
				}
			: {}),
		qs: request.qs,
		json: !request.file,
		...(request.file ? { encoding: 'arraybuffer' as const } : {}),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs(request),
		skipSslCertificateValidation: credentials.ignoreSslIssues === true,
		// Following redirects makes the HTTP client keep a copy of the whole body to replay it:
		// uploads would sit in memory. Oz does not redirect its API; a redirect is reported.
		disableFollowRedirect: request.method !== 'GET',
	};
	try {
		return (await (withToken
			? ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					CREDENTIAL_TYPE,
					options,
					// n8n would read and decrypt the credential a second time. With Email and Password
					// it must: another request may have renewed the session token since this one read it.
					credentials.authentication === 'emailPassword'
						? undefined
						: { credentialsDecrypted: decryptedCredential(credentials) },
				)
			: ctx.helpers.httpRequest(options))) as IN8nHttpFullResponse;
	} catch (error) {
		throw connectionError(ctx.getNode(), error, baseUrl, itemIndex);
	}
}
