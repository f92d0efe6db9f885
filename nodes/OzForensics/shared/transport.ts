import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from './constants';
import { connectionError, ozApiError, unexpectedBodyError } from './errors';
import { OzInputError } from './inputError';
import { isPlainObject, tryParseJson } from './json';

export const CREDENTIAL_TYPE = 'ozForensicsApi';

export interface OzRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: FormData | IDataObject;
	qs?: IDataObject;
	timeoutSeconds?: number;
}

interface OzCredentials {
	baseUrl: string;
	ignoreSslIssues?: boolean;
}

/** The one place that talks HTTP to Oz: auth, base URL, timeout and error mapping. */
export async function ozApiRequest(ctx: IExecuteFunctions, request: OzRequest, itemIndex: number): Promise<IDataObject> {
	const credentials = await ctx.getCredentials<OzCredentials>(CREDENTIAL_TYPE, itemIndex);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			body: request.body,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: (request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw connectionError(ctx.getNode(), error, baseUrl, itemIndex);
	}
	const body = parseBody(response.body);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw ozApiError(ctx.getNode(), response.statusCode, body, itemIndex);
	}
	if (!isPlainObject(body) && !Array.isArray(body)) {
		throw unexpectedBodyError(ctx.getNode(), response.statusCode, body, itemIndex);
	}
	return body as IDataObject;
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
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api$/, '');
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const result = tryParseJson(body);
	return 'value' in result ? result.value : body;
}
