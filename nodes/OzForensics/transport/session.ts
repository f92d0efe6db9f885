import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
} from 'n8n-workflow';

import { parseBody } from '../input/json';
import { AUTH_STATUSES } from '../ozApi';
import { isOzErrorBody } from './apiErrors';

export const CREDENTIAL_TYPE = 'ozForensicsApi';

export interface OzCredentials extends IDataObject {
	baseUrl: string;
	authentication?: string;
	accessToken?: string;
	ignoreSslIssues?: boolean;
}

/** Oz error codes that mean the token is no longer good: 7 AUTH INVALID, 8 AUTH EXPIRED (page "API Error Codes"). */
const EXPIRED_TOKEN_CODES = [7, 8];

/** A 401 without an Oz body, or Oz's code 7 or 8 on a 401 or 403. */
export function isExpiredToken(status: number, body: unknown): boolean {
	if (!AUTH_STATUSES.includes(status)) return false;
	const parsed = parseBody(body);
	return isOzErrorBody(parsed) ? EXPIRED_TOKEN_CODES.includes(parsed.error_code) : status === 401;
}

/** Credential data this node already holds, in the form n8n's request helpers take it. */
export function decryptedCredential(data: OzCredentials): ICredentialsDecrypted {
	return {
		id: CREDENTIAL_TYPE,
		name: CREDENTIAL_TYPE,
		type: CREDENTIAL_TYPE,
		data: data as ICredentialDataDecryptedObject,
	};
}

/**
 * One login at a time in a node run (email and password). While no session exists, the first
 * request goes alone and the others wait for its answer, so Parallel Requests 5 does not log
 * in five times; an expiry is renewed once, and the requests that met it resend with the new
 * token. A host that keeps one session per user, or limits logins, sees one login per need.
 */
class SessionGate {
	private pending: Promise<void> | undefined;

	/** Bumped by every renewal, so a request knows whether its token was renewed since it was sent. */
	generation = 0;

	/** Resolves when no login is under way; answers whether it had to wait for one. */
	async idle(): Promise<boolean> {
		if (!this.pending) return false;
		while (this.pending) await this.pending;
		return true;
	}

	/**
	 * Before a request: waits for a login under way. Without a session, the first caller goes
	 * alone and gets a function to call once it is answered; the others wait for that.
	 */
	async enter(hasSession: boolean): Promise<(() => void) | undefined> {
		if ((await this.idle()) || hasSession) return undefined;
		let open: () => void = () => {};
		this.pending = new Promise<void>((resolve) => (open = resolve));
		return () => {
			this.pending = undefined;
			open();
		};
	}

	/** After an expiry: renews unless another request already did since `seen`, then resolves. */
	async renew(seen: number, renew: () => Promise<void>): Promise<void> {
		if (this.generation !== seen) {
			await this.idle();
			return;
		}
		this.generation++;
		const renewal = renew().finally(() => {
			if (this.pending === done) this.pending = undefined;
		});
		const done = renewal.then(
			() => undefined,
			() => undefined,
		);
		this.pending = done;
		await renewal;
	}
}

const gates = new WeakMap<object, SessionGate>();

/** The gate of a node run: n8n hands every item of a run the same execute context. */
export function sessionGateOf(ctx: object): SessionGate {
	let gate = gates.get(ctx);
	if (!gate) {
		gate = new SessionGate();
		gates.set(ctx, gate);
	}
	return gate;
}
