import type { INodeProperties } from 'n8n-workflow';

import { ANALYSIS_TYPE_OPTIONS, DEFAULT_TIMEOUT_SECONDS, MEDIA_TAG_OPTIONS } from '../../../shared/constants';

const showOnlyForAnalyze = { resource: ['folder'], operation: ['analyze'] };
const showOnlyForAnalyzeFields = { ...showOnlyForAnalyze, payloadMode: ['fields'] };
const showOnlyForAnalyzeJson = { ...showOnlyForAnalyze, payloadMode: ['json'] };

const EXAMPLE_PAYLOAD = `{
  "folder:meta_data": { "case_id": "A-1017" },
  "media:tags": {
    "video1": ["video_selfie", "video_selfie_blank", "orientation_portrait"]
  },
  "analyses": [
    { "type": "quality", "params": { "extract_best_shot": true } }
  ]
}`;

const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	placeholder: 'e.g. data',
	hint: 'The name of the input binary field that holds the file',
};

const mediaKeyField: INodeProperties = {
	displayName: 'Media Key',
	name: 'mediaKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. video1',
	description: 'Name of the file in the request, used as its key in "media:tags". Defaults to the binary field name.',
};

export const analyzeProperties: INodeProperties[] = [
	{
		displayName: 'Payload',
		name: 'payloadMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForAnalyze },
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: 'Paste the payload as in the Oz docs' },
		],
		default: 'fields',
		description: 'How to describe the media and analyses',
	},
	{
		displayName: 'Media',
		name: 'media',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: showOnlyForAnalyzeFields },
		placeholder: 'Add Media',
		default: { file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'] }] },
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
	},
	{
		displayName: 'Analyses',
		name: 'analyses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: showOnlyForAnalyzeFields },
		placeholder: 'Add Analysis',
		default: { analysis: [{ type: 'quality' }] },
		description: 'The checks Oz runs on the media',
		options: [
			{
				displayName: 'Analysis',
				name: 'analysis',
				values: [
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
						displayName: 'Parameters',
						name: 'params',
						type: 'json',
						default: '{}',
						description: 'Analysis parameters as Oz defines them, passed through as they are, e.g. {"extract_best_shot": true}',
					},
					{
						displayName: 'Analysis Metadata',
						name: 'metadata',
						type: 'json',
						default: '{}',
						description: 'Your own key-value pairs stored with this analysis',
					},
				],
			},
		],
	},
	{
		displayName: 'Folder Metadata',
		name: 'folderMetadata',
		type: 'json',
		displayOptions: { show: showOnlyForAnalyzeFields },
		default: '{}',
		description: 'Your own key-value pairs stored with the folder, e.g. {"transaction_id": "A-1017"}. Search folders by them later.',
	},
	{
		displayName: 'Payload (JSON)',
		name: 'jsonPayload',
		type: 'json',
		displayOptions: { show: showOnlyForAnalyzeJson },
		default: EXAMPLE_PAYLOAD,
		required: true,
		description: 'The payload part as in the Oz docs: "folder:meta_data", "media:meta_data", "media:tags" and "analyses"',
	},
	{
		displayName: 'Files',
		name: 'jsonFiles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: showOnlyForAnalyzeJson },
		placeholder: 'Add File',
		default: { file: [{ binaryPropertyName: 'data', mediaKey: 'video1' }] },
		description: 'Which input binary field is sent under which media key of the payload',
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [binaryPropertyField, { ...mediaKeyField, description: 'The key the payload uses for this file in "media:tags". Defaults to the binary field name.' }],
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show: showOnlyForAnalyze },
		default: false,
		description: 'Whether to return only the folder ID, the decision and each analysis\'s result and score instead of the full Oz response',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		displayOptions: { show: showOnlyForAnalyze },
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for Oz to answer. Analyses run while the request is open, so allow for a queue under load.',
			},
		],
	},
];
