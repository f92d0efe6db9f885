import { OzErrorCode } from './ozError';
import { BIOMETRY_THRESHOLD, LIVENESS_THRESHOLD, blacklistHit, livenessScore, similarity } from './results';
import type { AnalysisOutcome, Json, PayloadAnalysis, StoredMedia } from '../types';


function hasTag(media: StoredMedia, predicate: (tag: string) => boolean): boolean {
	return (media.json.tags as string[]).some(predicate);
}

const mediaId = (media: StoredMedia) => media.json.media_id as string;

/** Page "Liveness": a per-media result names its file by source_video_id, or source_shots_set_id for shot sets. */
function sourceKey(media: StoredMedia): string {
	if (media.json.media_type === 'VIDEO_FOLDER') return 'source_video_id';
	return media.json.media_type === 'SHOTS_SET' ? 'source_shots_set_id' : 'source_image_id';
}

/** The deterministic result of one analysis over its media. */
export function runAnalysis(analysis: PayloadAnalysis, media: StoredMedia[], bestShotUrl?: (mediaId: string) => string): AnalysisOutcome {
	const done = (resolution: string, results_media: Json[], results_data: Json | null = null): AnalysisOutcome => ({
		state: 'FINISHED',
		resolution,
		results_media,
		results_data,
		error_code: null,
		error_message: null,
	});
	if (analysis.type === 'quality') {
		// Page "Types of Analyses": the default liveness threshold is 0.5, set by Oz, not by the request.
		const threshold = LIVENESS_THRESHOLD;
		// Page "Best Shot": from API 6.0.1 the best shot is extracted by default unless disabled.
		const withBestShot = analysis.params.extract_best_shot !== false && bestShotUrl !== undefined;
		const checked = media.filter((m) => hasTag(m, (tag) => tag.startsWith('video_selfie') || tag === 'photo_selfie'));
		const results = checked.map((m) => {
			const score = livenessScore(m.data);
			return {
				[sourceKey(m)]: mediaId(m),
				source_media_id: mediaId(m),
				resolution_status: score >= threshold ? 'DECLINED' : 'SUCCESS',
				results_data: { confidence_spoofing: score },
				output_images: withBestShot && bestShotUrl ? [{ original_url: bestShotUrl(mediaId(m)) }] : [],
			};
		});
		return done(results.some((r) => r.resolution_status === 'DECLINED') ? 'DECLINED' : 'SUCCESS', results);
	}
	if (analysis.type === 'biometry') {
		// Page "Types of Analyses": the default face-matching threshold is 0.85.
		const threshold = BIOMETRY_THRESHOLD;
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
		// Page "Biometry": all pairs are compared and the least similar pair decides; page
		// "Quantitative Results": min_confidence and max_confidence over the pairs.
		const pairs = faces.map((face) => faces.filter((other) => other !== face).map((other) => similarity(face.data, other.data)));
		const scores = pairs.flat();
		const min = Math.min(...scores);
		const perMedia = faces.map((face, index) => ({
			[sourceKey(face)]: mediaId(face),
			source_media_id: mediaId(face),
			resolution_status: Math.min(...pairs[index]) >= threshold ? 'SUCCESS' : 'DECLINED',
			results_data: { min_confidence: Math.min(...pairs[index]), max_confidence: Math.max(...pairs[index]) },
		}));
		return done(min >= threshold ? 'SUCCESS' : 'DECLINED', perMedia, { min_confidence: min, max_confidence: Math.max(...scores) });
	}
	if (analysis.type === 'collection') {
		// Page "Collection (1:N) Check": a match is a results_media entry of the collection analysis with its person_id.
		const collectionId = analysis.collection_id ?? '';
		const faces = media.filter((m) => !hasTag(m, (tag) => tag === 'photo_id_back'));
		const hits = faces.filter((m) => blacklistHit(m.data, collectionId));
		const results = hits.map((m) => ({
			[sourceKey(m)]: mediaId(m),
			source_media_id: mediaId(m),
			person_id: `person-${mediaId(m).slice(0, 8)}`,
			collection_id: collectionId,
		}));
		return done(hits.length ? 'DECLINED' : 'SUCCESS', results);
	}
	return done('SUCCESS', [], { text_fields: [] });
}

/** The folder's decision over its analyses, as "System Resolution" is described. */
export function systemResolution(resolutions: string[]): string {
	if (resolutions.length === 0) return 'INITIAL';
	if (resolutions.some((r) => r === 'PROCESSING')) return 'PROCESSING';
	if (resolutions.includes('DECLINED')) return 'DECLINED';
	if (resolutions.includes('FAILED')) return 'FAILED';
	return 'SUCCESS';
}
