import { randomUUID } from 'node:crypto';

import type { ReceivedForm, ReceivedFile } from './multipart';
import { OzError, OzErrorCode } from './ozError';
import { BIOMETRY_THRESHOLD, LIVENESS_THRESHOLD, blacklistHit, livenessScore, similarity } from './results';
import type { Json, Store, StoredMedia } from './store';

/*
 * Shapes follow the Oz docs (single request page, statuses, error codes). Where the docs are
 * silent, these are guesses, kept here in one place:
 * - the folder list answers {total, items} (the docs show "items" only);
 * - face matching with fewer than two faces fails the analysis (state FAILED, error_code 4)
 *   instead of the whole request;
 * - a blacklist hit lists person_id per media in results_media;
 * - best-shot URLs point at /static/best_shot/<media_id>.jpg.
 */
const ANALYSIS_TYPES = ['quality', 'biometry', 'collection', 'documents'];
export const COMPANY_ID = '5a1e0000-0000-4000-8000-00000000c0de';
export const USER_ID = '5a1e0000-0000-4000-8000-0000000005e7';

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(code: number, message: string, details: unknown = null): OzError {
	return new OzError(400, code, message, details);
}

interface PayloadAnalysis {
	type: string;
	params: Json;
	meta_data: Json;
}

interface Payload {
	folderMeta: Json;
	mediaMeta: Record<string, Json>;
	tags: Record<string, string[]>;
	analyses: PayloadAnalysis[];
}

/** Validates the `payload` part the way the Oz docs describe it. */
export function readPayload(form: ReceivedForm): Payload {
	const text = form.fields.payload;
	if (text === undefined) throw invalid(OzErrorCode.INVALID_STRUCTURE, 'Field "payload" is required');
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw invalid(OzErrorCode.INVALID_STRUCTURE, `Field "payload" is not valid JSON: ${(error as Error).message}`);
	}
	if (!isObject(raw)) throw invalid(OzErrorCode.INVALID_STRUCTURE, 'Field "payload" must be a JSON object');

	const fileKeys = new Set(form.files.map((file) => file.field));
	const rawTags = raw['media:tags'] ?? {};
	if (!isObject(rawTags)) throw invalid(OzErrorCode.INVALID_TYPE, '"media:tags" must be an object');
	const tags: Record<string, string[]> = {};
	for (const [key, value] of Object.entries(rawTags)) {
		if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) {
			throw invalid(OzErrorCode.INVALID_TYPE, `"media:tags" of "${key}" must be a list of strings`);
		}
		if (!fileKeys.has(key)) {
			throw invalid(OzErrorCode.INVALID_VALUE, `"media:tags" refers to "${key}", but no file was uploaded with that key`);
		}
		tags[key] = value as string[];
	}

	const mediaMeta = raw['media:meta_data'] ?? {};
	if (!isObject(mediaMeta) || Object.values(mediaMeta).some((value) => !isObject(value))) {
		throw invalid(OzErrorCode.INVALID_TYPE, '"media:meta_data" must map media keys to objects');
	}
	for (const key of Object.keys(mediaMeta)) {
		if (!fileKeys.has(key)) {
			throw invalid(OzErrorCode.INVALID_VALUE, `"media:meta_data" refers to "${key}", but no file was uploaded with that key`);
		}
	}
	const folderMeta = raw['folder:meta_data'] ?? {};
	if (!isObject(folderMeta)) throw invalid(OzErrorCode.INVALID_TYPE, '"folder:meta_data" must be an object');

	const rawAnalyses = raw.analyses ?? [];
	if (!Array.isArray(rawAnalyses)) throw invalid(OzErrorCode.INVALID_TYPE, '"analyses" must be a list');
	const analyses = rawAnalyses.map((entry, index): PayloadAnalysis => {
		if (!isObject(entry)) throw invalid(OzErrorCode.INVALID_TYPE, `analyses[${index}] must be an object`);
		if (typeof entry.type !== 'string' || !ANALYSIS_TYPES.includes(entry.type)) {
			throw invalid(OzErrorCode.INVALID_VALUE, `analyses[${index}].type ${JSON.stringify(entry.type)} is not a known analysis type`);
		}
		const params = entry.params ?? {};
		const meta = entry.meta_data ?? {};
		if (!isObject(params) || !isObject(meta)) {
			throw invalid(OzErrorCode.INVALID_TYPE, `analyses[${index}].params and meta_data must be objects`);
		}
		if (entry.type === 'collection' && typeof params.collection_id !== 'string') {
			throw invalid(OzErrorCode.INVALID_VALUE, `analyses[${index}]: collection analysis needs params.collection_id`);
		}
		return { type: entry.type, params, meta_data: meta };
	});
	return { folderMeta, mediaMeta: mediaMeta as Record<string, Json>, tags, analyses };
}

