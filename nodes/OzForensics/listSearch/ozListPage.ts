import type { IDataObject, IN8nHttpFullResponse, ILoadOptionsFunctions } from 'n8n-workflow';

import { parseBody } from '../input/json';
import { connectionError, ozApiError } from '../transport/apiErrors';
import { normaliseBaseUrl } from '../transport/baseUrl';
import { listItems, listTotal } from '../transport/listBody';
import type { OzCredentials } from '../transport/session';
import { CREDENTIAL_TYPE, isExpiredToken, renewSessionToken } from '../transport/session';

/** Entries the editor's pickers show per page. */
const PICKER_PAGE_SIZE = 50;

export interface ListPage {
	entries: IDataObject[];
	/** The offset of the next page, as n8n's pagination token; absent on the last page. */
	next?: string;
}

/**
 * One page of one of Oz's lists, for a picker in the editor. A read only: the limiter and the
 * recovery of the send path have nothing to do here. An expired session is renewed once.
 */
export async function ozListPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	paginationToken?: string,
	qs: IDataObject = {},
): Promise<ListPage> {
	const credentials = await ctx.getCredentials<OzCredentials>(CREDENTIAL_TYPE);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	const offset = Number(paginationToken ?? 0) || 0;
	const ask = async () => {
		try {
			return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				method: 'GET',
				url: `${baseUrl}${path}`,
				qs: { ...qs, offset, limit: PICKER_PAGE_SIZE },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 30_000,
				skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw connectionError(ctx.getNode(), error, baseUrl, 0);
		}
	};
	let response = await ask();
	if (
		credentials.authentication === 'emailPassword' &&
		isExpiredToken(response.statusCode, parseBody(response.body))
	) {
		await renewSessionToken(ctx, baseUrl, credentials, 0);
		response = await ask();
	}
	const body = parseBody(response.body);
	if (response.statusCode < 200 || response.statusCode >= 300)
		throw ozApiError(ctx.getNode(), response.statusCode, body, 0);
	const entries = listItems(body);
	const total = listTotal(body);
	const end = offset + entries.length;
	const more = entries.length === PICKER_PAGE_SIZE && (total === undefined || end < total);
	return { entries, next: more ? String(end) : undefined };
}

/** Whether the picker's search text is in any of the entry's texts (case-insensitive). */
export function matchesFilter(filter: string | undefined, texts: unknown[]): boolean {
	const wanted = filter?.trim().toLowerCase();
	if (!wanted) return true;
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted));
}
