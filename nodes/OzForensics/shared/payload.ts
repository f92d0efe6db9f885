import type { IDataObject } from 'n8n-workflow';

import { ANALYSIS_TYPES } from './constants';
import { OzInputError } from './inputError';
import { isPlainObject, keyedRecord, parseJsonObject } from './json';

/** The JSON part named `payload` of Oz's single request. */
export interface OzAnalysisRequest {
	type: string;
	/** Blacklist only, at the top level of the analysis (page "Collection (1:N) Check"). */
	collection_id?: string;
	params?: IDataObject;
	meta_data?: IDataObject;
	source_media?: string[];
}

export interface OzPayload {
	'folder:meta_data'?: IDataObject;
	'media:meta_data'?: Record<string, IDataObject>;
	'media:tags': Record<string, string[]>;
	analyses: OzAnalysisRequest[];
}

/** Which input binary goes into the multipart part named `key`. */
export interface MediaFileRef {
	key: string;
	binaryPropertyName: string;
}

export interface SingleRequest {
	payload: OzPayload;
	files: MediaFileRef[];
}

export interface MediaRowInput {
	binaryPropertyName?: string;
	mediaKey?: string;
	tags?: unknown;
	extraTags?: string;
	metadata?: unknown;
}

export interface AnalysisRowInput {
	type?: string;
	collectionId?: string;
	params?: unknown;
	metadata?: unknown;
	/** Media IDs of an existing folder, separated by commas (Analysis → Start). */
	sourceMedia?: string;
}

export interface FileRowInput {
	binaryPropertyName?: string;
	mediaKey?: string;
}

const MEDIA_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const METADATA_EXAMPLE = '{"case_id": "A-1017"}';
const PARAMS_EXAMPLE = '{"extract_best_shot": true}';

/** The media part of a payload from the node's media rows: files, tags and media metadata. */
export function buildMediaFromRows(media: MediaRowInput[]): {
	files: MediaFileRef[];
	tags: Record<string, string[]>;
	mediaMeta: Record<string, IDataObject>;
} {
	if (media.length === 0) {
		throw new OzInputError('No media to send', 'Media', 'Add at least one row under "Media" that names an input binary field');
	}
	const files: MediaFileRef[] = [];
	const tags = keyedRecord<string[]>();
	const mediaMeta = keyedRecord<IDataObject>();
	media.forEach((row, index) => {
		const where = `Media row ${index + 1}`;
		const binaryPropertyName = requireBinaryPropertyName(row.binaryPropertyName, where);
		const key = checkMediaKey(row.mediaKey?.trim() || binaryPropertyName, where);
		if (Object.prototype.hasOwnProperty.call(tags, key)) {
			throw new OzInputError(
				`Media key "${key}" is used by more than one file`,
				`${where}: Media Key`,
				'Each file needs its own media key: set "Media Key" on one of the rows, e.g. "video1" and "photo1"',
			);
		}
		files.push({ key, binaryPropertyName });
		tags[key] = collectTags(row.tags, row.extraTags, where);
		const meta = parseJsonObject(row.metadata, `${where}: Media Metadata`, METADATA_EXAMPLE);
		if (meta && Object.keys(meta).length > 0) mediaMeta[key] = meta;
	});
	return { files, tags, mediaMeta };
}

/** The analyses of a request from the node's analyses rows. */
export function buildAnalysesFromRows(analyses: AnalysisRowInput[]): OzAnalysisRequest[] {
	if (analyses.length === 0) {
		throw new OzInputError(
			'No analysis selected',
			'Analyses',
			'Add at least one row under "Analyses", e.g. Liveness for a selfie video',
		);
	}
	return analyses.map((row, index) => analysisFromRow(row, `Analysis row ${index + 1}`));
}

/** Builds the payload from the node's "Using Fields Below" mode. */
export function buildPayloadFromFields(input: {
	media: MediaRowInput[];
	analyses: AnalysisRowInput[];
	folderMetadata?: unknown;
}): SingleRequest {
	const { files, tags, mediaMeta } = buildMediaFromRows(input.media);
	const analyses = buildAnalysesFromRows(input.analyses);
	const payload: OzPayload = { 'media:tags': tags, analyses };
	const folderMeta = parseJsonObject(input.folderMetadata, 'Folder Metadata', METADATA_EXAMPLE);
	if (folderMeta && Object.keys(folderMeta).length > 0) payload['folder:meta_data'] = folderMeta;
	if (Object.keys(mediaMeta).length > 0) payload['media:meta_data'] = mediaMeta;
	return { payload, files };
}

