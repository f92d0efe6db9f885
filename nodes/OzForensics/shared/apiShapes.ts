import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from './json';

/*
 * Parts of the Oz API the public docs do not pin down. Each is a guess from the docs we have
 * (see the README, "What is guessed"); change it here and nowhere else.
 */

export const paths = {
	singleRequest: '/api/folders/',
	instantRequest: '/api/instant/folders/',
	folders: '/api/folders/',
	folder: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/`,
	folderMedia: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/media/`,
	folderAnalyses: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/analyses/`,
	analysis: (analysisId: string) => `/api/analyses/${encodeURIComponent(analysisId)}`,
};

/** Folder metadata key Safe Retry puts its request id under (our own name, not Oz's). */
export const SAFE_RETRY_KEY = 'n8n_request_id';

/** Largest page asked for when listing folders (the legacy docs give 100 as the default). */
export const FOLDER_PAGE_SIZE = 100;

/** Analysis states that mean "not done yet" (Oz's iOS SDK polls on these two). */
export const RUNNING_STATES = ['PROCESSING', 'INITIAL'];

/** The folder list may come as `{items: [...]}` (docs) or as a bare array. */
export function folderListItems(body: unknown): IDataObject[] {
	const list = Array.isArray(body) ? body : isPlainObject(body) && Array.isArray(body.items) ? body.items : [];
	return list.filter(isPlainObject);
}

/** Time filters are Unix seconds (legacy "folder list" page). */
export function toUnixSeconds(value: string): number {
	return Math.floor(new Date(value).getTime() / 1000);
}
