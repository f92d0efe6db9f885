import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import type { Permit } from '../execution/hostLimiter';
import { OzInputError } from '../input/inputError';
import { admit } from './admission';
import { isOverload } from './apiErrors';
import { normaliseBaseUrl } from './baseUrl';
import type { OzContext, OzRequest, Target } from './send';
import type { OzCredentials } from './session';
import { CREDENTIAL_TYPE } from './session';
import { sendWithPolicies } from './tries';

/** An answer, and how long its request waited in n8n for its turn at the host (0 for most). */
export interface Exchanged {
	response: IN8nHttpFullResponse;
	queuedMs: number;
}

/** Oz pushed back: the host's limit halves. */
const PUSHBACK_STATUS = 503;
/** A gateway's page instead of Oz's answer: the limit halves if the request waited long (adaptiveLimit.ts `lost`). */
const LOST_ANSWER_STATUSES = [502, 504];

function sameOrigin(url: string, baseUrl: string): boolean {
	return URL.canParse(url) && new URL(url).origin === new URL(baseUrl).origin;
}

function isExecution(ctx: OzContext): ctx is IExecuteFunctions {
	return 'getExecutionId' in ctx;
}

/**
 * One request: the credential read once, the Base URL checked, a turn at the Oz host for a
 * request that starts analyses, the tries (tries.ts), and the turn given back with what the
 * answer says of Oz.
 */
export async function exchange(
	ctx: OzContext,
	request: OzRequest,
	itemIndex: number,
): Promise<Exchanged> {
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
	const target: Target = {
		ctx,
		baseUrl,
		credentials,
		withToken: !request.file || sameOrigin(request.path, baseUrl),
		itemIndex,
	};
	// Only an execution starts analyses; the editor's pickers only read.
	const permit =
		request.admission && isExecution(ctx)
			? await admit(ctx, baseUrl, request.admission)
			: undefined;
	const outcome = await sendWithPolicies(target, request, permit).then(
		(response) => ({ response, error: undefined }),
		(error: unknown) => ({ response: undefined, error }),
	);
	if (!outcome.response) {
		release(permit, request, failureOutcome(outcome.error));
		return await Promise.reject(outcome.error);
	}
	const { response } = outcome;
	const { statusCode } = response;
	release(
		permit,
		request,
		statusCode === PUSHBACK_STATUS
			? 'overload'
			: LOST_ANSWER_STATUSES.includes(statusCode)
				? 'lost'
				: response,
	);
	return { response, queuedMs: permit?.queuedMs ?? 0 };
}

/** What a request that ended without an answer tells the limiter. */
function failureOutcome(error: unknown): 'overload' | 'lost' | 'unmeasured' {
	if (!isOverload(error)) return 'unmeasured';
	const status = error instanceof NodeError && 'httpCode' in error ? Number(error.httpCode) : NaN;
	return status === PUSHBACK_STATUS || status === 429 ? 'overload' : 'lost';
}

function release(
	permit: Permit | undefined,
	request: OzRequest,
	outcome: IN8nHttpFullResponse | 'overload' | 'lost' | 'unmeasured',
): void {
	if (!permit) return;
	if (typeof outcome === 'string') {
		permit.release(outcome);
		return;
	}
	const analyses = request.admission?.analyses ?? 0;
	const ok = outcome.statusCode >= 200 && outcome.statusCode < 300;
	permit.release(ok && analyses > 0 ? { analyses } : 'unmeasured');
}
