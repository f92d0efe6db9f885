import type { INodeProperties } from 'n8n-workflow';

import { ANALYSIS_TYPE_OPTIONS, MEDIA_TAG_OPTIONS } from './ozChoices';

// Fields several operations share; each operation shows them through updateDisplayOptions.

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	placeholder: 'e.g. data',
	hint: 'The name of the input binary field that holds the file',
};

export const mediaKeyField: INodeProperties = {
	displayName: 'Media Key',
	name: 'mediaKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. video1',
	description:
		'Name of the file in the request, used as its key in "media:tags". Defaults to the binary field name.',
};

export function mediaRowsField(
	defaultTags = ['video_selfie', 'video_selfie_blank', 'orientation_portrait'],
	displayName = 'Media',
): INodeProperties {
	return {
		displayName,
		name: 'media',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: `Add ${displayName}`,
		default: {
			file: [
				{
					binaryPropertyName: 'data',
					tags: defaultTags,
				},
			],
		},
		description: 'The files to send, one row per file',
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					binaryPropertyField,
					mediaKeyField,
					{
						displayName: 'Tags',
						name: 'tags',
						type: 'multiOptions',
						options: MEDIA_TAG_OPTIONS,
						default: [],
						description: 'What the file shows. Oz picks the analyses for a file by its tags.',
					},
					{
						displayName: 'Extra Tags',
						name: 'extraTags',
						type: 'string',
						default: '',
						placeholder: 'e.g. video_selfie_best',
						description: 'Further tags, separated by commas, for tags newer than this list',
					},
					{
						displayName: 'Media Metadata',
						name: 'metadata',
						type: 'json',
						default: '{}',
						description: 'Your own key-value pairs stored with this file',
					},
				],
			},
		],
	};
}

/** The fields of one analyses row. */
const ANALYSIS_ROW_VALUES: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: ANALYSIS_TYPE_OPTIONS,
		default: 'quality',
	},
	{
		displayName: 'Collection ID',
		name: 'collectionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c2a9e-0000-0000-0000-000000000000',
		description: 'The blacklist collection to search',
		displayOptions: { show: { type: ['collection'] } },
	},
	{
		displayName: 'Extract Best Shot',
		name: 'extractBestShot',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask Oz for the best frame of the video. On sends "extract_best_shot": true (an "extract_best_shot" in Parameters must then be true too). Off adds nothing: an "extract_best_shot" in Parameters is sent as written. Oz API 6.0.1 and later extract the best shot unless it is set to false.',
		displayOptions: { show: { type: ['quality'] } },
	},
	{
		displayName: 'Parameters',
		name: 'params',
		type: 'json',
		default: '{}',
		description:
			'Analysis parameters as Oz defines them, passed through as they are, e.g. {"extract_best_shot": true}',
	},
	{
		displayName: 'Analysis Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description: 'Your own key-value pairs stored with this analysis',
	},
];

export function analysesRowsField(withSourceMedia = false): INodeProperties {
	const values = [...ANALYSIS_ROW_VALUES];
	if (withSourceMedia) {
		values.push({
			displayName: 'Source Media IDs',
			name: 'sourceMedia',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1b2c…, 9f8e…',
			description:
				'Media of the folder to analyse, separated by commas. Leave empty for all media of the folder.',
		});
	}
	return {
		displayName: 'Analyses',
		name: 'analyses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Analysis',
		default: { analysis: [{ type: 'quality' }] },
		description: 'The checks Oz runs on the media',
		options: [{ displayName: 'Analysis', name: 'analysis', values }],
	};
}

export function simplifyField(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			"Whether to return only IDs, decisions and each analysis's result and score instead of the full Oz response",
	};
}

/** Return All and Limit, as on every n8n "Get Many". */
export function pagingFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}
