import { randomBytes } from 'node:crypto';

import { OzError, OzErrorCode } from '../oz/ozError';

/**
 * Session tokens for containers (page "Using OzCapsula Data Container in Web SDK"): one per
 * capture session, valid for a few minutes, so a container cannot be replayed.
 */
export class SessionTokens {
	private readonly tokens = new Map<string, { expiresAt: number; spent: boolean }>();

	issue(ttlMs: number): string {
		// Opaque to clients; Oz's are JWTs ("eyJh…"), which nothing outside Oz reads.
		const token = `sim-st-${randomBytes(16).toString('hex')}`;
		this.tokens.set(token, { expiresAt: Date.now() + ttlMs, spent: false });
		return token;
	}

	/**
	 * Takes the container's token, or refuses it with code 14 (page "OzCapsula Data Container").
	 * GUESS(container-replay): a spent token reads as "Invalid or empty Session Token" too; with
	 * `singleUse` off a replay is taken.
	 */
	spend(token: string, singleUse: boolean): void {
		const entry = this.tokens.get(token);
		const problem = !entry
			? 'The session token is empty or unknown'
			: Date.now() >= entry.expiresAt
				? 'The session token has expired'
				: entry.spent && singleUse
					? 'The session token was already used'
					: undefined;
		if (problem || !entry) {
			throw new OzError(400, OzErrorCode.CONTAINER_INVALID, 'Invalid or empty Session Token', {
				description: problem,
			});
		}
		entry.spent = true;
	}

	reset(): void {
		this.tokens.clear();
	}
}
