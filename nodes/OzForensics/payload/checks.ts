import { OzInputError } from '../input/inputError';
import { parseJsonObject } from '../input/json';
import { ANALYSIS_TYPES } from '../ozApi';
import type { AnalysisRowInput, PayloadAnalysis } from './types';

// Checks of media keys, tags and analyses that the fields mode and the JSON mode share.

const MEDIA_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
export const METADATA_EXAMPLE = '{"case_id": "A-1017"}';
const PARAMS_EXAMPLE = '{"extract_best_shot": true}';

export function requireBinaryPropertyName(value: string | undefined, where: string): string {
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
export function checkMediaKey(key: string, where: string): string {
	if (!MEDIA_KEY_PATTERN.test(key)) {
		throw new OzInputError(
			`Media key "${key}" is not allowed`,
			`${where}: Media Key`,
			'Use 1 to 100 letters, digits, underscores, dots or hyphens, e.g. "video1"',
		);
	}
	return key;
}

export function collectTags(selected: unknown, extra: string | undefined, where: string): string[] {
	const list: unknown[] = Array.isArray(selected)
		? [...selected]
		: selected === undefined
			? []
			: [selected];
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

export function analysisFromRow(row: AnalysisRowInput, where: string): PayloadAnalysis {
	const type = row.type?.trim().toLowerCase();
	if (!type || !(ANALYSIS_TYPES as readonly string[]).includes(type)) {
		throw new OzInputError(
			`${where} has an unknown analysis type: ${JSON.stringify(row.type ?? '')}`,
			`${where}: Type`,
			`Use one of: ${ANALYSIS_TYPES.join(', ')}`,
		);
	}
	const analysis: PayloadAnalysis = { type };
	const params = parseJsonObject(row.params, `${where}: Parameters`, PARAMS_EXAMPLE) ?? {};
	// Oz's page "Collection (1:N) Check" puts collection_id beside "type"; Oz's old iOS SDK put it
	// in params, so an ID found only there is sent in the documented place too.
	const collectionId =
		row.collectionId?.trim() ||
		(typeof params.collection_id === 'string' ? params.collection_id.trim() : '');
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
	// The switch off is also its default, which n8n does not save: it cannot mean "forbid", or
	// Parameters pasted from Oz's docs (or saved before the switch) would be refused. Only the
	// switch on beside Parameters that say otherwise is a contradiction.
	if (type === 'quality' && row.extractBestShot === true) {
		const given = params.extract_best_shot;
		if (given !== undefined && given !== true) {
			throw new OzInputError(
				`${where}: "Extract Best Shot" is on but Parameters set "extract_best_shot": ${JSON.stringify(given)}`,
				`${where}: Extract Best Shot`,
				'Turn "Extract Best Shot" off to send the value in Parameters, or remove "extract_best_shot" from Parameters',
			);
		}
		params.extract_best_shot = true;
	}
	if (Object.keys(params).length > 0) analysis.params = params;
	const meta = parseJsonObject(row.metadata, `${where}: Analysis Metadata`, METADATA_EXAMPLE);
	if (meta && Object.keys(meta).length > 0) analysis.meta_data = meta;
	const sourceMedia = (row.sourceMedia ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (sourceMedia.length > 0) analysis.source_media = sourceMedia;
	return analysis;
}
