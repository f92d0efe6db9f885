import type { IDataObject } from 'n8n-workflow';

import { OzInputError } from '../input/inputError';
import { keyedRecord, parseJsonObject } from '../input/json';
import {
	analysisFromRow,
	checkMediaKey,
	collectTags,
	METADATA_EXAMPLE,
	requireBinaryPropertyName,
} from './checks';
import type {
	AnalysisRowInput,
	MediaFileRef,
	MediaRowInput,
	MediaRows,
	PayloadAnalysis,
	OzPayload,
	AnalyzeUpload,
} from './types';

/*
 * The JSON part named `payload` of Oz's single request (page "Single Request"), built from the
 * node's "Using Fields Below" mode. fromJson.ts takes it as pasted; checks.ts holds the checks
 * both share.
 */

/** The media part of a payload from the node's media rows: files, tags and media metadata. */
export function buildMediaFromRows(media: MediaRowInput[]): MediaRows {
	if (media.length === 0) {
		throw new OzInputError(
			'No media to send',
			'Media',
			'Add at least one row under "Media" that names an input binary field',
		);
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
export function buildAnalysesFromRows(analyses: AnalysisRowInput[]): PayloadAnalysis[] {
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
}): AnalyzeUpload {
	const { files, tags, mediaMeta } = buildMediaFromRows(input.media);
	const analyses = buildAnalysesFromRows(input.analyses);
	const payload: OzPayload = { 'media:tags': tags, analyses };
	const folderMeta = parseJsonObject(input.folderMetadata, 'Folder Metadata', METADATA_EXAMPLE);
	if (folderMeta && Object.keys(folderMeta).length > 0) payload['folder:meta_data'] = folderMeta;
	if (Object.keys(mediaMeta).length > 0) payload['media:meta_data'] = mediaMeta;
	return { payload, files };
}
