import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { RUNNING_STATES } from '../ozApi';

/** The objects of a list field; anything else in it is skipped. */
export function objects(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function numberOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The scores of a per-media result, whatever Oz names them. */
function numbersOf(value: unknown): IDataObject {
	if (!isPlainObject(value)) return {};
	return Object.fromEntries(
		Object.entries(value).filter(
			([, entry]) => typeof entry === 'number' && Number.isFinite(entry),
		),
	);
}

/** Oz names the source media differently per media kind (video, shot set, photo). */
function sourceMediaId(result: IDataObject): unknown {
	return (
		result.source_media_id ??
		result.source_video_id ??
		result.source_shots_set_id ??
		result.source_image_id ??
		null
	);
}

/**
 * Page "Collection (1:N) Check": a match is a results_media entry of the collection analysis
 * with its person_id; the collection is the analysis' own when the entry does not name one.
 */
export function blacklistHits(analysis: IDataObject): IDataObject[] {
	if (String(analysis.type ?? '').toUpperCase() !== 'COLLECTION') return [];
	const collectionId =
		analysis.collection_id ??
		(isPlainObject(analysis.params) ? analysis.params.collection_id : undefined) ??
		null;
	return objects(analysis.results_media)
		.filter((result) => result.person_id !== undefined && result.person_id !== null)
		.map((result) => {
			const data = isPlainObject(result.results_data) ? result.results_data : {};
			// GUESS(blacklist-score): the page shows `person_id` in `results_media`, no score field.
			const score = numberOrNull(data.confidence ?? result.confidence ?? result.score);
			return {
				person_id: result.person_id,
				collection_id: result.collection_id ?? collectionId,
				...(score === null ? {} : { score }),
			};
		});
}

export interface BestShot {
	mediaId: string;
	url: string;
}

/** Page "Best Shot": the URL is at results_media → output_images → original_url. */
export function bestShotsOf(analysis: IDataObject): BestShot[] {
	return objects(analysis.results_media).flatMap((result) =>
		objects(result.output_images)
			.filter((image) => typeof image.original_url === 'string' && image.original_url)
			.map((image) => ({
				mediaId: String(sourceMediaId(result) ?? 'media'),
				url: String(image.original_url),
			})),
	);
}

/** The decision and headline scores of one analysis, for IF and Switch nodes. */
export function simplifyAnalysis(analysis: IDataObject): IDataObject {
	const type = String(analysis.type ?? '').toUpperCase();
	const results = objects(analysis.results_media);
	const resultsData = isPlainObject(analysis.results_data) ? analysis.results_data : {};
	const simple: IDataObject = {
		analysis_id: analysis.analysis_id ?? analysis.analyse_id ?? null,
		type,
		state: analysis.state ?? null,
		resolution: analysis.resolution ?? analysis.resolution_status ?? null,
	};
	if (type === 'QUALITY') {
		const media = results.map((result) => ({
			media_id: sourceMediaId(result),
			confidence_spoofing: numberOrNull(
				isPlainObject(result.results_data) ? result.results_data.confidence_spoofing : undefined,
			),
			resolution: result.resolution_status ?? result.resolution ?? null,
		}));
		const scores = media
			.map((entry) => entry.confidence_spoofing)
			.filter((score): score is number => score !== null);
		// The worst (highest) spoofing chance decides, as Oz's own resolution does.
		simple.confidence_spoofing = scores.length ? Math.max(...scores) : null;
		simple.media = media;
	} else if (type === 'BIOMETRY') {
		// Page "Quantitative Results": min/max over all pairs; page "Biometry": scores per media.
		simple.min_confidence = numberOrNull(resultsData.min_confidence);
		simple.max_confidence = numberOrNull(resultsData.max_confidence);
		simple.media = results.map((result) => ({
			media_id: sourceMediaId(result),
			...numbersOf(result.results_data),
			resolution: result.resolution_status ?? result.resolution ?? null,
		}));
	} else if (type === 'COLLECTION') {
		simple.hits = blacklistHits(analysis);
	}
	const [bestShot] = bestShotsOf(analysis);
	if (bestShot) simple.best_shot_url = bestShot.url;
	if (analysis.error_code !== undefined && analysis.error_code !== null) {
		simple.error_code = analysis.error_code;
		simple.error_message = analysis.error_message ?? null;
	}
	return simple;
}

/**
 * The folder's decision and processing stage, never one for the other: `system_resolution` is
 * the decision, `resolution_status` the stage (page "Statuses in API").
 */
export function folderHead(folder: IDataObject): IDataObject {
	return {
		folder_id: folder.folder_id ?? null,
		system_resolution: folder.system_resolution ?? null,
		resolution_status: folder.resolution_status ?? null,
	};
}

/** The folder's analyses that are still running (pages "Liveness", "Biometry"). */
export function runningAnalyses(folder: IDataObject): IDataObject[] {
	return objects(folder.analyses).filter((analysis) =>
		RUNNING_STATES.includes(String(analysis.state)),
	);
}

/** Whether Oz is still at work on the folder: an analysis runs, or the folder says it is not done. */
export function stillAnalysing(folder: IDataObject): boolean {
	return (
		runningAnalyses(folder).length > 0 ||
		RUNNING_STATES.includes(String(folder.system_resolution)) ||
		RUNNING_STATES.includes(String(folder.resolution_status))
	);
}

/**
 * Folder id, overall decision and one line per analysis, instead of Oz's full folder. While Oz
 * is still analysing there is no decision: `system_resolution` is null and the item says why,
 * so an IF on SUCCESS cannot take a running check for a result.
 */
export function simplifyFolder(folder: IDataObject): IDataObject {
	const analyses = objects(folder.analyses).map(simplifyAnalysis);
	const simple: IDataObject = { ...folderHead(folder), analyses };
	if (stillAnalysing(folder)) {
		simple.system_resolution = null;
		simple.still_analysing = true;
		simple.note =
			'Oz is still analysing this folder: no decision yet. Continue with Analysis → Wait on its folder_id.';
	}
	const bestShot = analyses.find((analysis) => typeof analysis.best_shot_url === 'string');
	if (bestShot) simple.best_shot_url = bestShot.best_shot_url;
	if (isPlainObject(folder.meta_data) && Object.keys(folder.meta_data).length > 0)
		simple.meta_data = folder.meta_data;
	return simple;
}
