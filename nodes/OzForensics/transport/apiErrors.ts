import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeError } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { LOGIN_FAILED } from '../ozApi';

/**
 * Oz's error body: `{error_code, error_message, details}` (Oz docs, "API Error Codes"); the
 * framework's own serializer names the details `error_details` (lamb-core, lamb/middleware/rest.py).
 */
export interface OzErrorBody {
	error_code: number;
	error_message: string;
	details?: unknown;
	error_details?: unknown;
}

/** What to do, per Oz error code. */
const OZ_CODE_HINTS: Record<number, string> = {
	0: 'Oz reported an internal error. Try again later; if it persists, give Oz support the time of the request',
	1: 'This Oz server does not allow this method: check that the Base URL points at Oz API 6.0.1 or later',
	2: 'This Oz server does not implement this call: check its version with your Oz contact',
	3: 'Oz rejected the structure of the request: check the media keys, tags and analyses against the Oz docs',
	4: 'Oz rejected a value in the request: check the tags, analysis types and parameters',
	5: 'Oz rejected the type of a value: metadata and parameters must be JSON objects, tags must be lists of text',
	6: 'No access token reached Oz: enter the Access Token in the Oz Forensics API credential',
	7: 'Oz does not know this access token: check it in the credential, or issue a new one',
	8: 'The access token has expired: issue a new one (service accounts get long-lived tokens)',
	9: 'Your Oz user may not do this: ask your Oz administrator for the rights it needs (e.g. to start this analysis)',
	10: 'The object does not exist on this Oz server: check the ID',
	11: 'A service Oz depends on failed: try again later',
	// The framework's codes above 11 (lamb-core, lamb/exc.py; docs/oz-facts.md#error-codes).
	12: "Oz's database failed: try again later; if it persists, give Oz support the time of the request",
	13: 'Oz already has this object: look it up instead of creating it again',
	14: 'The request is larger than Oz accepts: send smaller files',
	15: 'Oz did not accept the email and password: fix them in the Oz Forensics API credential (the node does not try again)',
	16: 'A value is out of the range Oz accepts: check offsets, limits and dates',
	17: 'Oz failed on its side: try again later; if it persists, give Oz support the time of the request',
	101: 'Oz is throttling this account: the node waited and tried again; send fewer requests at once or spread the executions out',
	201: 'Oz asks for a newer client: check the Oz API version with your Oz contact',
	202: 'Oz refused the request: see its message',
	203: 'Oz refused the request: see its message',
	211: 'This Oz user is blocked: ask your Oz administrator to unblock it, or use another credential',
	221: "Oz's business rules refused the request: see its message",
};

const REDIRECT_HINT =
	'The Base URL redirects elsewhere, e.g. from http:// to https://: enter the address it redirects to in the credential';

/** What to do, per HTTP status, when the body does not say more. */
const STATUS_HINTS: Record<number, string> = {
	301: REDIRECT_HINT,
	302: REDIRECT_HINT,
	307: REDIRECT_HINT,
	308: REDIRECT_HINT,
	401: 'Check the Access Token in the Oz Forensics API credential',
	403: 'Your Oz user lacks the rights for this call: ask your Oz administrator',
	404: 'Nothing answers at this path: check that the Base URL is the Oz API host, e.g. https://sandbox.ohio.ozforensics.com',
	405: 'This server does not take this method here: check that the Base URL is an Oz API 6.0.1 or later host',
	413: 'The files are larger than the server accepts: send shorter videos or smaller photos, or ask Oz to raise the limit',
	429: 'Too many requests at once: the node waited and tried again; lower the number of items per run or pace the workflow',
	500: 'The Oz server failed: try again later',
	502: 'A gateway in front of Oz got no valid answer: try again later',
	503: 'Oz is unavailable or overloaded: try again later',
	504: 'A gateway in front of Oz gave up waiting: the analysis may still have run; look the folder up before sending it again',
};

/**
 * Whether Oz may or may not have done the work: a timeout, a dropped connection, a 5xx or a
 * gateway's page. The single request's folder must then be looked up before anything is resent.
 */
export function isOutcomeUnknown(error: unknown): boolean {
	return error instanceof NodeError && error.context.outcomeUnknown === true;
}

/** Whether Oz itself answered with its error body (its handler ran to an end), rather than a gateway or no one. */
export function isOzAnswer(error: unknown): boolean {
	return error instanceof NodeError && typeof error.context.error_code === 'number';
}

/** The connection was cut while the request was under way (reset, broken pipe): a host may have answered early. */
export function isDroppedConnection(error: unknown): boolean {
	return error instanceof NodeError && error.context.dropped === true;
}

/** No HTTP answer came at all (refused, reset, timed out): a read may be sent again. */
export function isConnectionFailure(error: unknown): boolean {
	return error instanceof NodeError && error.context.retryable === true;
}

