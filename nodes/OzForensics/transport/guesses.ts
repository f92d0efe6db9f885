import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../input/json';

/*
 * What no Oz doc page says, in one place (the README lists each, under "What is guessed").
 * Everything else the node assumes of Oz is in ozApi.ts, with its doc page.
 */

/** Folder metadata key of the marker every single request carries (a digest): our own name, not Oz's. */
export const MARKER_FIELD = 'n8n_request_id';

/** Folder metadata key the Idempotency Key is kept under, readable beside the marker: our own name. */
export const IDEMPOTENCY_FIELD = 'n8n_idempotency_key';

/** Largest page asked for when listing folders: the legacy "folder list" page gives 100 as the default `limit`. */
export const FOLDER_PAGE_SIZE = 100;

/**
 * The query parameter for the decision filter. The legacy folder list filtered the decision as
 * `resolution_status`, which 6.x uses for the processing stage (page "Statuses in API"); no page
 * names the 6.x parameter. The node sends this and also filters the answer itself.
 */
export const DECISION_QUERY = 'system_resolution';

/** Analysis states that mean "not done yet": Oz's iOS SDK polls on these two. */
export const RUNNING_STATES = ['PROCESSING', 'INITIAL'];

/**
 * Lists come as `{items: [...]}` (page "Quantitative Results") or, from Oz's iOS SDK's reading
 * of the collections list, a bare array (oz-api.md, "Third reading", item 6).
 */
export function listItems(body: unknown): IDataObject[] {
	const list = Array.isArray(body)
		? body
		: isPlainObject(body) && Array.isArray(body.items)
			? body.items
			: [];
	return list.filter(isPlainObject);
}

/**
 * How many entries the list holds in all: `total_count`, the framework's name (oz-api.md,
 * "Third reading", item 8), or `total` (GUESS: no page shows it, a host may send it).
 */
export function listTotal(body: unknown): number | undefined {
	if (!isPlainObject(body)) return undefined;
	const total = body.total_count ?? body.total;
	return typeof total === 'number' ? total : undefined;
}

/** Time filters are Unix seconds (legacy "folder list" page: "UNIX timestamps"). */
export function toUnixSeconds(value: string | number): number {
	return Math.floor(new Date(value).getTime() / 1000);
}

/**
 * How much further back than asked a look-up by the marker searches,
 * to allow for clocks that differ between n8n and Oz. The page "Security Recommendations" narrows its look-up with `time_created.min`.
 */
export const LOOKUP_WINDOW_SECONDS = 3600;

/**
 * Pages of 100 a look-up by the marker reads at most, on a host whose list ignores the filter.
 */
export const LOOKUP_MAX_PAGES = 20;

/**
 * GUESS: after a lost answer, how long the node keeps looking for the folder before it sends
 * once more. No page says whether a host lists a folder from its arrival (as the single request
 * creates it first) or only once analysed; 30 s covers a queue of a few analyses.
 */
export const RELOOK_MS = 30_000;

/** Between two of those looks. */
export const RELOOK_INTERVAL_MS = 2_000;

function isAnalysis(entry: IDataObject): boolean {
	return (
		entry.analysis_id !== undefined ||
		entry.analyse_id !== undefined ||
		Array.isArray(entry.results_media)
	);
}

/**
 * The folder's decision from its analyses, as the page "Statuses in API" describes
 * `system_resolution` as far as it is readable: SUCCESS when all succeeded, OPERATOR_REQUIRED
 * when none was declined but some need an operator. DECLINED for any declined is our reading.
 */
function decisionOf(analyses: IDataObject[]): string | null {
	const results = analyses.map((analysis) => analysis.resolution_status ?? analysis.resolution);
	if (results.length === 0) return null;
	if (results.includes('DECLINED')) return 'DECLINED';
	if (results.includes('OPERATOR_REQUIRED')) return 'OPERATOR_REQUIRED';
	return results.every((result) => result === 'SUCCESS') ? 'SUCCESS' : null;
}

/**
 * An Instant API answer as a folder. Oz's Postman collection "OZ-Forensic Instant 6.0.0" reads
 * the answer as an array (`jsonData[0]['media_id']`); the page shows no answer. An array is
 * read as media and analyses (an entry with an analysis id or `results_media`, or a media
 * entry's own `analyses`), and given the folder's fields; a folder object stays as it is.
 */
export function instantAnswerToFolder(body: IDataObject | IDataObject[]): IDataObject {
	if (!Array.isArray(body)) return body;
	const entries = body.filter(isPlainObject);
	const analyses = entries.filter(isAnalysis);
	const media = entries.filter((entry) => !isAnalysis(entry));
	for (const entry of media)
		if (Array.isArray(entry.analyses)) analyses.push(...entry.analyses.filter(isPlainObject));
	const folderId =
		entries.map((entry) => entry.folder_id).find((id) => typeof id === 'string') ?? null;
	return {
		folder_id: folderId,
		resolution_status: null,
		system_resolution: decisionOf(analyses),
		media,
		analyses,
	};
}

/**
 * Deleting: page "Collection (1:N) Management in Oz API" says it covers deleting persons,
 * photos and the collection, but the calls are not readable. DELETE on the resource is our guess.
 */
export const deletePaths = {
	collection: (collectionId: string) => `/api/collections/${encodeURIComponent(collectionId)}/`,
	person: (collectionId: string, personId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/${encodeURIComponent(personId)}/`,
};

/*
 * Page "Metadata" names DELETE "Metadata deletion" without showing a body; Folder → Update
 * Metadata removes some keys with DELETE and a JSON list of the keys (our guess).
 */

/*
 * A 429 is taken to mean that Oz did no work, so transport/request.ts sends even a single
 * request again after it (MAX_OVERLOAD_RETRIES); no page says what Oz does behind a 429.
 */
