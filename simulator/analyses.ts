import { OzErrorCode } from './ozError';
import type { PayloadAnalysis } from './payload';
import { BIOMETRY_THRESHOLD, LIVENESS_THRESHOLD, blacklistHit, livenessScore, similarity } from './results';
import type { Json, StoredMedia } from './store';

export interface AnalysisOutcome {
	state: string;
	resolution: string;
	results_media: Json[];
	results_data: Json | null;
	error_code: number | null;
	error_message: string | null;
}

function hasTag(media: StoredMedia, predicate: (tag: string) => boolean): boolean {
	return (media.json.tags as string[]).some(predicate);
}

const mediaId = (media: StoredMedia) => media.json.media_id as string;

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
		const threshold = typeof analysis.params.threshold_spoofing === 'number' ? analysis.params.threshold_spoofing : LIVENESS_THRESHOLD;
		const withBestShot = analysis.params.extract_best_shot !== false && bestShotUrl !== undefined;
		const checked = media.filter((m) => hasTag(m, (tag) => tag.startsWith('video_selfie') || tag === 'photo_selfie'));
		const results = checked.map((m) => {
			const score = livenessScore(m.data);
			const idKey = m.json.media_type === 'VIDEO_FOLDER' ? 'source_video_id' : m.json.media_type === 'SHOTS_SET' ? 'source_shots_set_id' : 'source_image_id';
			return {
				[idKey]: mediaId(m),
				source_media_id: mediaId(m),
				resolution_status: score >= threshold ? 'DECLINED' : 'SUCCESS',
				results_data: { confidence_spoofing: score },
				output_images: withBestShot && bestShotUrl ? [{ original_url: bestShotUrl(mediaId(m)) }] : [],
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

/** The folder's decision over its analyses, as "System Resolution" is described. */
export function systemResolution(resolutions: string[]): string {
	if (resolutions.length === 0) return 'INITIAL';
	if (resolutions.some((r) => r === 'PROCESSING')) return 'PROCESSING';
	if (resolutions.includes('DECLINED')) return 'DECLINED';
	if (resolutions.includes('FAILED')) return 'FAILED';
	return 'SUCCESS';
}