/** Checks a payload pasted as in Oz's docs against the files the user listed. */
export function buildPayloadFromJson(input: { payload: unknown; files: FileRowInput[] }): SingleRequest {
	const field = 'Payload (JSON)';
	const raw = parseJsonObject(input.payload, field, '{"media:tags": {"video1": ["video_selfie"]}, "analyses": [{"type": "quality"}]}');
	if (!raw) {
		throw new OzInputError('The payload is empty', field, 'Paste the payload as shown in the Oz docs, with "media:tags" and "analyses"');
	}

	const files: MediaFileRef[] = [];
	const keys = new Set<string>();
	input.files.forEach((row, index) => {
		const where = `Files row ${index + 1}`;
		const binaryPropertyName = requireBinaryPropertyName(row.binaryPropertyName, where);
		const key = checkMediaKey(row.mediaKey?.trim() || binaryPropertyName, where);
		if (keys.has(key)) {
			throw new OzInputError(
				`Media key "${key}" is used by more than one file`,
				`${where}: Media Key`,
				'Give each file its own media key, the one the payload uses in "media:tags"',
			);
		}
		keys.add(key);
		files.push({ key, binaryPropertyName });
	});
	if (files.length === 0) {
		throw new OzInputError('No media to send', 'Files', 'Add a row under "Files" for each key in "media:tags"');
	}

	const rawTags = raw['media:tags'];
	if (!isPlainObject(rawTags)) {
		throw new OzInputError(
			'The payload has no "media:tags" object',
			field,
			'Add "media:tags" with the tags of each file, e.g. {"video1": ["video_selfie", "video_selfie_blank"]}',
		);
	}
	const tags = keyedRecord<string[]>();
	for (const [key, value] of Object.entries(rawTags)) {
		if (!keys.has(key)) {
			throw new OzInputError(
				`"media:tags" names "${key}", but no file is sent under that key`,
				field,
				`Add a row under "Files" with Media Key "${key}", or remove "${key}" from "media:tags"`,
			);
		}
		tags[key] = collectTags(value, undefined, `"media:tags" of "${key}"`);
	}
	for (const key of keys) {
		if (!Object.prototype.hasOwnProperty.call(tags, key)) {
			throw new OzInputError(
				`File "${key}" has no tags`,
				field,
				`Add "${key}" to "media:tags", e.g. "${key}": ["video_selfie", "video_selfie_blank"]`,
			);
		}
	}

	const payload: OzPayload = { 'media:tags': tags, analyses: [] };
	const folderMeta = raw['folder:meta_data'];
	if (folderMeta !== undefined) {
		payload['folder:meta_data'] = parseJsonObject(folderMeta, `${field}: "folder:meta_data"`, METADATA_EXAMPLE);
	}
	const mediaMeta = raw['media:meta_data'];
	if (mediaMeta !== undefined) {
		if (!isPlainObject(mediaMeta)) {
			throw new OzInputError('"media:meta_data" must be an object keyed by media key', field, `Use e.g. {"video1": ${METADATA_EXAMPLE}}`);
		}
		payload['media:meta_data'] = keyedRecord<IDataObject>();
		for (const [key, value] of Object.entries(mediaMeta)) {
			if (!keys.has(key)) {
				throw new OzInputError(
					`"media:meta_data" names "${key}", but no file is sent under that key`,
					field,
					`Add a row under "Files" with Media Key "${key}", or remove "${key}" from "media:meta_data"`,
				);
			}
			payload['media:meta_data'][key] = parseJsonObject(value, `${field}: "media:meta_data" of "${key}"`, METADATA_EXAMPLE) ?? {};
		}
	}

	const analyses = raw.analyses;
	if (!Array.isArray(analyses) || analyses.length === 0) {
		throw new OzInputError(
			'The payload has no analyses',
			field,
			'Add "analyses" with at least one entry, e.g. [{"type": "quality"}]',
		);
	}
	payload.analyses = analyses.map((entry, index) => {
		const where = `${field}: analyses[${index}]`;
		if (!isPlainObject(entry)) {
			throw new OzInputError(`${where} must be an object`, field, 'Write each analysis as {"type": "quality"}');
		}
		const { type, params, meta_data: meta, ...rest } = entry;
		const collectionId = typeof rest.collection_id === 'string' ? rest.collection_id : undefined;
		return {
			...rest,
			...analysisFromRow({ type: typeof type === 'string' ? type : undefined, collectionId, params, metadata: meta }, where),
		};
	});

	// Anything else Oz may accept at the top level is passed through untouched.
	for (const [name, value] of Object.entries(raw)) {
		if (!Object.prototype.hasOwnProperty.call(payload, name)) Object.defineProperty(payload, name, { value, enumerable: true, writable: true, configurable: true });
	}
	return { payload, files };
}

