import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPropertyField, simplifyField } from '../../../descriptions/fields';
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

export const analyzeContainerOptions: INodeProperties[] = [
	bestShotPropertyOption,
	{
		displayName: "Don't Store Data (Instant API)",
		name: 'instant',
		type: 'boolean',
		default: false,
		description:
			"Whether to send the container to Oz's Instant API, which analyses and answers but keeps nothing, as in Oz's guide for the non-persistent mode. No folder is kept to look up later.",
	},
	downloadBestShotOption,
	{
		displayName: 'Look Up By Metadata',
		name: 'lookUp',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Metadata Entry',
		description:
			"A folder metadata entry your frontend put into the SDK's meta for this capture, e.g. transaction_id. When Oz's answer is lost, the node finds the folder by it and returns its decision; without it such an item fails, since a container is never sent twice.",
		options: [
			{
				displayName: 'Entry',
				name: 'entry',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: 'transaction_id',
						placeholder: 'e.g. transaction_id',
						description: "The key in the SDK's meta",
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.query.transaction_id }}',
						description:
							'The value this capture carries under that key, e.g. sent by your frontend beside the container in a header or the query',
					},
				],
			},
		],
	},
	maxAnalysesPerMinuteOption,
	parallelRequestsOption,
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
		...binaryPropertyField,
		hint: 'The input binary field that holds the container, e.g. the raw body of a Webhook node',
		description:
			"The encrypted OzCapsula container from Oz's Web or Mobile SDK in capture mode, sent to Oz as it is. It carries the media, the analyses and the metadata.",
	},
	simplifyField(),
	optionsCollection(analyzeContainerOptions),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['analyzeContainer'] } },
	properties,
);
