import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseBody } from '../request/json';
import { connectionError, isOzErrorBody } from './apiErrors';
import { paths } from './ozApi';

export const CREDENTIAL_TYPE = 'ozForensicsApi';

export interface OzCredentials extends IDataObject {
	baseUrl: string;
	authentication?: string;
	accessToken?: string;
	ignoreSslIssues?: boolean;
}

/**
 * Oz error codes that mean the token is no longer good: 7 AUTH INVALID, 8 AUTH EXPIRED (page
 * "API Error Codes"). The page gives the codes, not the HTTP status, so 401 and 403 both count.
 */
const EXPIRED_TOKEN_CODES = [7, 8];
const AUTH_STATUSES = [401, 403];

/** A 401 without an Oz body, or Oz's code 7 or 8 on a 401 or 403. */
export function isExpiredToken(status: number, body: unknown): boolean {
	if (!AUTH_STATUSES.includes(status)) return false;
	const parsed = parseBody(body);
	return isOzErrorBody(parsed) ? EXPIRED_TOKEN_CODES.includes(parsed.error_code) : status === 401;
}

/**
 * n8n logs in (the credential's preAuthentication) and stores the new token when the
 * credential's expirable session token is empty. A cheap read, handed the credential with
 * that field emptied, makes that happen whatever status Oz used; the caller then resends its
 * own request, with a body built anew.
 */
export async function renewSessionToken(
	ctx: IExecuteFunctions,
	baseUrl: string,
	credentials: OzCredentials,
	itemIndex: number,
): Promise<void> {
	const expired = { ...credentials, sessionToken: '' };
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			{
				method: 'GET',
				url: `${baseUrl}${paths.folders}`,
				qs: { limit: 1 },
				json: true,
				skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			},
			{
				credentialsDecrypted: {
					id: CREDENTIAL_TYPE,
					name: CREDENTIAL_TYPE,
					type: CREDENTIAL_TYPE,
					data: expired,
				},
			},
		);
	} catch (error) {
		throw connectionError(ctx.getNode(), error, baseUrl, itemIndex);
	}
}
