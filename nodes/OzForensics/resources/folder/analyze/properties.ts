import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	analysesRowsField,
	binaryPropertyField,
	mediaKeyField,
	mediaRowsField,
	simplifyField,
} from '../../../descriptions/fields';
import {
	bestShotPropertyOption,
	downloadBestShotOption,
	maxAnalysesPerMinuteOption,
	optionsCollection,
	parallelRequestsOption,
	resolveMatchedPersonsOption,
	sharedLimitOption,
	splitIntoItemsOption,
	timeoutOption,
} from '../../../descriptions/options';

const showOnlyForFields = { payloadMode: ['fields'] };
const showOnlyForJson = { payloadMode: ['json'] };

const EXAMPLE_PAYLOAD = `{
  "folder:meta_data": { "case_id": "A-1017" },
  "media:tags": {
    "video1": ["video_selfie", "video_selfie_blank", "orientation_portrait"]
  },
  "analyses": [
    { "type": "quality", "params": { "extract_best_shot": true } }
  ]
}`;

export const analyzeOptions: INodeProperties[] = [
	bestShotPropertyOption,
	{
		displayName: "Don't Store Data (Instant API)",
		name: 'instant',
		type: 'boolean',
		default: false,
		description:
			"Whether to use Oz's Instant API, which analyses and answers but keeps nothing (no folder to look up later). Blacklist checks are not available there.",
	},
	downloadBestShotOption,
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.applicationId }}',
		description:
			"A value that names this check across executions, such as the application ID. When Oz already holds a folder with it, that folder is returned (once analysed) and nothing is sent or billed again. Kept in the folder metadata as n8n_idempotency_key, and as a digest in n8n_request_id that Oz's metadata search cannot misread. Costs one look-up per item.",
	},
	{
		displayName: 'Idempotency Window (Hours)',
		name: 'idempotencyWindowHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 24,
		description:
			'How far back to look for a folder with the same Idempotency Key. An older folder is not reused and a new check is made.',
	},
	maxAnalysesPerMinuteOption,
	parallelRequestsOption,
	{
		displayName: 'Recover Lost Answers',
		name: 'safeRetry',
		type: 'boolean',
		default: true,
		description:
			"Whether to find the folder again when Oz's answer is lost (timeout, dropped connection, 5xx, a gateway's error page): every request carries a marker in its folder metadata (n8n_request_id); the node looks the folder up by it, waits for its analyses and returns the decision, and sends once more only if Oz has no such folder. Turned off, such an item fails. Not available with the Instant API, which keeps no folders.",
	},
	resolveMatchedPersonsOption,
	sharedLimitOption,
	splitIntoItemsOption,
	{
		...timeoutOption,
		description:
			'How long to wait for Oz to answer. Analyses run while the request is open, so allow for a queue under load.',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Payload',
		name: 'payloadMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: 'Paste the payload as in the Oz docs' },
		],
		default: 'fields',
		description: 'How to describe the media and analyses',
	},
	{ ...mediaRowsField(), displayOptions: { show: showOnlyForFields } },
	{ ...analysesRowsField(), displayOptions: { show: showOnlyForFields } },
	{
		displayName: 'Folder Metadata',
		name: 'folderMetadata',
		type: 'json',
		displayOptions: { show: showOnlyForFields },
		default: '{}',
		description:
			'Your own key-value pairs stored with the folder, e.g. {"transaction_id": "A-1017"}. Search folders by them later.',
	},
	{
		displayName: 'Payload (JSON)',
		name: 'jsonPayload',
		type: 'json',
		displayOptions: { show: showOnlyForJson },
		default: EXAMPLE_PAYLOAD,
		required: true,
		description:
			'The payload part as in the Oz docs: "folder:meta_data", "media:meta_data", "media:tags" and "analyses"',
	},
	{
		displayName: 'Files',
		name: 'jsonFiles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: showOnlyForJson },
		placeholder: 'Add File',
		default: { file: [{ binaryPropertyName: 'data', mediaKey: 'video1' }] },
		description: 'Which input binary field is sent under which media key of the payload',
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					binaryPropertyField,
					{
						...mediaKeyField,
						description:
							'The key the payload uses for this file in "media:tags". Defaults to the binary field name.',
					},
				],
			},
		],
	},
	simplifyField(),
	optionsCollection(analyzeOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['analyze'] } },
	properties,
);
