import { randomUUID } from 'node:crypto';

import type { PersonMatcher } from '../analysis/analyses';
import { runAnalysis, systemResolution } from '../analysis/analyses';
import { bestShotJpeg, bestShotUrl } from '../analysis/bestShot';
import type { ReceivedForm, ReceivedFile } from '../server/multipart';
import { OzError, OzErrorCode } from './ozError';
import { invalid, readAnalyses, readPayload } from './payload';
import type { Store } from '../store';
import type {
	HostQuirks,
	Json,
	Payload,
	PayloadAnalysis,
	StoredAnalysis,
	StoredFolder,
	StoredMedia,
} from '../types';

/* Doc pages for each behaviour, and the simulator's guesses: simulator/README.md. */
const COMPANY_ID = '5a1e0000-0000-4000-8000-00000000c0de';
const USER_ID = '5a1e0000-0000-4000-8000-0000000005e7';

export interface FolderContext {
	store: Store;
	baseUrl: string;
	/** How long analyses started with POST …/analyses/ read as PROCESSING. */
	processingMs: number;
	quirks: HostQuirks;
	/** Blacklist persons whose photos match a file (set by the server, from the collections). */
	matchPersons: PersonMatcher;
}

function mediaType(file: ReceivedFile): string {
	if (file.mimeType.startsWith('video/')) return 'VIDEO_FOLDER';
	if (file.mimeType.startsWith('image/')) return 'IMAGE_FOLDER';
	if (file.mimeType === 'application/zip') return 'SHOTS_SET';
	throw invalid(
		OzErrorCode.INVALID_VALUE,
		`Unsupported media type "${file.mimeType}" for "${file.field}"`,
	);
}

export function storeMedia(
	ctx: FolderContext,
	folder: Json,
	form: ReceivedForm,
	payload: Pick<Payload, 'tags' | 'mediaMeta'>,
	persist: boolean,
): StoredMedia[] {
	const now = Date.now() / 1000;
	return form.files.map((file) => {
		const id = randomUUID();
		const path = `media/${id}/${encodeURIComponent(file.fileName)}`;
		const json: Json = {
			company_id: COMPANY_ID,
			folder_id: folder.folder_id,
			folder_time_created: folder.time_created,
			original_name: file.fileName,
			original_url: persist ? `${ctx.baseUrl}/static/${path}` : null,
			media_id: id,
			media_type: mediaType(file),
			tags: payload.tags[file.field] ?? [],
			info: {},
			time_created: now,
			time_updated: now,
			meta_data: payload.mediaMeta[file.field] ?? {},
			thumb_url: null,
			image_id: id,
		};
		if (persist) {
			ctx.store.staticFiles.set(path, { data: file.data, mimeType: file.mimeType });
			ctx.store.staticFiles.set(`best_shot/${id}.jpg`, {
				data: bestShotJpeg(),
				mimeType: 'image/jpeg',
			});
		}
		return { json, data: file.data };
	});
}

function newAnalysis(
	ctx: FolderContext,
	folder: StoredFolder,
	request: PayloadAnalysis,
	groupId: string,
	readyAt: number,
): StoredAnalysis {
	const id = randomUUID();
	const media = request.source_media
		? folder.media.filter((m) => request.source_media?.includes(m.json.media_id as string))
		: folder.media;
	const now = Date.now() / 1000;
	return {
		json: {
			company_id: COMPANY_ID,
			group_id: groupId,
			folder_id: folder.json.folder_id,
			folder_time_created: folder.json.time_created,
			analysis_id: id,
			analyse_id: id,
			resolution_operator: null,
			meta_data: request.meta_data,
			params: request.params,
			time_created: now,
			source_media: media.map((m) => m.json),
			type: request.type.toUpperCase(),
		},
		request,
		media,
		readyAt,
	};
}

/** An analysis as a GET would show it now: PROCESSING until its time is up. */
export function analysisView(ctx: FolderContext, analysis: StoredAnalysis, persist = true): Json {
	if (Date.now() < analysis.readyAt) {
		return {
			...analysis.json,
			state: 'PROCESSING',
			results_media: [],
			results_data: null,
			time_updated: analysis.json.time_created,
			error_code: null,
			error_message: null,
			resolution_status: 'PROCESSING',
			resolution: 'PROCESSING',
		};
	}
	analysis.outcome ??= runAnalysis(
		analysis.request,
		analysis.media,
		ctx.matchPersons,
		persist ? (id) => bestShotUrl(ctx.baseUrl, ctx.quirks, id) : undefined,
	);
	const { resolution, ...outcome } = analysis.outcome;
	return {
		...analysis.json,
		...outcome,
		time_updated: Date.now() / 1000,
		resolution_status: resolution,
		resolution,
	};
}

export function folderView(
	ctx: FolderContext,
	folder: StoredFolder,
	withAnalyses: boolean,
	persist = true,
): Json {
	const analyses = folder.analyses.map((a) => analysisView(ctx, a, persist));
	const resolutions = analyses.map((a) => a.resolution as string);
	const status =
		analyses.length === 0
			? 'INITIAL'
			: resolutions.includes('PROCESSING')
				? 'PROCESSING'
				: 'FINISHED';
	return {
		...folder.json,
		resolution_status: status,
		system_resolution: systemResolution(resolutions),
		media: folder.media.map((m) => m.json),
		...(withAnalyses ? { analyses } : {}),
	};
}

