/*
 * What the node knows of the Oz API: paths, names and states, each with its doc page (on
 * doc.ozforensics.com, Oz knowledge base, "Oz API" section). What no page says is marked as a
 * guess with its key, here or where the node relies on it; each key is a row of
 * docs/guesses.md, and a unit test holds the two together. No imports: the credential file loads this module too,
 * and n8n evaluates the credential test outside the node.
 */

/** Starts every error the credential's login throws, so the node does not take it for network trouble. */
export const LOGIN_FAILED = 'Oz login failed';

/** The header every call carries the token in (pages "Authentication" and "Single Request"). */
export const TOKEN_HEADER = 'X-Forensic-Access-Token';

/**
 * What the node accepts as an Oz ID in a URL path. Oz's IDs are UUIDs (every example on the
 * pages); letters, digits, "-" and "_" keep any other ID safe in a path.
 */
export const OZ_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const paths = {
	/** Page "Authentication": POST with {"credentials": {"email", "password"}}. */
	login: '/api/authorize/auth',
	/** Page "Single Request": media files plus a part named `payload`, answered with the folder. */
	singleRequest: '/api/folders/',
	/** Page "Instant API: Non-Persistent Mode". */
	instantRequest: '/api/instant/folders/',
	/**
	 * Page "OzCapsula Data Container": the raw container, `Content-Type: application/octet-stream`,
	 * to `{{host}}/api/folders` or `api/instant/folders`. GUESS(container-slash): the paths as the
	 * page prints them, without the single request's trailing slash.
	 */
	containerRequest: '/api/folders',
	instantContainerRequest: '/api/instant/folders',
	/** Page "Using OzCapsula Data Container in Web SDK": answers `{"session_token": "…"}`. */
	captureSession: '/api/authorize/session_token',
	/** Legacy page "Folder [LIST]" and page "Security Recommendations" (`?meta_data=key==value`). */
	folders: '/api/folders/',
	folder: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/`,
	/** Page "Uploading Media". */
	folderMedia: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/media/`,
	/** Pages "Liveness" and "Biometry" (multi-request flow). */
	folderAnalyses: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/analyses/`,
	analysis: (analysisId: string) => `/api/analyses/${encodeURIComponent(analysisId)}`,
	/** Page "Metadata": GET reads, POST adds/replaces, PATCH modifies, DELETE deletes. */
	folderMetadata: (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/meta_data`,
	/** Page "Collection (1:N) Management in Oz API" for the rest. */
	companies: '/api/companies/',
	collections: '/api/collections/',
	persons: (collectionId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/`,
	person: (collectionId: string, personId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/${encodeURIComponent(personId)}`,
	/** Page "Metadata": PATCH with the flat object modifies a person's metadata at this path. */
	personMetadata: (collectionId: string, personId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/${encodeURIComponent(personId)}/meta_data`,
	personImages: (collectionId: string, personId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/${encodeURIComponent(personId)}/images/`,
	/**
	 * GUESS(blacklist-delete): DELETE on a collection's or a person's path deletes it. The page
	 * "Collection (1:N) Management in Oz API" says it covers deleting; the calls are not readable.
	 */
	deleteCollection: (collectionId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/`,
	deletePerson: (collectionId: string, personId: string) =>
		`/api/collections/${encodeURIComponent(collectionId)}/persons/${encodeURIComponent(personId)}/`,
};

/**
 * The first versions that take containers and issue session tokens: Oz API 6.4.1 (page
 * "OzCapsula Data Container"; the migration guide "Migration to OzCapsula" says 6.4.2), Web SDK
 * 1.9.2, Native (mobile) SDK 8.22.
 */
export const CONTAINER_MINIMUM_VERSIONS =
	'Oz API 6.4.1 (6.4.2 in the migration guide), Web SDK 1.9.2 and Mobile SDK 8.22';

/** Time filters are Unix seconds (legacy "folder list" page: "UNIX timestamps"). */
export function toUnixSeconds(value: string | number): number {
	return Math.floor(new Date(value).getTime() / 1000);
}

/**
 * GUESS(running-states): analysis states that mean "not done yet". Oz's iOS SDK polls on these
 * two; no 6.x page lists every state of an analysis.
 */
export const RUNNING_STATES = ['PROCESSING', 'INITIAL'];

/**
 * GUESS(auth-status): statuses a refused token may come with. Page "API Error Codes" gives
 * the codes (7 AUTH INVALID, 8 AUTH EXPIRED), not the HTTP status, so 401 and 403 both count.
 */
export const AUTH_STATUSES = [401, 403];

/** Analysis types as the request names them (page "Types of Analyses"); Oz answers in upper case. */
export const ANALYSIS_TYPES = ['quality', 'biometry', 'collection', 'documents'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/** Oz's iOS SDK waits 300 s for an answer; a synchronous analysis can take that long under load. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * The host part of a Base URL as users paste it: `https://host`, `https://host/`,
 * `https://host/api` and `https://host/api/` all mean the same host, since every path
 * above starts with `/api/`.
 */
export function stripBaseUrl(value: string): string {
	return value
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api$/i, '');
}

/**
 * `stripBaseUrl` as an n8n expression over the credential, for the credential test request,
 * which n8n resolves without running node code. A unit test holds the two together.
 */
export const BASE_URL_EXPRESSION =
	'={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/i, "")}}';