function mediaType(file: ReceivedFile): string {
	if (file.mimeType.startsWith('video/')) return 'VIDEO_FOLDER';
	if (file.mimeType.startsWith('image/')) return 'IMAGE_FOLDER';
	if (file.mimeType === 'application/zip') return 'SHOTS_SET';
	throw invalid(OzErrorCode.INVALID_VALUE, `Unsupported media type "${file.mimeType}" for "${file.field}"`);
}

function hasTag(media: StoredMedia, predicate: (tag: string) => boolean): boolean {
	return (media.json.tags as string[]).some(predicate);
}

interface AnalysisOutcome {
	state: string;
	resolution: string;
	results_media: Json[];
	results_data: Json | null;
	error_code: number | null;
	error_message: string | null;
}

function runAnalysis(analysis: PayloadAnalysis, media: StoredMedia[], staticUrl: (name: string) => string): AnalysisOutcome {
	const done = (resolution: string, results_media: Json[], results_data: Json | null = null): AnalysisOutcome => ({
		state: 'FINISHED',
		resolution,
		results_media,
		results_data,
		error_code: null,
		error_message: null,
	});
	const mediaId = (m: StoredMedia) => m.json.media_id as string;
	if (analysis.type === 'quality') {
		const threshold = typeof analysis.params.threshold_spoofing === 'number' ? analysis.params.threshold_spoofing : LIVENESS_THRESHOLD;
		const bestShot = analysis.params.extract_best_shot !== false;
		const checked = media.filter((m) => hasTag(m, (tag) => tag.startsWith('video_selfie') || tag === 'photo_selfie'));
		const results = checked.map((m) => {
			const score = livenessScore(m.data);
			const idKey = m.json.media_type === 'VIDEO_FOLDER' ? 'source_video_id' : m.json.media_type === 'SHOTS_SET' ? 'source_shots_set_id' : 'source_image_id';
			return {
				[idKey]: mediaId(m),
				source_media_id: mediaId(m),
				resolution_status: score >= threshold ? 'DECLINED' : 'SUCCESS',
				results_data: { confidence_spoofing: score },
				output_images: bestShot ? [{ original_url: staticUrl(`best_shot/${mediaId(m)}.jpg`) }] : [],
			};
		});
		return done(results.some((r) => r.resolution_status === 'DECLINED') ? 'DECLINED' : 'SUCCESS', results);
	}
	if (analysis.type === 'biometry') {
		const threshold = typeof analysis.params.threshold === 'number' ? analysis.params.threshold : BIOMETRY_THRESHOLD;
		const faces = media.filter((m) => !hasTag(m, (tag) => tag === 'photo_id_back'));
		if (faces.length < 2) {
			return {
				state: 'FAILED',
				resolution: 'FAILED',
				results_media: [],
				results_data: null,
				error_code: OzErrorCode.INVALID_VALUE,
				error_message: 'Biometry needs at least two media with a face',
			};
		}
		const scores: number[] = [];
		for (let i = 0; i < faces.length; i++) {
			for (let j = i + 1; j < faces.length; j++) scores.push(similarity(faces[i].data, faces[j].data));
		}
		const min = Math.min(...scores);
		return done(min >= threshold ? 'SUCCESS' : 'DECLINED', [], { min_confidence: min, max_confidence: Math.max(...scores) });
	}
	if (analysis.type === 'collection') {
		const collectionId = analysis.params.collection_id as string;
		const faces = media.filter((m) => !hasTag(m, (tag) => tag === 'photo_id_back'));
		const hits = faces.filter((m) => blacklistHit(m.data, collectionId));
		const results = hits.map((m) => ({ source_media_id: mediaId(m), person_id: `person-${mediaId(m).slice(0, 8)}`, collection_id: collectionId }));
		return done(hits.length ? 'DECLINED' : 'SUCCESS', results);
	}
	return done('SUCCESS', [], { text_fields: [] });
}

