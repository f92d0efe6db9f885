import { OzErrorCode } from '../oz/ozError';
import { BIOMETRY_THRESHOLD, LIVENESS_THRESHOLD, livenessScore, similarity } from './results';
import type { AnalysisOutcome, Json, PayloadAnalysis, StoredMedia } from '../types';

function hasTag(media: StoredMedia, predicate: (tag: string) => boolean): boolean {
	return (media.json.tags as string[]).some(predicate);
}

const mediaId = (media: StoredMedia) => media.json.media_id as string;

/**
 * Page "Liveness": a per-media result names its file by source_video_id, or source_shots_set_id
 * for shot sets. GUESS(source-ids): source_image_id for photos, and source_media_id on every result.
 */
function sourceKey(media: StoredMedia): string {
	if (media.json.media_type === 'VIDEO_FOLDER') return 'source_video_id';
	return media.json.media_type === 'SHOTS_SET' ? 'source_shots_set_id' : 'source_image_id';
}

function finished(
	resolution: string,
	results_media: Json[],
	results_data: Json | null = null,
): AnalysisOutcome {
	return {
		state: 'FINISHED',
		resolution,
		results_media,
		results_data,
		error_code: null,
		error_message: null,
	};
}

/** Media a face check looks at: all but the back of an ID (pages "Rules of Assigning Analyses", "Media Tags"). */
function faces(media: StoredMedia[]): StoredMedia[] {
	return media.filter((m) => !hasTag(m, (tag) => tag === 'photo_id_back'));
}

function liveness(
	analysis: PayloadAnalysis,
	media: StoredMedia[],
	bestShotUrl?: (mediaId: string) => string,
): AnalysisOutcome {
	// Page "Best Shot": from API 6.0.1 the best shot is extracted by default unless disabled.
	const withBestShot = analysis.params.extract_best_shot !== false && bestShotUrl !== undefined;
	const checked = media.filter((m) =>
		hasTag(m, (tag) => tag.startsWith('video_selfie') || tag === 'photo_selfie'),
	);
	const results = checked.map((m) => {
		const score = livenessScore(m.data);
		return {
			[sourceKey(m)]: mediaId(m),
			source_media_id: mediaId(m),
			// Page "Types of Analyses": at or above the threshold (0.5 by default, set by Oz) is an attack.
			resolution_status: score >= LIVENESS_THRESHOLD ? 'DECLINED' : 'SUCCESS',
			results_data: { confidence_spoofing: score },
			output_images: withBestShot && bestShotUrl ? [{ original_url: bestShotUrl(mediaId(m)) }] : [],
		};
	});
	return finished(
		results.some((r) => r.resolution_status === 'DECLINED') ? 'DECLINED' : 'SUCCESS',
		results,
	);
}

function faceMatching(media: StoredMedia[]): AnalysisOutcome {
	const checked = faces(media);
	// GUESS(face-count): the analysis fails, not the request (page "Rules of Assigning Analyses":
	// "the system will return an error").
	if (checked.length < 2) {
		const error = {
			error_code: OzErrorCode.INVALID_VALUE,
			error_message: 'Biometry needs at least two media with a face',
		};
		return {
			state: 'FAILED',
			resolution: 'FAILED',
			results_media: [],
			results_data: null,
			...error,
		};
	}
	// Page "Biometry": all pairs are compared and the least similar pair decides; page
	// "Quantitative Results": min_confidence and max_confidence over the pairs; page "Types of
	// Analyses": similar at or above 0.85 by default. GUESS(match-confidence): each media's
	// result carries them too, over the pairs that media is in.
	const pairs = checked.map((face) =>
		checked.filter((other) => other !== face).map((other) => similarity(face.data, other.data)),
	);
	const scores = pairs.flat();
	const min = Math.min(...scores);
	const perMedia = checked.map((face, index) => ({
		[sourceKey(face)]: mediaId(face),
		source_media_id: mediaId(face),
		resolution_status: Math.min(...pairs[index]) >= BIOMETRY_THRESHOLD ? 'SUCCESS' : 'DECLINED',
		results_data: {
			min_confidence: Math.min(...pairs[index]),
			max_confidence: Math.max(...pairs[index]),
		},
	}));
	return finished(min >= BIOMETRY_THRESHOLD ? 'SUCCESS' : 'DECLINED', perMedia, {
		min_confidence: min,
		max_confidence: Math.max(...scores),
	});
}

/** The person IDs of a collection whose photos show the same face as the file. */
export type PersonMatcher = (collectionId: string, data: Buffer) => string[];

function blacklist(
	analysis: PayloadAnalysis,
	media: StoredMedia[],
	matchPersons: PersonMatcher,
): AnalysisOutcome {
	// Page "Collection (1:N) Check": a match is a results_media entry of the collection analysis
	// with its person_id. The same face is the same bytes, as in face matching.
	// GUESS(hit-fields): a hit also names source_media_id and collection_id.
	const collectionId = analysis.collection_id ?? '';
	const results = faces(media).flatMap((m) =>
		matchPersons(collectionId, m.data).map((personId) => ({
			[sourceKey(m)]: mediaId(m),
			source_media_id: mediaId(m),
			person_id: personId,
			collection_id: collectionId,
			results_data: { confidence: 1 },
		})),
	);
	return finished(results.length ? 'DECLINED' : 'SUCCESS', results);
}

/** The deterministic result of one analysis over its media. */
export function runAnalysis(
	analysis: PayloadAnalysis,
	media: StoredMedia[],
	matchPersons: PersonMatcher,
	bestShotUrl?: (mediaId: string) => string,
): AnalysisOutcome {
	if (analysis.type === 'quality') return liveness(analysis, media, bestShotUrl);
	if (analysis.type === 'biometry') return faceMatching(media);
	if (analysis.type === 'collection') return blacklist(analysis, media, matchPersons);
	return finished('SUCCESS', [], { text_fields: [] });
}

/**
 * The folder's decision over its analyses, as "System Resolution" is described.
 * GUESS(folder-decision): any DECLINED, then any FAILED, else SUCCESS.
 */
export function systemResolution(resolutions: string[]): string {
	if (resolutions.length === 0) return 'INITIAL';
	if (resolutions.some((r) => r === 'PROCESSING')) return 'PROCESSING';
	if (resolutions.includes('DECLINED')) return 'DECLINED';
	if (resolutions.includes('FAILED')) return 'FAILED';
	return 'SUCCESS';
}
