import type { INodeProperties } from 'n8n-workflow';

import { OZ_ID } from '../ozApi';
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

interface LocatorField {
	displayName: string;
	name: string;
	description: string;
	idPlaceholder: string;
	searchListMethod: string;
	/** The mode a new node starts in: By ID where the ID usually comes from an earlier step. */
	defaultMode: 'list' | 'id';
}

/** An Oz object picked From List (searched in Oz) or given By ID, as n8n's own nodes do. */
function locatorField(field: LocatorField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: field.defaultMode, value: '' },
		required: true,
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${field.displayName.toLowerCase()}...`,
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: field.idPlaceholder,
				validation: [
					{
						type: 'regex',
						// The editor checks a typed ID as the node does when it runs.
						properties: { regex: OZ_ID.source, errorMessage: 'Not an Oz ID' },
					},
				],
			},
		],
	};
}

export function folderIdField(description: string): INodeProperties {
	return locatorField({
		displayName: 'Folder',
		name: 'folderId',
		description,
		idPlaceholder: 'e.g. 9b6f8d2e-0000-0000-0000-000000000000',
		searchListMethod: 'searchFolders',
		defaultMode: 'id',
	});
}

export function collectionIdField(): INodeProperties {
	return locatorField({
		displayName: 'Collection',
		name: 'collectionId',
		description:
			'The blacklist collection, e.g. collection_id from Blacklist Collection → Create or Get Many',
		idPlaceholder: 'e.g. 3f1c2a9e-0000-0000-0000-000000000000',
		searchListMethod: 'searchCollections',
		defaultMode: 'list',
	});
}

export function personIdField(): INodeProperties {
	return locatorField({
		displayName: 'Person',
		name: 'personId',
		description:
			'The person in the collection, e.g. person_id from Blacklist Person → Add or a blacklist hit',
		idPlaceholder: 'e.g. 7c2d9a10-0000-0000-0000-000000000000',
		searchListMethod: 'searchPersons',
		defaultMode: 'list',
	});
}
