import { randomBytes } from 'node:crypto';

import { SessionTokens } from '../container/sessionTokens';
import { OzError, OzErrorCode } from './ozError';

/** Oz's user types: an OPERATOR may not request session tokens (page "Using OzCapsula Data Container in Web SDK"). */
type Role = 'CLIENT' | 'OPERATOR';

export interface SimUser {
	email: string;
	password: string;
	/** CLIENT unless set. */
	role?: Role;
}

/**
 * Tokens: fixed service tokens (never expire) and session tokens issued by
 * POST /api/authorize/auth, which tests can expire on demand.
 */
export class Sessions {
	private readonly sessions = new Map<string, { expired: boolean; role: Role }>();

	/** The session tokens containers carry (not the access tokens above). */
	readonly sessionTokens = new SessionTokens();

	/** How many logins there were, for tests of token renewal. */
	logins = 0;

	/** How many times every session expired at once. */
	expiries = 0;

	/** Answered API requests since the last recurring expiry (`expireSessionsEvery`). */
	private answered = 0;

	constructor(
		private readonly serviceTokens: Set<string>,
		private readonly users: SimUser[],
	) {}

	login(body: unknown): Record<string, unknown> {
		const credentials = (body as { credentials?: { email?: unknown; password?: unknown } } | null)
			?.credentials;
		if (
			!credentials ||
			typeof credentials.email !== 'string' ||
			typeof credentials.password !== 'string'
		) {
			throw new OzError(
				400,
				OzErrorCode.INVALID_STRUCTURE,
				'Could not locate field for key_path credentials.email from provided dict data',
			);
		}
		const user = this.users.find(
			(u) => u.email === credentials.email && u.password === credentials.password,
		);
		// The framework's code 15, "credentials invalid" (lamb-core, lamb/exc.py).
		if (!user) throw new OzError(401, 15, 'Invalid credentials');
		this.logins++;
		const accessToken = randomBytes(24).toString('hex');
		const role = user.role ?? 'CLIENT';
		this.sessions.set(accessToken, { expired: false, role });
		return {
			access_token: accessToken,
			expire_token: randomBytes(24).toString('hex'),
			expire_date: Math.floor(Date.now() / 1000) + 15 * 60,
			user: { email: user.email, user_type: role },
		};
	}

	/**
	 * Throws Oz's error for a missing (6), unknown (7) or expired (8) token (page "API Error
	 * Codes"). The page names no status; 401 is our default, and a host may use 403. Answers the
	 * token's role: service tokens act as CLIENT.
	 */
	check(token: string | string[] | undefined, status: number = 401): Role {
		if (token === undefined || token === '') {
			throw new OzError(
				status,
				OzErrorCode.AUTH_NOT_PROVIDED,
				'Authentication credentials were not provided',
			);
		}
		if (typeof token !== 'string')
			throw new OzError(status, OzErrorCode.AUTH_INVALID, 'Invalid access token');
		if (this.serviceTokens.has(token)) return 'CLIENT';
		const session = this.sessions.get(token);
		if (!session) throw new OzError(status, OzErrorCode.AUTH_INVALID, 'Invalid access token');
		if (session.expired)
			throw new OzError(status, OzErrorCode.AUTH_EXPIRED, 'Access token expired');
		return session.role;
	}

	/** Expires every session token issued so far, as a 15-minute TTL would. */
	expireAll(): void {
		for (const session of this.sessions.values()) session.expired = true;
		this.expiries++;
	}

	/** Counts one answered API request; every `every`-th expires all sessions. */
	countAnswer(every: number): void {
		if (++this.answered < every) return;
		this.answered = 0;
		this.expireAll();
	}

	reset(): void {
		this.sessions.clear();
		this.sessionTokens.reset();
		this.logins = 0;
		this.expiries = 0;
		this.answered = 0;
	}
}
