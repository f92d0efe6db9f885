import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeError, sleep } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from './constants';
import { connectionError, isOzErrorBody, ozApiError, unexpectedBodyError } from './errors';
import { OzInputError } from './inputError';
import { isPlainObject, tryParseJson } from './json';
import { paths, stripBaseUrl } from './ozApi';

export const CREDENTIAL_TYPE = 'ozForensicsApi';

/** A multipart body can be sent once; a factory builds a fresh one for each attempt. */
export type BodySource = FormData | IDataObject | (() => Promise<FormData>);

export interface OzRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: BodySource;
	qs?: IDataObject;
	timeoutSeconds?: number;
}

interface OzCredentials extends IDataObject {
	baseUrl: string;
	authentication?: string;
	accessToken?: string;
	ignoreSslIssues?: boolean;
}

/**
 * Oz error codes that mean the token is no longer good: 7 AUTH INVALID, 8 AUTH EXPIRED (page
 * "API Error Codes"). The page gives the codes, not the HTTP status, so 401 and 403 both count.
 */
const EXPIRED_TOKEN_CODES = [7, 8];
const AUTH_STATUSES = [401, 403];

/** Answers after which a read is tried again: rate limit and gateway trouble. */
const RETRY_STATUSES = [429, 502, 503, 504];
export const MAX_READ_RETRIES = 3;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 30_000;

/**
 * The one place that talks HTTP to Oz: auth, base URL, timeout, token renewal, retries of
 * reads, error mapping. Writes are never retried here: they may have created a folder or
 * started paid analyses (see Safe Retry in Folder → Analyze).
 */
export async function ozApiRequest(ctx: IExecuteFunctions, request: OzRequest, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const credentials = await ctx.getCredentials<OzCredentials>(CREDENTIAL_TYPE, itemIndex);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (credentials.authentication !== 'emailPassword' && !String(credentials.accessToken ?? '').trim()) {
		throw new OzInputError(
			'The Oz Forensics API credential has no access token',
			'Access Token',
			'Open the credential and paste the access token, or switch Authentication to Email and Password',
		);
	}
	const retries = request.method === 'GET' ? MAX_READ_RETRIES : 0;
	let renewed = false;
	for (let attempt = 0; ; attempt++) {
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		try {
			response = await send(ctx, request, baseUrl, credentials, itemIndex);
		} catch (error) {
			failure = error;
		}
		if (!response) {
			if (attempt < retries && failure instanceof NodeError && failure.context.retryable === true) {
				await sleep(backoffMs(attempt));
				continue;
			}
			throw failure;
		}
		if (!renewed && credentials.authentication === 'emailPassword' && isExpiredToken(response.statusCode, response.body)) {
			// The session token expired between requests: log in again, then send again with a fresh body.
			renewed = true;
			await renewSessionToken(ctx, baseUrl, credentials, itemIndex);
			attempt--;
			continue;
		}
		if (attempt < retries && RETRY_STATUSES.includes(response.statusCode)) {
			await sleep(backoffMs(attempt, response.headers?.['retry-after']));
			continue;
		}
		return readAnswer(ctx, response, itemIndex);
	}
}

/** Exponential backoff with jitter, or the server's Retry-After (seconds or a date), capped. */
export function backoffMs(attempt: number, retryAfter?: unknown): number {
	const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	if (typeof header === 'string' && header.trim()) {
		const seconds = Number(header);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
		if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, RETRY_MAX_MS);
	}
	const exponential = RETRY_BASE_MS * 2 ** attempt;
	return Math.min(exponential + Math.random() * exponential * 0.5, RETRY_MAX_MS);
}

function readAnswer(ctx: IExecuteFunctions, response: IN8nHttpFullResponse, itemIndex: number): IDataObject | IDataObject[] {
	const body = parseBody(response.body);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw ozApiError(ctx.getNode(), response.statusCode, body, itemIndex);
	}
	if (!isPlainObject(body) && !Array.isArray(body)) {
		throw unexpectedBodyError(ctx.getNode(), response.statusCode, body, itemIndex);
	}
	return body as IDataObject | IDataObject[];
}

/** Same as ozApiRequest, for calls that answer one JSON object. */
export async function ozApiObject(ctx: IExecuteFunctions, request: OzRequest, itemIndex: number): Promise<IDataObject> {
	const body = await ozApiRequest(ctx, request, itemIndex);
	if (Array.isArray(body)) throw unexpectedBodyError(ctx.getNode(), 200, body, itemIndex);
	return body;
}

async function send(
	ctx: IExecuteFunctions,
	request: OzRequest,
	baseUrl: string,
	credentials: OzCredentials,
	itemIndex: number,
): Promise<IN8nHttpFullResponse> {
	const body = typeof request.body === 'function' ? await request.body() : request.body;
	try {
		return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			body,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: (request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			// Following redirects makes the HTTP client keep a copy of the whole body to replay it:
			// uploads would sit in memory. Oz does not redirect its API; a redirect is reported.
			disableFollowRedirect: request.method !== 'GET',
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw connectionError(ctx.getNode(), error, baseUrl, itemIndex);
	}
}

/** A 401 without an Oz body, or Oz's code 7 or 8 on a 401 or 403. */
function isExpiredToken(status: number, body: unknown): boolean {
	if (!AUTH_STATUSES.includes(status)) return false;
	const parsed = parseBody(body);
	return isOzErrorBody(parsed) ? EXPIRED_TOKEN_CODES.includes(parsed.error_code) : status === 401;
}

/**
 * n8n logs in (the credential's preAuthentication) and stores the new token when the
 * credential's expirable session token is empty. A cheap read, handed the credential with
 * that field emptied, makes that happen whatever status Oz used; the caller then resends its
 * own request, with a body built anew.
 */
async function renewSessionToken(ctx: IExecuteFunctions, baseUrl: string, credentials: OzCredentials, itemIndex: number): Promise<void> {
	const expired = { ...credentials, sessionToken: '' };
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			{
				method: 'GET',
				url: `${baseUrl}${paths.folders}`,
				qs: { limit: 1 },
				json: true,
				skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			},
			{ credentialsDecrypted: { id: CREDENTIAL_TYPE, name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: expired } },
		);
	} catch (error) {
		throw connectionError(ctx.getNode(), error, baseUrl, itemIndex);
	}
}

/** Accepts the host with or without a trailing slash (and with a pasted `/api`). */
export function normaliseBaseUrl(value: unknown): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	const url = URL.canParse(raw) ? new URL(raw) : undefined;
	if (!url) {
		throw new OzInputError(
			`The credential's Base URL ${raw ? `"${raw}" ` : ''}is not a valid URL`,
			'Base URL',
			'Enter the Oz API host you got from Oz, e.g. https://sandbox.ohio.ozforensics.com',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new OzInputError(
			`The credential's Base URL must start with https:// or http://`,
			'Base URL',
			'Enter the Oz API host, e.g. https://sandbox.ohio.ozforensics.com',
		);
	}
	if (url.username || url.password) {
		throw new OzInputError(
			"The credential's Base URL must not contain a user name or password",
			'Base URL',
			'Remove the part before "@": Oz takes the access token in the Access Token field',
		);
	}
	return stripBaseUrl(`${url.origin}${url.pathname}`);
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const result = tryParseJson(body);
	return 'value' in result ? result.value : body;
}
