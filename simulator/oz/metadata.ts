import type { Json } from '../types';
import type { FolderContext } from './folders';
import { getFolder } from './folders';
import { invalid, isObject } from './payload';
import { OzErrorCode } from './ozError';

/*
 * Page "Metadata": GET reads all fields, POST adds/replaces, PATCH modifies, DELETE deletes, on
 * /api/{folders|media|analyses|collections|users}/{id}/meta_data; the legacy PATCH example
 * sends the fields to change. Here only folders. GUESS(metadata), no page shows more: POST sets
 * the whole metadata, PATCH merges, DELETE with a JSON list of keys removes those keys (all
 * without a body).
 */
export function folderMetadata(
	ctx: FolderContext,
	folderId: string,
	method: string,
	body: unknown,
): Json {
	const folder = getFolder(ctx.store, folderId);
	const current = isObject(folder.json.meta_data) ? folder.json.meta_data : {};
	if (method === 'GET') return current;
	if (method === 'DELETE') {
		const keys = Array.isArray(body)
			? body.filter((key): key is string => typeof key === 'string')
			: Object.keys(current);
		folder.json.meta_data = Object.fromEntries(
			Object.entries(current).filter(([key]) => !keys.includes(key)),
		);
	} else {
		if (!isObject(body)) throw invalid(OzErrorCode.INVALID_TYPE, 'Metadata must be a JSON object');
		folder.json.meta_data = method === 'POST' ? body : { ...current, ...body };
	}
	folder.json.time_updated = Date.now() / 1000;
	return folder.json.meta_data as Json;
}
