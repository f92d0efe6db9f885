import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Permit } from '../execution/hostLimiter';
import { AUTH_STATUSES, paths } from '../ozApi';
import { isConnectionFailure, isDroppedConnection, isStoppedShort } from './connectionErrors';
import type { OzRequest, Target } from './send';
import { send, timeoutMs } from './send';
import { isExpiredToken, sessionGateOf } from './session';
import { overDefaultLimits, tooLargeError } from './uploadErrors';

/** Answers after which a read is tried again: rate limit and gateway trouble. */
const READ_RETRY_STATUSES = [429, 502, 503, 504];
const MAX_READ_RETRIES = 3;
/** GUESS(overload-429): a 429 means Oz did no work, so even a write is sent again after it, this many times at most. */
const MAX_OVERLOAD_RETRIES = 5;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 30_000;

/** A read that shows how the host takes the token: one folder of the list. */
const PROBE: OzRequest = { method: 'GET', path: paths.folders, qs: { limit: 1 } };

/** One request's tries: what they share and what has happened so far. */
interface Tries {
	target: Target;
	request: OzRequest;
	permit?: Permit;
	/** Email and Password: the session token may be renewed. */
	loggingIn: boolean;
	gate: ReturnType<typeof sessionGateOf>;
	/** Tries that count against the retry limits (a renewal's resend does not). */
	counted: number;
	renewed: boolean;
	probed: boolean;
}

/** What one try came to: an answer, or a failure with no answer. */
interface Outcome {
	response?: IN8nHttpFullResponse;
	failure?: unknown;
	/** The gate's renewal count when the try left: a renewal since then serves this request too. */
	generation: number;
}

/** A policy's verdict: send again, this answer is final, or no say (the next policy decides). */
type Verdict = 'again' | { answer: IN8nHttpFullResponse } | undefined;

type Policy = (tries: Tries, outcome: Outcome) => Promise<Verdict>;

const cancelled = (tries: Tries) =>
	('getExecutionCancelSignal' in tries.target.ctx &&
		tries.target.ctx.getExecutionCancelSignal?.()?.aborted) === true;

/**
 * Renews an expired login session, once per request and once for all requests that met the same
 * expiry. n8n logs in (the credential's preAuthentication) when the credential's expirable
 * session token is empty: a cheap read, handed the credential with that field emptied, makes
 * that happen whatever status Oz used.
 */
async function renew(tries: Tries, seen: number): Promise<void> {
	tries.renewed = true;
	const { target } = tries;
	const expired = { ...target.credentials, sessionToken: '' };
	await tries.gate.renew(seen, async () => {
		await send(target, { ...PROBE, timeoutSeconds: 30 }, expired);
	});
}

/**
 * A host may answer from the headers alone and close before the body is in (nginx's 413, an
 * expired token); n8n's HTTP client then reports only the broken connection. A cheap read with
 * the same token asks the question again. GUESS(cut-upload): with the token fine and the upload
 * over Oz's default limits, the cut was a refusal for size.
 */
const probeAfterCutUpload: Policy = async (tries, { response, failure, generation }) => {
	const { request, target } = tries;
	if (response || tries.probed || !request.uploads || !isDroppedConnection(failure)) return;
	if (cancelled(tries)) return;
	tries.probed = true;
	// No longer than the upload itself may take, and never long.
	const timeoutSeconds = Math.min(10, timeoutMs(request) / 1000);
	const probe = await send(target, { ...PROBE, timeoutSeconds }).catch(() => undefined);
	if (probe && AUTH_STATUSES.includes(probe.statusCode)) {
		if (!tries.renewed && tries.loggingIn && isExpiredToken(probe.statusCode, probe.body)) {
			await renew(tries, generation);
			// An upload that stopped short was turned away before the host had it whole: send it
			// again. One sent whole may have been stored before the session ran out: it goes on
			// to the look-up by its marker, as any lost answer.
			return isStoppedShort(failure) ? 'again' : undefined;
		}
		// The host turned the token away before it read the upload: nothing was made.
		return { answer: probe };
	}
	if (probe && overDefaultLimits(request.uploads, !request.container))
		throw tooLargeError(target.ctx.getNode(), request.uploads, { closed: true }, target.itemIndex);
	return undefined;
};

/** No answer at all: a read goes again after a pause; anything else gives up with the failure. */
const retryConnection: Policy = async (tries, { response, failure }) => {
	if (response) return undefined;
	const retries = tries.request.method === 'GET' ? MAX_READ_RETRIES : 0;
	if (tries.counted < retries && isConnectionFailure(failure) && !cancelled(tries)) {
		await sleep(backoffMs(tries.counted++));
		return 'again';
	}
	throw failure;
};

/** The session token expired between requests: one renewal for all, then send again with a fresh body. */
const renewExpiredSession: Policy = async (tries, { response, generation }) => {
	if (!response || tries.renewed || !tries.loggingIn) return undefined;
	if (!isExpiredToken(response.statusCode, response.body)) return undefined;
	await renew(tries, generation);
	return 'again';
};

/** A 429 (any request), or a read's gateway trouble: wait, as the host asks or exponentially, and send again. */
const backOff: Policy = async (tries, { response }) => {
	if (!response || cancelled(tries)) return undefined;
	const { statusCode } = response;
	const retries = tries.request.method === 'GET' ? MAX_READ_RETRIES : 0;
	const overloaded = statusCode === 429 && tries.counted < MAX_OVERLOAD_RETRIES;
	if (!overloaded && !(tries.counted < retries && READ_RETRY_STATUSES.includes(statusCode)))
		return undefined;
	tries.permit?.overloaded();
	await sleep(backoffMs(tries.counted++, response.headers?.['retry-after']));
	return 'again';
};

/** Whatever no policy took up is the answer. */
const giveUp: Policy = async (_tries, { response }) =>
	response ? { answer: response } : undefined;

const POLICIES: Policy[] = [
	probeAfterCutUpload,
	retryConnection,
	renewExpiredSession,
	backOff,
	giveUp,
];

/** Sends a request as often as the policies say, and answers the last response. */
export async function sendWithPolicies(
	target: Target,
	request: OzRequest,
	permit: Permit | undefined,
): Promise<IN8nHttpFullResponse> {
	const tries: Tries = {
		target,
		request,
		permit,
		loggingIn: target.withToken && target.credentials.authentication === 'emailPassword',
		gate: sessionGateOf(target.ctx),
		counted: 0,
		renewed: false,
		probed: false,
	};
	const hasSession = Boolean(String(target.credentials.sessionToken ?? '').trim());
	let opened = tries.loggingIn ? await tries.gate.enter(hasSession) : undefined;
	for (;;) {
		if (tries.loggingIn && !opened) await tries.gate.idle();
		const outcome: Outcome = { generation: tries.gate.generation };
		try {
			outcome.response = await send(target, request);
		} catch (error) {
			outcome.failure = error;
		}
		// The first answer after a login lets the requests that waited for the session go.
		opened?.();
		opened = undefined;
		let verdict: Verdict;
		for (const policy of POLICIES) {
			verdict = await policy(tries, outcome);
			if (verdict) break;
		}
		if (verdict !== 'again' && verdict) return verdict.answer;
	}
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
