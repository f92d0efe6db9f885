import type { IncomingMessage } from 'node:http';

import { routeBlacklist } from '../blacklist/routes';
import { containerForm, isContainerRequest, needsAccessToken } from '../container/requests';
import { jsonBody, multipartBody } from '../server/requestBody';
import type { ContainerSettings } from '../server/settings';
import type { ReceivedRequest } from '../types';
import type { Sessions } from './auth';
import { listFolders } from './folderList';
import type { FolderContext } from './folders';
import {
	addMedia,
	analysisView,
	createFolder,
	folderView,
	getFolder,
	startAnalyses,
} from './folders';
import { folderMetadata } from './metadata';
import { OzError, OzErrorCode } from './ozError';

export interface ApiAnswer {
	status: number;
	body: unknown;
}

/** Folders: the single request, the list, one folder, its media, analyses and metadata. */
async function routeFolders(
	request: IncomingMessage,
	received: ReceivedRequest,
	ctx: FolderContext,
	method: string,
	path: string,
): Promise<ApiAnswer | undefined> {
	const query = received.query;
	// Page "Single Request": media files plus a `payload` part, answered with the folder.
	if (path === '/api/folders' && method === 'POST') {
		const form = await multipartBody(request, received);
		return { status: 201, body: createFolder(ctx, form, true, received.deferAnalyses === true) };
	}
	// Page "Instant API: Non-Persistent Mode".
	if (path === '/api/instant/folders' && method === 'POST') {
		return { status: 201, body: createFolder(ctx, await multipartBody(request, received), false) };
	}
	if (path === '/api/folders' && method === 'GET')
		return { status: 200, body: listFolders(ctx, query, received.params.getAll('meta_data')) };
	let match = /^\/api\/folders\/([^/]+)$/.exec(path);
	if (match && method === 'GET') {
		const folder = getFolder(ctx.store, match[1]);
		return { status: 200, body: folderView(ctx, folder, query.with_analyses === 'true') };
	}
	// Page "Uploading Media"; pages "Liveness" and "Biometry" for starting and reading analyses.
	match = /^\/api\/folders\/([^/]+)\/media$/.exec(path);
	if (match && method === 'POST') {
		return { status: 201, body: addMedia(ctx, match[1], await multipartBody(request, received)) };
	}
	match = /^\/api\/folders\/([^/]+)\/analyses$/.exec(path);
	if (match && method === 'POST')
		return { status: 201, body: startAnalyses(ctx, match[1], jsonBody(received)) };
	if (match && method === 'GET') {
		return {
			status: 200,
			body: getFolder(ctx.store, match[1]).analyses.map((a) => analysisView(ctx, a)),
		};
	}
	// Page "Metadata".
	match = /^\/api\/folders\/([^/]+)\/meta_data$/.exec(path);
	if (match) {
		const body = method === 'GET' || received.rawBody.length === 0 ? undefined : jsonBody(received);
		return { status: 200, body: folderMetadata(ctx, match[1], method, body) };
	}
	return undefined;
}

/** An unknown path: Oz's 404 with code 10. */
function noSuchEndpoint(received: ReceivedRequest): OzError {
	return new OzError(404, OzErrorCode.NOT_EXIST, `No such endpoint: ${received.path}`);
}

/**
 * Page "Using OzCapsula Data Container in Web SDK": GET /api/authorize/session_token answers
 * `{"session_token": …}`, for any role but OPERATOR. Containers (page "OzCapsula Data
 * Container") carry one and are then handled as the single request (or the Instant API's).
 * An Oz before 6.4.1 (`noSessionTokens`) knows neither, as any unknown endpoint.
 */
function routeContainers(
	request: IncomingMessage,
	received: ReceivedRequest,
	ctx: FolderContext,
	sessions: Sessions,
	access: { role: string | undefined; containers: ContainerSettings },
): ApiAnswer | undefined {
	const path = received.path.replace(/\/+$/, '');
	const tokenPath = path === '/api/authorize/session_token' && request.method === 'GET';
	const container = isContainerRequest(request, received, ctx.quirks);
	if (!tokenPath && !container) return undefined;
	if (ctx.quirks.noSessionTokens) throw noSuchEndpoint(received);
	if (tokenPath) {
		if (access.role === 'OPERATOR') {
			throw new OzError(
				403,
				OzErrorCode.AUTH_FORBIDDEN,
				'Users with the OPERATOR role may not request session tokens',
			);
		}
		const token = sessions.sessionTokens.issue(access.containers.sessionTokenTtlMs);
		return { status: 200, body: { session_token: token } };
	}
	const form = containerForm(received, sessions.sessionTokens, access.containers);
	if (path === '/api/folders')
		return { status: 201, body: createFolder(ctx, form, true, received.deferAnalyses === true) };
	return { status: 201, body: createFolder(ctx, form, false) };
}

/** The Oz API paths the simulator implements. */
export async function routeApi(
	request: IncomingMessage,
	received: ReceivedRequest,
	ctx: FolderContext,
	sessions: Sessions,
	containers: ContainerSettings,
): Promise<ApiAnswer> {
	const method = request.method ?? 'GET';
	const path = received.path.replace(/\/+$/, '');
	// Page "Authentication": POST /api/authorize/auth; every other call carries X-Forensic-Access-Token.
	if (path === '/api/authorize/auth' && method === 'POST')
		return { status: 200, body: sessions.login(jsonBody(received)) };
	const role = needsAccessToken(request, received, ctx.quirks)
		? sessions.check(request.headers['x-forensic-access-token'], ctx.quirks.authStatus)
		: undefined;
	const answer =
		routeContainers(request, received, ctx, sessions, { role, containers }) ??
		(await routeFolders(request, received, ctx, method, path)) ??
		(await routeBlacklist(request, received, ctx, method, path));
	if (answer) return answer;
	const match = /^\/api\/analyses\/([^/]+)$/.exec(path);
	if (match && method === 'GET') {
		const found = ctx.store.analyses.get(match[1]);
		if (!found)
			throw new OzError(404, OzErrorCode.NOT_EXIST, `Analysis ${match[1]} does not exist`);
		return { status: 200, body: analysisView(ctx, found.analysis) };
	}
	if (/^\/api\/(folders|analyses|instant|collections|companies)/.test(path)) {
		throw new OzError(
			405,
			OzErrorCode.NOT_ALLOWED,
			`Method ${method} not allowed on ${received.path}`,
		);
	}
	throw noSuchEndpoint(received);
}
