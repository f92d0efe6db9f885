import type { IncomingMessage } from 'node:http';

import type { ReceivedForm } from '../server/multipart';
import type { ContainerSettings } from '../server/settings';
import type { HostQuirks, ReceivedRequest } from '../types';
import { readContainer } from './format';
import type { SessionTokens } from './sessionTokens';

const INSTANT_PATH = '/api/instant/folders';

/**
 * A container upload: a POST of `application/octet-stream` to the single request's or the
 * Instant API's path (page "OzCapsula Data Container" prints `/api/folders` and
 * `/api/instant/folders`). GUESS(container-slash): the spellings with a trailing slash take
 * one too, unless `containerExactPath`; then they go the multipart way and its code 3.
 */
export function isContainerRequest(
	request: IncomingMessage,
	received: ReceivedRequest,
	quirks: HostQuirks,
): boolean {
	const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (request.method !== 'POST' || type !== 'application/octet-stream') return false;
	const path = quirks.containerExactPath ? received.path : received.path.replace(/\/+$/, '');
	return path === '/api/folders' || path === INSTANT_PATH;
}

/**
 * GUESS(instant-token): an Instant host checks the access token for containers as elsewhere;
 * with `instantNoAuth` its container path takes none (page "Instant API: Non-Persistent Mode"
 * leaves authorization "set on your side").
 */
export function needsAccessToken(
	request: IncomingMessage,
	received: ReceivedRequest,
	quirks: HostQuirks,
): boolean {
	if (!quirks.instantNoAuth || quirks.noSessionTokens) return true;
	const instant = received.path.replace(/\/+$/, '') === INSTANT_PATH;
	return !(instant && isContainerRequest(request, received, quirks));
}

/**
 * The container's content as the multipart form of a single request, so folders are made
 * the same way. Recorded on the request for the tests; the session token is spent as soon
 * as the container unpacked, so a fault or a lost answer after this still leaves it spent.
 */
export function containerForm(
	received: ReceivedRequest,
	tokens: SessionTokens,
	settings: ContainerSettings,
): ReceivedForm {
	const opened = readContainer(received.rawBody);
	received.container = {
		sessionToken: opened.sessionToken,
		payload: opened.payload,
		media: opened.media.map(({ key, fileName, mimeType, data }) => ({
			key,
			fileName,
			mimeType,
			size: data.length,
		})),
	};
	received.files = opened.media.map(({ key, fileName, mimeType, data }) => ({
		field: key,
		fileName,
		mimeType,
		data,
	}));
	received.fields = { payload: JSON.stringify(opened.payload) };
	tokens.spend(opened.sessionToken, settings.singleUseTokens);
	return { files: received.files, fields: received.fields };
}
