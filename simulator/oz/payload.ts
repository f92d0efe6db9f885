import type { ReceivedForm } from '../server/multipart';
import { OzError, OzErrorCode } from './ozError';
import type { Json, Payload, PayloadAnalysis } from '../types';

// Oz's own list (page "Types of Analyses"), kept apart from the node's: the simulator stands in for
// Oz and imports nothing of the node, so a wrong type in the node meets Oz's refusal in the tests.
const ANALYSIS_TYPES = ['quality', 'biometry', 'collection', 'documents'];

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function invalid(code: number, message: string, details: unknown = null): OzError {
	return new OzError(400, code, message, details);
}

/** Checks `analyses` the way the docs describe them, for the single request and for POST …/analyses/. */
export function readAnalyses(rawAnalyses: unknown): PayloadAnalysis[] {
	if (!Array.isArray(rawAnalyses))
		throw invalid(OzErrorCode.INVALID_TYPE, '"analyses" must be a list');
	return rawAnalyses.map((entry, index): PayloadAnalysis => {
		if (!isObject(entry))
			throw invalid(OzErrorCode.INVALID_TYPE, `analyses[${index}] must be an object`);
		if (typeof entry.type !== 'string' || !ANALYSIS_TYPES.includes(entry.type)) {
			throw invalid(
				OzErrorCode.INVALID_VALUE,
				`analyses[${index}].type ${JSON.stringify(entry.type)} is not a known analysis type`,
			);
		}
		const params = entry.params ?? {};
		const meta = entry.meta_data ?? {};
		if (!isObject(params) || !isObject(meta)) {
			throw invalid(
				OzErrorCode.INVALID_TYPE,
				`analyses[${index}].params and meta_data must be objects`,
			);
		}
		// Page "Collection (1:N) Check": {"type": "collection", "collection_id": "…", "source_media": […]}.
		if (entry.type === 'collection' && typeof entry.collection_id !== 'string') {
			throw invalid(
				OzErrorCode.INVALID_STRUCTURE,
				`analyses[${index}]: a collection analysis needs "collection_id"`,
			);
		}
		const sourceMedia = entry.source_media;
		if (
			sourceMedia !== undefined &&
			(!Array.isArray(sourceMedia) || sourceMedia.some((id) => typeof id !== 'string'))
		) {
			throw invalid(
				OzErrorCode.INVALID_TYPE,
				`analyses[${index}].source_media must be a list of media ids`,
			);
		}
		return {
			type: entry.type,
			params,
			meta_data: meta,
			...(typeof entry.collection_id === 'string' ? { collection_id: entry.collection_id } : {}),
			...(sourceMedia ? { source_media: sourceMedia as string[] } : {}),
		};
	});
}

/** Validates the `payload` part of a multipart upload the way the Oz docs describe it. */
export function readPayload(form: ReceivedForm): Payload {
	const text = form.fields.payload;
	if (text === undefined)
		throw invalid(OzErrorCode.INVALID_STRUCTURE, 'Field "payload" is required');
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw invalid(
			OzErrorCode.INVALID_STRUCTURE,
			`Field "payload" is not valid JSON: ${(error as Error).message}`,
		);
	}
	if (!isObject(raw))
		throw invalid(OzErrorCode.INVALID_STRUCTURE, 'Field "payload" must be a JSON object');

	const fileKeys = new Set(form.files.map((file) => file.field));
	const rawTags = raw['media:tags'] ?? {};
	if (!isObject(rawTags)) throw invalid(OzErrorCode.INVALID_TYPE, '"media:tags" must be an object');
	// No prototype: media keys such as "constructor" must read as plain keys.
	const tags: Record<string, string[]> = Object.create(null);
	for (const [key, value] of Object.entries(rawTags)) {
		if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) {
			throw invalid(OzErrorCode.INVALID_TYPE, `"media:tags" of "${key}" must be a list of strings`);
		}
		if (!fileKeys.has(key)) {
			throw invalid(
				OzErrorCode.INVALID_VALUE,
				`"media:tags" refers to "${key}", but no file was uploaded with that key`,
			);
		}
		tags[key] = value as string[];
	}

	const mediaMeta = raw['media:meta_data'] ?? {};
	if (!isObject(mediaMeta) || Object.values(mediaMeta).some((value) => !isObject(value))) {
		throw invalid(OzErrorCode.INVALID_TYPE, '"media:meta_data" must map media keys to objects');
	}
	for (const key of Object.keys(mediaMeta)) {
		if (!fileKeys.has(key)) {
			throw invalid(
				OzErrorCode.INVALID_VALUE,
				`"media:meta_data" refers to "${key}", but no file was uploaded with that key`,
			);
		}
	}
	const folderMeta = raw['folder:meta_data'] ?? {};
	if (!isObject(folderMeta))
		throw invalid(OzErrorCode.INVALID_TYPE, '"folder:meta_data" must be an object');

	return {
		folderMeta,
		mediaMeta: Object.assign(Object.create(null), mediaMeta) as Record<string, Json>,
		tags,
		analyses: readAnalyses(raw.analyses ?? []),
	};
}