function systemResolution(resolutions: string[]): string {
	if (resolutions.includes('DECLINED')) return 'DECLINED';
	if (resolutions.includes('FAILED')) return 'FAILED';
	return 'SUCCESS';
}

/** POST /api/folders/ in single-request mode: store the media, run the analyses, answer the folder. */
export function createFolder(form: ReceivedForm, store: Store, baseUrl: string): Json {
	const payload = readPayload(form);
	const now = Date.now() / 1000;
	const folderId = randomUUID();
	const staticUrl = (name: string) => `${baseUrl}/static/${name}`;
	const media: StoredMedia[] = form.files.map((file) => {
		const id = randomUUID();
		const json: Json = {
			company_id: COMPANY_ID,
			folder_id: folderId,
			folder_time_created: now,
			original_name: file.fileName,
			original_url: staticUrl(`media/${id}/${encodeURIComponent(file.fileName)}`),
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
		store.staticFiles.set(`media/${id}/${encodeURIComponent(file.fileName)}`, { data: file.data, mimeType: file.mimeType });
		store.staticFiles.set(`best_shot/${id}.jpg`, { data: file.data, mimeType: file.mimeType });
		return { json, data: file.data };
	});
	const groupId = randomUUID();
	const analyses = payload.analyses.map((analysis) => {
		const id = randomUUID();
		const outcome = runAnalysis(analysis, media, staticUrl);
		return {
			company_id: COMPANY_ID,
			group_id: groupId,
			folder_id: folderId,
			folder_time_created: now,
			analysis_id: id,
			analyse_id: id,
			state: outcome.state,
			resolution_operator: null,
			results_media: outcome.results_media,
			results_data: outcome.results_data,
			meta_data: analysis.meta_data,
			params: analysis.params,
			time_created: now,
			time_updated: now,
			error_code: outcome.error_code,
			error_message: outcome.error_message,
			source_media: media.map((m) => m.json),
			type: analysis.type.toUpperCase(),
			resolution_status: outcome.resolution,
			resolution: outcome.resolution,
		};
	});
	const folder: Json = {
		company_id: COMPANY_ID,
		time_created: now,
		folder_id: folderId,
		user_id: USER_ID,
		resolution_endpoint: null,
		resolution_status: analyses.length ? 'FINISHED' : 'INITIAL',
		resolution_comment: '[]',
		system_resolution: analyses.length ? systemResolution(analyses.map((a) => a.resolution)) : 'INITIAL',
		time_updated: now,
		meta_data: payload.folderMeta,
		media: media.map((m) => m.json),
		analyses,
	};
	store.folders.set(folderId, { json: folder, media });
	return folder;
}

/** GET /api/folders/: offset/limit paging and the `meta_data=key==value` filter. */
export function listFolders(store: Store, query: Record<string, string>): Json {
	let folders = [...store.folders.values()].map((f) => f.json);
	const filter = query.meta_data;
	if (filter) {
		const match = /^([^=!]+)(==|!=)(.*)$/.exec(filter);
		if (!match) throw invalid(OzErrorCode.INVALID_VALUE, 'meta_data filter must look like key==value or key!=value');
		const [, key, op, value] = match;
		folders = folders.filter((f) => {
			const actual = String((f.meta_data as Json)[key] ?? '');
			return op === '==' ? actual === value : actual !== value;
		});
	}
	const offset = Number(query.offset ?? 0);
	const limit = Number(query.limit ?? 100);
	const withAnalyses = query.with_analyses === 'true';
	const items = folders.slice(offset, offset + limit).map((f) => (withAnalyses ? f : { ...f, analyses: undefined }));
	return { total: folders.length, items };
}