function newFolder(meta: Json): StoredFolder {
	const now = Date.now() / 1000;
	return {
		json: {
			company_id: COMPANY_ID,
			time_created: now,
			folder_id: randomUUID(),
			user_id: USER_ID,
			resolution_endpoint: null,
			resolution_comment: '[]',
			time_updated: now,
			meta_data: meta,
		},
		media: [],
		analyses: [],
	};
}

/**
 * A host's attachment limits (`OZ_ATTACHMENT_MAX_SIZE`, `OZ_ATTACHMENT_MAX_COUNT`: Administrator
 * Guide, "Oz API Configuration"); off unless a quirk sets them. The codes are the
 * framework's 14 ("request body too big") and 4 (invalid value): GUESS(size-codes).
 */
function checkAttachments(ctx: FolderContext, form: ReceivedForm, already = 0): void {
	const { attachmentMaxBytes, attachmentMaxCount } = ctx.quirks;
	const big = form.files.find(
		(file) => attachmentMaxBytes !== undefined && file.data.length > attachmentMaxBytes,
	);
	if (big)
		throw invalid(14, `Attachment "${big.fileName}" is too big`, { max_size: attachmentMaxBytes });
	if (attachmentMaxCount !== undefined && already + form.files.length > attachmentMaxCount)
		throw invalid(OzErrorCode.INVALID_VALUE, 'Too many attachments', {
			max_count: attachmentMaxCount,
		});
}

/**
 * POST /api/folders/ (single request) and POST /api/instant/folders/ (nothing kept). With
 * `deferred` (the capacity model) the folder is stored at once with its analyses PROCESSING,
 * as a real host creates the folder when the request arrives and then analyses; the server
 * finishes them with `finishAnalyses` once they have had their slot.
 */
export function createFolder(
	ctx: FolderContext,
	form: ReceivedForm,
	persist = true,
	deferred = false,
): Json | Json[] {
	checkAttachments(ctx, form);
	const payload = readPayload(form);
	if (!persist && payload.analyses.some((a) => a.type === 'collection')) {
		throw new OzError(
			400,
			OzErrorCode.NOT_ALLOWED,
			'Blacklist (collection) analyses are not available in Instant mode',
		);
	}
	const folder = newFolder(payload.folderMeta);
	folder.media = storeMedia(ctx, folder.json, form, payload, persist);
	const groupId = randomUUID();
	const readyAt = deferred && persist ? Infinity : 0;
	folder.analyses = payload.analyses.map((a) => newAnalysis(ctx, folder, a, groupId, readyAt));
	if (persist) register(ctx.store, folder);
	const view = folderView(ctx, folder, true, persist);
	// GUESS(instant): the Instant API answers like the single request, without URLs.
	if (!persist && ctx.quirks.instantArray) {
		// As Oz's Postman collection "OZ-Forensic Instant 6.0.0" reads it: an array, media first.
		return [...(view.media as Json[]), ...(view.analyses as Json[])];
	}
	return view;
}

/** The single request's analyses are done: the folder as the answer shows it. */
export function finishAnalyses(ctx: FolderContext, folderId: string): Json {
	const folder = getFolder(ctx.store, folderId);
	const now = Date.now();
	for (const analysis of folder.analyses) if (analysis.readyAt === Infinity) analysis.readyAt = now;
	return folderView(ctx, folder, true);
}

function register(store: Store, folder: StoredFolder): void {
	store.folders.set(folder.json.folder_id as string, folder);
	for (const analysis of folder.analyses)
		store.analyses.set(analysis.json.analysis_id as string, { folder, analysis });
}

export function getFolder(store: Store, folderId: string): StoredFolder {
	const folder = store.folders.get(folderId);
	if (!folder) throw new OzError(404, OzErrorCode.NOT_EXIST, `Folder ${folderId} does not exist`);
	return folder;
}

/** POST /api/folders/{id}/media/: answers the list of new media. */
export function addMedia(ctx: FolderContext, folderId: string, form: ReceivedForm): Json[] {
	const folder = getFolder(ctx.store, folderId);
	checkAttachments(ctx, form, folder.media.length);
	const payload = readPayload(form);
	const media = storeMedia(ctx, folder.json, form, payload, true);
	folder.media.push(...media);
	return media.map((m) => m.json);
}

/**
 * POST /api/folders/{id}/analyses/: answers the list of new analyses.
 * GUESS(processing): they read PROCESSING for `processingMs`, then finish.
 */
export function startAnalyses(ctx: FolderContext, folderId: string, body: unknown): Json[] {
	const folder = getFolder(ctx.store, folderId);
	const requests = readAnalyses((body as Json | null)?.analyses);
	if (requests.length === 0)
		throw invalid(OzErrorCode.INVALID_STRUCTURE, '"analyses" must not be empty');
	const groupId = randomUUID();
	const analyses = requests.map((request) =>
		newAnalysis(ctx, folder, request, groupId, Date.now() + ctx.processingMs),
	);
	folder.analyses.push(...analyses);
	register(ctx.store, folder);
	return analyses.map((a) => analysisView(ctx, a));
}
