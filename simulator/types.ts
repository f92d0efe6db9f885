import type { IncomingHttpHeaders } from 'node:http';

/** The shapes the simulator's parts share: what it receives, stores and answers. */

export type Json = Record<string, unknown>;

/** A fault drawn by `faultRates` (server/faults.ts): a lost answer of three kinds, a cut upload, a 429. */
export type DrawnFault = 'lost-502' | 'lost-504' | 'lost-cut' | 'reset' | 'throttle';

/** What the simulator received, so tests can assert on the exact request. */
export interface ReceivedRequest {
	/** Epoch ms when the request arrived. */
	at: number;
	/** Epoch ms when it was answered (or given up on), if it was. */
	doneAt?: number;
	/** Epoch ms when Oz was done with it: after a gateway 504, later than `doneAt`. */
	workDoneAt?: number;
	/** Epoch ms when the gateway in front gave up on it and answered 504, if it did. */
	gatewayAt?: number;
	method: string;
	path: string;
	query: Record<string, string>;
	/** The query with repeated parameters, e.g. several `meta_data` filters. */
	params: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	files: Array<{ field: string; fileName: string; mimeType: string; data: Buffer }>;
	fields: Record<string, string>;
	/** The fault `faultRates` drew for this single request, if any. */
	drawnFault?: DrawnFault;
	/** Set by the capacity model: the single request's folder is stored with its analyses still PROCESSING. */
	deferAnalyses?: boolean;
	/** What a container (the stand-in for OzCapsula) held, once it unpacked; also in `files` and `fields`. */
	container?: ReceivedContainer;
}

/** A container's content as the simulator read it (media bytes are in `ReceivedRequest.files`). */
interface ReceivedContainer {
	sessionToken: string;
	payload: Json;
	media: Array<{ key: string; fileName: string; mimeType: string; size: number }>;
}

export interface StoredMedia {
	json: Json;
	data: Buffer;
}

export interface StoredAnalysis {
	/** Fields that do not change while the analysis runs. */
	json: Json;
	request: PayloadAnalysis;
	media: StoredMedia[];
	/** Epoch ms from which the analysis reads as finished. */
	readyAt: number;
	outcome?: AnalysisOutcome;
}

export interface StoredFolder {
	json: Json;
	media: StoredMedia[];
	analyses: StoredAnalysis[];
}

export interface PayloadAnalysis {
	type: string;
	/** Blacklist analyses: the collection to search (page "Collection (1:N) Check"). */
	collection_id?: string;
	params: Json;
	meta_data: Json;
	source_media?: string[];
}

export interface Payload {
	folderMeta: Json;
	mediaMeta: Record<string, Json>;
	tags: Record<string, string[]>;
	analyses: PayloadAnalysis[];
}

export interface AnalysisOutcome {
	state: string;
	resolution: string;
	results_media: Json[];
	results_data: Json | null;
	error_code: number | null;
	error_message: string | null;
}

/**
 * Where the docs are silent, real hosts may differ from each other. Each switch imitates one
 * such host, so the node is tested against what a host may do, not only against the simulator's defaults.
 */
export interface HostQuirks {
	/** The folder list ignores `meta_data` (the legacy "folder list" page calls it a text search). */
	ignoreMetadataFilter?: boolean;
	/** The folder list ignores `resolution_status` and `system_resolution`. */
	ignoreStatusFilters?: boolean;
	/** Folder list pages hold at most this many folders, whatever `limit` asks for. */
	pageCap?: number;
	/** The folder list ignores `offset` and always answers the first page. */
	ignoreOffset?: boolean;
	/** The folder list also says how many folders match, as `total`. */
	listTotal?: boolean;
	/** The HTTP status of Oz's auth errors 6, 7 and 8 (page "API Error Codes" gives codes, not statuses). */
	authStatus?: 401 | 403;
	/** The Instant API answers an array of media and analyses (Oz's Postman collection reads one). */
	instantArray?: boolean;
	/** Best-shot links point at this host name instead of the API's (another origin, e.g. a CDN); served there without a token. */
	bestShotHost?: string;
	/** Best-shot links answer 404. */
	failBestShots?: boolean;
	/**
	 * The folder list shows a folder only once its analyses are done (our own switch: no page
	 * says whether a host lists a folder from the single request's arrival or after it).
	 */
	listWhenAnalysed?: boolean;
	/**
	 * Auth failures (and, with `bodyLimitBytes`, bodies over the limit) are answered as soon as
	 * the headers are read, without reading the body, and the connection is closed: as nginx in
	 * front of Oz does (its install guide sets `client_max_body_size 50M`:
	 * docs/oz-facts.md#limits).
	 */
	earlyAnswers?: boolean;
	/** nginx's `client_max_body_size`: a larger request gets nginx's HTML 413. */
	bodyLimitBytes?: number;
	/**
	 * `OZ_ATTACHMENT_MAX_SIZE` (default 10 MB per media file: Administrator Guide,
	 * "Oz API Configuration"): a larger file gets code 14.
	 */
	attachmentMaxBytes?: number;
	/**
	 * `OZ_ATTACHMENT_MAX_COUNT` (default 10 media per folder: Administrator Guide,
	 * "Oz API Configuration"): more get code 4.
	 */
	attachmentMaxCount?: number;
	/**
	 * Answers as the framework Oz API is built on does (docs/oz-facts.md#framework):
	 * lists as `{offset, limit, total_count, items}`, `limit` above 5000 refused (code 4), the
	 * `meta_data` filter split on commas with code 3 for a piece it cannot parse, `error_details`
	 * in error bodies, creates answered 200, throttling as code 101 without Retry-After.
	 */
	framework?: boolean;
	/**
	 * The collections and persons lists answer a bare JSON array (as Oz's iOS SDK reads them:
	 * docs/oz-facts.md#collections-list).
	 */
	bareLists?: boolean;
	/**
	 * The host runs without the optional blacklist module (`oz_collections`: Administrator Guide,
	 * "Oz API Configuration"): /api/collections answers 404.
	 */
	noBlacklist?: boolean;
	/**
	 * An Oz older than 6.4.1, before OzCapsula containers and session tokens: the session-token
	 * path and containers answer Oz's 404 code 10, as an unknown endpoint does.
	 */
	noSessionTokens?: boolean;
	/** Only the documented `/api/folders` and `/api/instant/folders` take a container, not the paths with a trailing slash. */
	containerExactPath?: boolean;
	/** `/api/instant/folders` takes a container with no access token (the Instant host's auth is "set on your side"). */
	instantNoAuth?: boolean;
}

/** A person of a blacklist collection, with the photos added for them. */
export interface StoredPerson {
	json: Json;
	images: StoredMedia[];
}

export interface StoredCollection {
	json: Json;
	persons: Map<string, StoredPerson>;
}
