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
import { paths } from '../../transport/ozApi';
import type { OzRequest } from '../../transport/request';
import { ozApiRequest } from '../../transport/request';
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

/** Page "Metadata": POST adds/replaces, PATCH modifies, DELETE deletes (with the keys: our guess). */
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

/** Folder → Update Metadata: writes the CRM's case ID or an operator's verdict back onto a folder. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { folderId, method, body } = readInput(new ItemParameters(this, itemIndex));
	const request: OzRequest = { method, path: paths.folderMetadata(folderId), body };
	const answer = await ozApiRequest(this, request, itemIndex);
	const metaData = Array.isArray(answer) ? {} : answer;
	return [{ json: { folder_id: folderId, meta_data: metaData }, pairedItem: { item: itemIndex } }];
}

export const updateMetadata: Operation = { execute };