function requireBinaryPropertyName(value: string | undefined, where: string): string {
	const name = value?.trim();
	if (!name) {
		throw new OzInputError(
			`${where} names no input binary field`,
			`${where}: Input Binary Field`,
			'Enter the name of the binary field that holds the file, e.g. "data"',
		);
	}
	return name;
}

/** Keys become multipart field names, so only header-safe characters are allowed. */
function checkMediaKey(key: string, where: string): string {
	if (!MEDIA_KEY_PATTERN.test(key)) {
		throw new OzInputError(
			`Media key "${key}" is not allowed`,
			`${where}: Media Key`,
			'Use 1 to 100 letters, digits, underscores, dots or hyphens, e.g. "video1"',
		);
	}
	return key;
}

function collectTags(selected: unknown, extra: string | undefined, where: string): string[] {
	const list: unknown[] = Array.isArray(selected) ? [...selected] : selected === undefined ? [] : [selected];
	if (extra) list.push(...extra.split(','));
	const tags: string[] = [];
	for (const tag of list) {
		if (typeof tag !== 'string') {
			throw new OzInputError(
				`${where} has a tag that is not text: ${JSON.stringify(tag)}`,
				`${where}: Tags`,
				'Write every tag as a string, e.g. "video_selfie"',
			);
		}
		const trimmed = tag.trim();
		if (trimmed && !tags.includes(trimmed)) tags.push(trimmed);
	}
	if (tags.length === 0) {
		throw new OzInputError(
			`${where} has no tags`,
			`${where}: Tags`,
			'Oz picks the analyses for a file by its tags: choose at least one, e.g. "Video Selfie" and "Video Selfie: Blank (Passive)" for a selfie video',
		);
	}
	return tags;
}

function analysisFromRow(row: AnalysisRowInput, where: string): OzAnalysisRequest {
	const type = row.type?.trim().toLowerCase();
	if (!type || !(ANALYSIS_TYPES as readonly string[]).includes(type)) {
		throw new OzInputError(
			`${where} has an unknown analysis type: ${JSON.stringify(row.type ?? '')}`,
			`${where}: Type`,
			`Use one of: ${ANALYSIS_TYPES.join(', ')}`,
		);
	}
	const analysis: OzAnalysisRequest = { type };
	const params = parseJsonObject(row.params, `${where}: Parameters`, PARAMS_EXAMPLE) ?? {};
	// Oz's page "Collection (1:N) Check" puts collection_id beside "type"; Oz's old iOS SDK put it
	// in params, so an ID found only there is sent in the documented place too.
	const collectionId = row.collectionId?.trim() || (typeof params.collection_id === 'string' ? params.collection_id.trim() : '');
	if (type === 'collection') {
		if (!collectionId) {
			throw new OzInputError(
				`${where}: a blacklist check needs a collection ID`,
				`${where}: Collection ID`,
				'Enter the ID of the Oz collection to search in "Collection ID"; in a JSON payload, set "collection_id" on the analysis (or in its "params")',
			);
		}
		analysis.collection_id = collectionId;
	}
	if (Object.keys(params).length > 0) analysis.params = params;
	const meta = parseJsonObject(row.metadata, `${where}: Analysis Metadata`, METADATA_EXAMPLE);
	if (meta && Object.keys(meta).length > 0) analysis.meta_data = meta;
	const sourceMedia = (row.sourceMedia ?? '').split(',').map((id) => id.trim()).filter(Boolean);
	if (sourceMedia.length > 0) analysis.source_media = sourceMedia;
	return analysis;
}
