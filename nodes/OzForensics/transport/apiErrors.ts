import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeError } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { isConnectionFailure } from './connectionErrors';
import { OZ_CODE_HINTS, STATUS_HINTS } from './errorHints';

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
