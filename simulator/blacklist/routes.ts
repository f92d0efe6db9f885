import type { IncomingMessage } from 'node:http';

import type { FolderContext } from '../oz/folders';
import { jsonBody, multipartBody } from '../server/requestBody';
import type { ReceivedRequest } from '../types';
import {
	addPerson,
	addPersonImages,
	createCollection,
	getCollection,
	getPerson,
	patchPersonMetadata,
	personView,
	searchCompanies,
} from './collections';

type Answer = { status: number; body: unknown } | undefined;

/**
 * A list page: `offset`/`limit` as the folder list takes them, answered as {"items": [...]}, or
 * with the `bareLists` quirk as a bare array, as Oz's iOS SDK reads the collections list
 * (docs/oz-facts.md#collections-list).
 */
function page(
	items: unknown[],
	query: Record<string, string>,
	bare = false,
): { items: unknown[] } | unknown[] {
	const offset = Number(query.offset ?? 0);
	const slice = items.slice(offset, offset + Number(query.limit ?? 100));
	return bare ? slice : { items: slice };
}

/** A person and their photos, under /api/collections/{collection_id}/persons. */
async function routePersons(
	request: IncomingMessage,
	received: ReceivedRequest,
	ctx: FolderContext,
	method: string,
	path: string,
): Promise<Answer> {
	const query = received.query;
	let match = /^\/api\/collections\/([^/]+)\/persons$/.exec(path);
	if (match && method === 'POST')
		return { status: 201, body: addPerson(ctx, match[1], await multipartBody(request, received)) };
	if (match && method === 'GET') {
		return {
			status: 200,
			body: page(
				[...getCollection(ctx, match[1]).persons.values()].map(personView),
				query,
				ctx.quirks.bareLists,
			),
		};
	}
	const meta = /^\/api\/collections\/([^/]+)\/persons\/([^/]+)\/meta_data$/.exec(path);
	if (meta && method === 'PATCH')
		return { status: 200, body: patchPersonMetadata(ctx, meta[1], meta[2], jsonBody(received)) };
	match = /^\/api\/collections\/([^/]+)\/persons\/([^/]+)$/.exec(path);
	if (match && method === 'GET')
		return { status: 200, body: personView(getPerson(ctx, match[1], match[2])) };
	if (match && method === 'DELETE') {
		getPerson(ctx, match[1], match[2]);
		getCollection(ctx, match[1]).persons.delete(match[2]);
		return { status: 204, body: null };
	}
	match = /^\/api\/collections\/([^/]+)\/persons\/([^/]+)\/images$/.exec(path);
	if (match && method === 'POST') {
		return {
			status: 201,
			body: addPersonImages(ctx, match[1], match[2], await multipartBody(request, received)),
		};
	}
	if (match && method === 'GET')
		return {
			status: 200,
			body: page(
				getPerson(ctx, match[1], match[2]).images.map((i) => i.json),
				query,
			),
		};
	return undefined;
}

/** Page "Collection (1:N) Management in Oz API": companies, collections, persons and their photos. */
export async function routeBlacklist(
	request: IncomingMessage,
	received: ReceivedRequest,
	ctx: FolderContext,
	method: string,
	path: string,
): Promise<Answer> {
	const query = received.query;
	if (path === '/api/companies' && method === 'GET')
		return { status: 200, body: page(searchCompanies(query.search_text), query) };
	if (path === '/api/collections' && method === 'POST')
		return { status: 201, body: createCollection(ctx, jsonBody(received)) };
	if (path === '/api/collections' && method === 'GET') {
		return {
			status: 200,
			body: page(
				[...ctx.store.collections.values()].map((c) => c.json),
				query,
				ctx.quirks.bareLists,
			),
		};
	}
	const match = /^\/api\/collections\/([^/]+)$/.exec(path);
	if (match && method === 'DELETE') {
		getCollection(ctx, match[1]);
		ctx.store.collections.delete(match[1]);
		return { status: 204, body: null };
	}
	return await routePersons(request, received, ctx, method, path);
}
