import type { INodePropertyOptions } from 'n8n-workflow';

import type { AnalysisType } from '../ozApi';
import { ANALYSIS_TYPES } from '../ozApi';

/** Media tags as page "Media Tags" lists them. */
export const MEDIA_TAG_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Video Selfie',
		value: 'video_selfie',
		description: 'A selfie video (required on every liveness video)',
	},
	{
		name: 'Video Selfie: Blank (Passive)',
		value: 'video_selfie_blank',
		description: 'No gesture, passive liveness',
	},
	{ name: 'Video Selfie: Blink', value: 'video_selfie_eyes' },
	{ name: 'Video Selfie: Head Down', value: 'video_selfie_down' },
	{ name: 'Video Selfie: Head Left', value: 'video_selfie_left' },
	{ name: 'Video Selfie: Head Right', value: 'video_selfie_right' },
	{ name: 'Video Selfie: Head Up', value: 'video_selfie_high' },
	{
		name: 'Video Selfie: One Shot',
		value: 'video_selfie_oneshot',
		description: 'One-frame analysis; Oz retires it on 1 January 2027',
	},
	{ name: 'Video Selfie: Scan', value: 'video_selfie_scan' },
	{ name: 'Video Selfie: Smile', value: 'video_selfie_smile' },
	{ name: 'Orientation: Landscape', value: 'orientation_landscape' },
	{ name: 'Orientation: Portrait', value: 'orientation_portrait' },
	{
		name: 'Photo Selfie',
		value: 'photo_selfie',
		description: 'A selfie or other reference photo that is not a document',
	},
	{ name: 'Photo ID', value: 'photo_id', description: 'A photo of an identity document' },
	{ name: 'Photo ID: Front', value: 'photo_id_front' },
	{ name: 'Photo ID: Back', value: 'photo_id_back', description: 'Ignored by face matching' },
];

/** The names users know Oz's analysis types under: one for each type of ozApi.ts. */
const ANALYSIS_TYPE_NAMES: Record<AnalysisType, Omit<INodePropertyOptions, 'value'>> = {
	quality: {
		name: 'Liveness',
		description: 'Anti-spoofing check of selfie media (Oz type "quality")',
	},
	biometry: {
		name: 'Face Matching',
		description: 'Compares the faces of two or more media (Oz type "biometry")',
	},
	collection: {
		name: 'Blacklist',
		description: 'Searches the faces in a blacklist collection (Oz type "collection")',
	},
	documents: {
		name: 'Documents',
		description: 'Document recognition, on Oz versions that offer it',
	},
};

export const ANALYSIS_TYPE_OPTIONS: INodePropertyOptions[] = ANALYSIS_TYPES.map((value) => ({
	...ANALYSIS_TYPE_NAMES[value],
	value,
}));
