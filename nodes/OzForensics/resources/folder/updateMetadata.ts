import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { folderIdField } from '../../descriptions/fields';
import { OzInputError } from '../../request/inputError';
import { parseJsonObject } from '../../request/json';
import { ItemParameters } from '../../request/parameters';
import type { OzClient } from '../../transport/client';
import { ozClient } from '../../transport/client';
import { paths } from '../../ozApi';
import type { Operation } from '../types';

const showOnlyForUpdate = { resource: ['folder'], operation: ['updateMetadata'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForUpdate, 'The folder whose metadata to change'),
	{
		displayName: 'Change',
		name: 'change',
		type: 'options',
		options: [
			{
				name: 'Merge',
				value: 'merge',
				description: 'Add these keys and change their values, keep the others (PATCH)',
			},
			{
				name: 'Remove Keys',
				value: 'remove',
				description: 'Remove these keys, keep the others (DELETE)',
			},
			{ name: 'Set', value: 'set', description: 'Add or replace these keys (POST)' },
		],
		default: 'merge',
		displayOptions: { show: showOnlyForUpdate },
	},
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description: 'The keys and values, e.g. {"crm_case_id": "C-2291", "operator_verdict": "fraud"}',
		displayOptions: { show: { ...showOnlyForUpdate, change: ['merge', 'set'] } },
	},
	{
		displayName: 'Keys',
		name: 'keys',
		type: 'string',
		default: '',
		placeholder: 'e.g. operator_verdict, draft_note',
		description: 'The keys to remove, separated by commas',
		displayOptions: { show: { ...showOnlyForUpdate, change: ['remove'] } },
	},
];

/**
 * Page "Metadata": POST adds/replaces, PATCH modifies. The only documented DELETE takes no body
 * and removes all of the folder's metadata (oz-api.md, "Third reading", item 4), so Remove Keys
 * reads the metadata, deletes it, and writes back the keys that stay.
 */
const METHODS = { set: 'POST', merge: 'PATCH', remove: 'DELETE' } as const;

function readInput(parameters: ItemParameters) {
	const change = parameters.string('change', 'merge');
	const method = change === 'set' || change === 'remove' ? METHODS[change] : METHODS.merge;
	let body: IDataObject | string[];
	if (method === 'DELETE') {
		body = parameters
			.string('keys')
			.split(',')
			.map((key) => key.trim())
			.filter(Boolean);
		if (body.length === 0)
			throw new OzInputError(
				'No keys to remove',
				'Keys',
				'Enter the metadata keys to remove, separated by commas, e.g. draft_note',
			);
	} else {
		body =
			parseJsonObject(parameters.json('metadata', '{}'), 'Metadata', '{"crm_case_id": "C-2291"}') ??
			{};
		if (Object.keys(body).length === 0)
			throw new OzInputError(
				'No metadata to write',
				'Metadata',
				'Enter the keys and values, e.g. {"crm_case_id": "C-2291"}',
			);
	}
	return { folderId: parameters.id('folderId', 'Folder ID'), method, body };
}

/** Remove Keys from documented calls only: read, delete all, write back what stays. */
async function removeKeys(client: OzClient, path: string, keys: string[]): Promise<IDataObject> {
	const current = await client.object({ method: 'GET', path });
	const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key)));
	await client.request({ method: 'DELETE', path });
	if (Object.keys(kept).length === 0) return {};
	return await client.object({ method: 'POST', path, body: kept });
}

/** Folder → Update Metadata: writes the CRM's case ID or an operator's verdict back onto a folder. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { folderId, method, body } = readInput(new ItemParameters(this, itemIndex));
	const client = ozClient(this, itemIndex);
	const path = paths.folderMetadata(folderId);
	const metaData = Array.isArray(body)
		? await removeKeys(client, path, body)
		: await client.object({ method, path, body });
	return [{ json: { folder_id: folderId, meta_data: metaData }, pairedItem: { item: itemIndex } }];
}

export const updateMetadata: Operation = { execute };