/** Statuses that mean Oz, or a gateway in front of it, is overloaded or gave up waiting. */
const OVERLOAD_STATUSES = [429, 502, 503, 504];

/** Whether an error says Oz is overloaded: one of those statuses, or no answer at all. */
export function isOverload(error: unknown): boolean {
	if (!(error instanceof NodeError)) return false;
	const status = 'httpCode' in error ? Number(error.httpCode) : NaN;
	return OVERLOAD_STATUSES.includes(status) || isConnectionFailure(error);
}

export function isOzErrorBody(body: unknown): body is OzErrorBody {
	return isPlainObject(body) && typeof body.error_code === 'number';
}

/** An HTTP answer outside 2xx, with Oz's code and message kept. */
export function ozApiError(
	node: INode,
	status: number,
	body: unknown,
	itemIndex: number,
): NodeApiError {
	if (isOzErrorBody(body)) {
		const response: JsonObject = {
			error_code: body.error_code,
			error_message: body.error_message,
			details: (body.details ?? body.error_details ?? null) as JsonObject,
			httpCode: status,
		};
		const error = new NodeApiError(node, response, {
			message: `Oz API error ${body.error_code}: ${body.error_message || 'no message'} (HTTP ${status})`,
			// Code 0 (unknown) says less than the status, e.g. for a 429.
			description:
				(body.error_code !== 0 ? OZ_CODE_HINTS[body.error_code] : undefined) ??
				STATUS_HINTS[status] ??
				OZ_CODE_HINTS[body.error_code] ??
				'See the Oz API docs for this error code',
			httpCode: String(status),
			itemIndex,
		});
		error.context.error_code = body.error_code;
		error.context.error_message = body.error_message;
		error.context.outcomeUnknown = status >= 500;
		return error;
	}
	const excerpt = typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
	const error = new NodeApiError(
		node,
		{ httpCode: status, body: excerpt },
		{
			message: `The Oz server answered HTTP ${status} without an Oz error body`,
			description: `${STATUS_HINTS[status] ?? (status >= 500 ? 'The server failed: try again later' : 'Check the request and the credential')}${excerpt ? `. The answer began: ${excerpt}` : ''}`,
			httpCode: String(status),
			itemIndex,
		},
	);
	// A gateway error says nothing of whether Oz did the work behind it.
	error.context.outcomeUnknown = status >= 500;
	return error;
}

/** A 2xx answer that is not the JSON object Oz sends, e.g. a login page behind a proxy. */
export function unexpectedBodyError(
	node: INode,
	status: number,
	body: unknown,
	itemIndex: number,
): NodeApiError {
	const excerpt =
		typeof body === 'string'
			? body.replace(/\s+/g, ' ').trim().slice(0, 200)
			: JSON.stringify(body).slice(0, 200);
	return new NodeApiError(
		node,
		{ httpCode: status, body: excerpt },
		{
			message: 'The server answered, but not with Oz API JSON',
			description: `Check that the Base URL is the Oz API host and not a web page or proxy. The answer began: ${excerpt}`,
			httpCode: String(status),
			itemIndex,
		},
	);
}

/** A network error code such as ECONNRESET or ERR_TLS_CERT_ALTNAME_INVALID, within a message. */
const NETWORK_CODE = /\b(E[A-Z][A-Z_]{2,}|ERR_[A-Z_]+)\b/;

/** All a wrapped error still says of its cause: n8n 2.x keeps the cause, n8n 1.x only its message. */
function errorTexts(error: unknown): { code?: string; texts: string[] } {
	const root: unknown = error instanceof NodeError && error.cause ? error.cause : error;
	const texts: string[] = [];
	for (const candidate of [root, error]) {
		if (candidate instanceof Error) texts.push(candidate.message);
		if (candidate instanceof NodeError)
			texts.push(...candidate.messages, candidate.description ?? '');
	}
	if (!(root instanceof Error)) texts.push(String(root));
	const ownCode = isPlainObject(root) && typeof root.code === 'string' ? root.code : undefined;
	const code = ownCode ?? texts.map((text) => NETWORK_CODE.exec(text)?.[1]).find(Boolean);
	return { code, texts };
}

/**
 * No HTTP answer at all. Only the error's code and message are kept: the raw error
 * carries the request config, headers included, and so the access token.
 */
