import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { itemsFor } from '../../output/items';
import { CONTAINER_MINIMUM_VERSIONS, paths } from '../../ozApi';
import { unexpectedBodyError } from '../../transport/apiErrors';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

// No fields: the credential says everything the call needs.
const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['getToken'] } },
	[
		{
			displayName:
				'Each capture needs a new token: fetch one right before opening the SDK, and pass it to OzLiveness.open({ session_token }) or the mobile capture screen',
			name: 'notice',
			type: 'notice',
			default: '',
		},
	],
);

/** Oz's "AUTH FORBIDDEN" (page "API Error Codes"). */
const FORBIDDEN = 9;

/** Advice for the refusals this call meets: a role that may not, a host too old for containers. */
function withSessionAdvice(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const status = Number(error.httpCode);
	if (
		error.context.error_code === FORBIDDEN ||
		(status === 403 && error.context.error_code === undefined)
	)
		// Page "OzCapsula Data Container": the token is issued to any role but OPERATOR.
		error.description =
			'Oz issues session tokens to any role but OPERATOR: use a credential of a CLIENT or service account (ask your Oz administrator)';
	else if (status === 404 || status === 405)
		error.description = `This Oz host has no session-token endpoint (${paths.captureSession}). Session tokens and OzCapsula containers need ${CONTAINER_MINIMUM_VERSIONS}: ask your Oz contact to upgrade, or check the Base URL`;
	return error;
}

/**
 * Session → Get Token: GET /api/authorize/session_token (page "Using OzCapsula Data Container
 * in Web SDK"), a cheap read that waits for no turn at the host. Only the session token goes
 * out: nothing of the access token it was asked with.
 */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const answer = await new OzClient(this, itemIndex)
		.object({ method: 'GET', path: paths.captureSession })
		.catch((error: unknown) => Promise.reject(withSessionAdvice(error)));
	const token = answer.session_token;
	if (typeof token !== 'string' || !token)
		throw unexpectedBodyError(this.getNode(), 200, { keys: Object.keys(answer) }, itemIndex);
	return itemsFor(this, itemIndex, { session_token: token });
}

export const operation = { description, execute } satisfies Operation;
