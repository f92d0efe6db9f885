import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeError } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { LOGIN_FAILED } from '../ozApi';

/** The connection was cut while the request was under way (reset, broken pipe): a host may have answered early. */
export function isDroppedConnection(error: unknown): boolean {
	return error instanceof NodeError && error.context.dropped === true;
}

/** An upload cut before the host had it whole (send.ts): nothing can have been stored. */
export function isStoppedShort(error: unknown): boolean {
	return error instanceof NodeError && error.context.stoppedShort === true;
}

/** No HTTP answer came at all (refused, reset, timed out): a read may be sent again. */
export function isConnectionFailure(error: unknown): boolean {
	return error instanceof NodeError && error.context.retryable === true;
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
	// Cut while under way; n8n 1.x keeps only the message, where Node says "socket hang up".
	const dropped = code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(all);
	const timedOut =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(all);
	const hint = timedOut
		? 'Oz did not answer in time. The analysis may still have run: look the folder up before sending it again, or raise "Timeout" in the options'
		: code === 'ENOTFOUND' || code === 'ECONNREFUSED'
			? `Nothing answers at ${baseUrl}: check the Base URL in the Oz Forensics API credential`
			: code?.startsWith('ERR_TLS') || /certificate/i.test(all)
				? 'The server certificate was not accepted: fix it, or turn on "Ignore SSL Issues" in the credential for a self-signed on-premise host'
				: dropped
					? 'The connection broke while the request was under way (a proxy, the network or Oz restarting): check them, then try again'
					: 'The connection to Oz failed: check the Base URL and the network, then try again';
	const result = new NodeApiError(
		node,
		{ connectionCode: code ?? null, connectionMessage: texts[0] ?? '' },
		{
			// The code stays out of the message: n8n would swap a message naming it for a generic one.
			message: timedOut
				? 'The Oz API did not answer in time'
				: dropped
					? `The connection to the Oz API at ${baseUrl} was cut before Oz answered`
					: `Could not reach the Oz API at ${baseUrl}`,
			description: `${hint} (${code ?? texts[0] ?? 'no answer'})`,
			itemIndex,
		},
	);
	result.context.retryable = true;
	result.context.dropped = dropped;
	// Refused or unresolved: nothing arrived. Anything else may have arrived and been done.
	result.context.outcomeUnknown = code !== 'ECONNREFUSED' && code !== 'ENOTFOUND';
	return result;
}
