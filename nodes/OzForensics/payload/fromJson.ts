import type { IDataObject } from 'n8n-workflow';

import { OzInputError } from '../input/inputError';
import { isPlainObject, keyedRecord, parseJsonObject } from '../input/json';
import {
	analysisFromRow,
	checkMediaKey,
	collectTags,
	METADATA_EXAMPLE,
	requireBinaryPropertyName,
} from './checks';
import type {
	FileRowInput,
	MediaFileRef,
	PayloadAnalysis,
	OzPayload,
	AnalyzeUpload,
} from './types';

/*
 * The node's "Using JSON" mode: the payload pasted as Oz's docs show it, checked against the
 * files the user listed, and otherwise sent as it is (the doc fixtures test holds that).
 */

const FIELD = 'Payload (JSON)';

/** Checks a payload pasted as in Oz's docs against the files the user listed. */
export function buildPayloadFromJson(input: {
	payload: unknown;
	files: FileRowInput[];
}): AnalyzeUpload {
	const raw = parseJsonObject(
		input.payload,
		FIELD,
		'{"media:tags": {"video1": ["video_selfie"]}, "analyses": [{"type": "quality"}]}',
	);
	if (!raw) {
		throw new OzInputError(
			'The payload is empty',
			FIELD,
			'Paste the payload as shown in the Oz docs, with "media:tags" and "analyses"',
		);
	}
	const files = readFileRows(input.files);
	const keys = new Set(files.map((file) => file.key));
	const payload: OzPayload = { 'media:tags': readTags(raw['media:tags'], keys), analyses: [] };
	if (raw['folder:meta_data'] !== undefined) {
		payload['folder:meta_data'] = parseJsonObject(
			raw['folder:meta_data'],
			`${FIELD}: "folder:meta_data"`,
			METADATA_EXAMPLE,
		);
	}
	if (raw['media:meta_data'] !== undefined)
		payload['media:meta_data'] = readMediaMeta(raw['media:meta_data'], keys);
	payload.analyses = readAnalyses(raw.analyses);
	copyOtherKeys(raw, payload);
	return { payload, files };
}

/** The "Files" rows: which binary goes under which media key, each key once. */
function readFileRows(rows: FileRowInput[]): MediaFileRef[] {
	const files: MediaFileRef[] = [];
	rows.forEach((row, index) => {
		const where = `Files row ${index + 1}`;
		const binaryPropertyName = requireBinaryPropertyName(row.binaryPropertyName, where);
		const key = checkMediaKey(row.mediaKey?.trim() || binaryPropertyName, where);
		if (files.some((file) => file.key === key)) {
			throw new OzInputError(
				`Media key "${key}" is used by more than one file`,
				`${where}: Media Key`,
				'Give each file its own media key, the one the payload uses in "media:tags"',
			);
		}
		files.push({ key, binaryPropertyName });
	});
	if (files.length === 0) {
		throw new OzInputError(
			'No media to send',
			'Files',
			'Add a row under "Files" for each key in "media:tags"',
		);
	}
	return files;
}

/** "media:tags": one list of tags per file, and no tags for a key that has no file. */
function readTags(rawTags: unknown, keys: Set<string>): Record<string, string[]> {
	if (!isPlainObject(rawTags)) {
		throw new OzInputError(
			'The payload has no "media:tags" object',
			FIELD,
			'Add "media:tags" with the tags of each file, e.g. {"video1": ["video_selfie", "video_selfie_blank"]}',
		);
	}
	const tags = keyedRecord<string[]>();
	for (const [key, value] of Object.entries(rawTags)) {
		if (!keys.has(key)) {
			throw noFileUnder('media:tags', key);
		}
		tags[key] = collectTags(value, undefined, `"media:tags" of "${key}"`);
	}
	for (const key of keys) {
		if (!Object.prototype.hasOwnProperty.call(tags, key)) {
			throw new OzInputError(
				`File "${key}" has no tags`,
				FIELD,
				`Add "${key}" to "media:tags", e.g. "${key}": ["video_selfie", "video_selfie_blank"]`,
			);
		}
	}
	return tags;
}

/** A key of `section` that no file is sent under. */
function noFileUnder(section: string, key: string): OzInputError {
	return new OzInputError(
		`"${section}" names "${key}", but no file is sent under that key`,
		FIELD,
		`Add a row under "Files" with Media Key "${key}", or remove "${key}" from "${section}"`,
	);
}

/** "media:meta_data": an object per media key that has a file. */
function readMediaMeta(mediaMeta: unknown, keys: Set<string>): Record<string, IDataObject> {
	if (!isPlainObject(mediaMeta)) {
		throw new OzInputError(
			'"media:meta_data" must be an object keyed by media key',
			FIELD,
			`Use e.g. {"video1": ${METADATA_EXAMPLE}}`,
		);
	}
	const result = keyedRecord<IDataObject>();
	for (const [key, value] of Object.entries(mediaMeta)) {
		if (!keys.has(key)) {
			throw noFileUnder('media:meta_data', key);
		}
		result[key] =
			parseJsonObject(value, `${FIELD}: "media:meta_data" of "${key}"`, METADATA_EXAMPLE) ?? {};
	}
	return result;
}

/** "analyses": each checked like an analyses row; keys the node does not know pass through. */
function readAnalyses(analyses: unknown): PayloadAnalysis[] {
	if (!Array.isArray(analyses) || analyses.length === 0) {
		throw new OzInputError(
			'The payload has no analyses',
			FIELD,
			'Add "analyses" with at least one entry, e.g. [{"type": "quality"}]',
		);
	}
	return analyses.map((entry, index) => {
		const where = `${FIELD}: analyses[${index}]`;
		if (!isPlainObject(entry)) {
			throw new OzInputError(
				`${where} must be an object`,
				FIELD,
				'Write each analysis as {"type": "quality"}',
			);
		}
		const { type, params, meta_data: meta, ...rest } = entry;
		const collectionId = typeof rest.collection_id === 'string' ? rest.collection_id : undefined;
		// No Extract Best Shot switch in this mode: "extract_best_shot" in params goes as pasted.
		return {
			...rest,
			...analysisFromRow(
				{ type: typeof type === 'string' ? type : undefined, collectionId, params, metadata: meta },
				where,
			),
		};
	});
}

/** Anything else Oz may accept at the top level is passed through untouched. */
function copyOtherKeys(raw: IDataObject, payload: OzPayload): void {
	for (const [name, value] of Object.entries(raw)) {
		if (!Object.prototype.hasOwnProperty.call(payload, name)) {
			Object.defineProperty(payload, name, {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
	}
}