export function connectionError(
	node: INode,
	error: unknown,
	baseUrl: string,
	itemIndex: number,
): NodeApiError {
	const { code, texts } = errorTexts(error);
	const login = texts.find((text) => text.includes(LOGIN_FAILED));
	if (login) {
		return new NodeApiError(
			node,
			{ loginMessage: login },
			{
				message: login,
				description: 'Check the email, password and Base URL in the Oz Forensics API credential',
				itemIndex,
			},
		);
	}
	const all = texts.join(' | ');
	const timedOut =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(all);
	const hint = timedOut
		? 'Oz did not answer in time. The analysis may still have run: look the folder up before sending it again, or raise "Timeout" in the options'
		: code === 'ENOTFOUND' || code === 'ECONNREFUSED'
			? `Nothing answers at ${baseUrl}: check the Base URL in the Oz Forensics API credential`
			: code?.startsWith('ERR_TLS') || /certificate/i.test(all)
				? 'The server certificate was not accepted: fix it, or turn on "Ignore SSL Issues" in the credential for a self-signed on-premise host'
				: 'The connection to Oz failed: check the Base URL and the network, then try again';
	const result = new NodeApiError(
		node,
		{ connectionCode: code ?? null, connectionMessage: texts[0] ?? '' },
		{
			// The code stays out of the message: n8n would swap a message naming it for a generic one.
			message: timedOut
				? 'The Oz API did not answer in time'
				: `Could not reach the Oz API at ${baseUrl}`,
			description: `${hint} (${code ?? texts[0] ?? 'no answer'})`,
			itemIndex,
		},
	);
	result.context.retryable = true;
	// Cut while under way; n8n 1.x keeps only the message, where Node says "socket hang up".
	result.context.dropped = code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(all);
	// Refused or unresolved: nothing arrived. Anything else may have arrived and been done.
	result.context.outcomeUnknown = code !== 'ECONNREFUSED' && code !== 'ENOTFOUND';
	return result;
}

/** A file of an upload, for errors about size and count. */
export interface UploadFile {
	fileName: string;
	size: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Oz's defaults (Administrator Guide, "Oz API Configuration"). */
const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const ATTACHMENT_MAX_COUNT = 10;
/** nginx's client_max_body_size in Oz's install guide (docs/oz-facts.md#limits). */
const GATEWAY_MAX_BYTES = 50 * 1024 * 1024;

/**
 * An upload the host refused as too large: nginx's HTML 413, Oz's code 14 (lamb's "request body
 * too big"), or a connection the host closed mid-upload when the body was over Oz's limits.
 */
export function tooLargeError(
	node: INode,
	uploads: UploadFile[],
	how: { status?: number; closed?: boolean },
	itemIndex: number,
): NodeApiError {
	const largest = uploads.reduce((a, b) => (b.size > a.size ? b : a), uploads[0]);
	const total = uploads.reduce((sum, file) => sum + file.size, 0);
	const message = how.closed
		? 'The Oz host closed the connection while the upload was still being sent, as it does for a body over its size limit'
		: `The Oz host refused the upload as too large (HTTP ${how.status})`;
	const error = new NodeApiError(
		node,
		{ httpCode: how.status ?? null, uploadBytes: total },
		{
			message,
			description: `"${largest.fileName}" is ${mb(largest.size)}, the whole request ${mb(total)}. Oz takes at most 10 MB per media file by default (OZ_ATTACHMENT_MAX_SIZE), and nginx in front of Oz limits the whole request (client_max_body_size, 50M in Oz's install guide): send a shorter video or a smaller photo, or ask your Oz administrator to raise the limits`,
			...(how.status ? { httpCode: String(how.status) } : {}),
			itemIndex,
		},
	);
	return error;
}

/** Whether an upload is over Oz's documented default limits (per file, where files are media). */
export function overDefaultLimits(uploads: UploadFile[], perFile = true): boolean {
	const total = uploads.reduce((sum, file) => sum + file.size, 0);
	return (
		(perFile && uploads.some((file) => file.size > ATTACHMENT_MAX_BYTES)) ||
		total > GATEWAY_MAX_BYTES
	);
}

/**
 * Advice added to a refusal of an upload with more media than Oz takes by default.
 * GUESS(media-count): no page gives the code of that refusal, so any 4xx of such an upload gets it.
 */
export function mediaCountHint(uploads: UploadFile[]): string | undefined {
	return uploads.length > ATTACHMENT_MAX_COUNT
		? `This request has ${uploads.length} media files; Oz takes at most ${ATTACHMENT_MAX_COUNT} per folder by default (OZ_ATTACHMENT_MAX_COUNT): split them over several requests, or ask your Oz administrator to raise the limit`
		: undefined;
}

/**
 * A 404 without an Oz body on the blacklist's paths: the host runs without the optional
 * blacklist module (`oz_collections` in OZ_APP_COMPONENTS; Administrator Guide, "Oz API Configuration").
 */
export function noBlacklistError(node: INode, itemIndex: number): NodeApiError {
	return new NodeApiError(
		node,
		{ httpCode: 404 },
		{
			message: 'This Oz host has no blacklist (collections) API',
			description:
				'The blacklist is an optional Oz module (oz_collections in OZ_APP_COMPONENTS): ask your Oz administrator to enable it, or check that the Base URL is the full Oz API host',
			httpCode: '404',
			itemIndex,
		},
	);
}
