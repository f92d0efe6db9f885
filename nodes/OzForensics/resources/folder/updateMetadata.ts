import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { folderIdField } from '../../descriptions/locatorFields';
import { OzInputError } from '../../input/inputError';
import { parseJsonObject } from '../../input/json';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
const properties: INodeProperties[] = [
	folderIdField('The folder whose metadata to change'),
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
				description:
					'Remove these keys, keep the others. Oz has no call that removes single keys, so the node reads the metadata, deletes it (DELETE) and writes back the others (POST), sending that write again if it fails; if it still fails, the error item carries the metadata to restore.',
			},
			{ name: 'Set', value: 'set', description: 'Add or replace these keys (POST)' },
		],
		default: 'merge',
	},
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description: 'The keys and values, e.g. {"crm_case_id": "C-2291", "operator_verdict": "fraud"}',
		displayOptions: { show: { change: ['merge', 'set'] } },
	},
	{
		displayName: 'Keys',
		name: 'keys',
		type: 'string',
		default: '',
		placeholder: 'e.g. operator_verdict, draft_note',
		description: 'The keys to remove, separated by commas',
		displayOptions: { show: { change: ['remove'] } },
	},
];

const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['updateMetadata'] } },
	properties,
);

/**
 * Page "Metadata": POST adds/replaces, PATCH modifies. The only documented DELETE takes no body
 * and removes all of the folder's metadata (legacy page "Folder MetaData [DELETE]"), so Remove
 * Keys reads the metadata, deletes it, and writes back the keys that stay.
 */
type UpdateFolderMetadataInput =
	| { folderId: string; change: 'set' | 'merge'; metadata: IDataObject }
	| { folderId: string; change: 'remove'; keys: string[] };

function readInput(parameters: ItemParameters): UpdateFolderMetadataInput {
	const folderId = parameters.pickedId('folderId', 'Folder');
	const change = parameters.string('change', 'merge');
	if (change === 'remove') {
		const keys = parameters
			.string('keys')
			.split(',')
			.map((key) => key.trim())
			.filter(Boolean);
		if (keys.length === 0)
			throw new OzInputError(
				'No keys to remove',
				'Keys',
				'Enter the metadata keys to remove, separated by commas, e.g. draft_note',
			);
		return { folderId, change, keys };
	}
	const metadata =
		parseJsonObject(parameters.json('metadata', '{}'), 'Metadata', '{"crm_case_id": "C-2291"}') ??
		{};
	if (Object.keys(metadata).length === 0)
		throw new OzInputError(
			'No metadata to write',
			'Metadata',
			'Enter the keys and values, e.g. {"crm_case_id": "C-2291"}',
		);
	return { folderId, change: change === 'set' ? 'set' : 'merge', metadata };
}

/** Pauses before each further write-back: the metadata is gone until one of them lands. */
const WRITE_BACK_PAUSES_MS = [500, 2000];

/**
 * Remove Keys from documented calls only: read, delete all, write back what stays. Between the
 * delete and the write-back the folder has no metadata (its n8n_request_id included, which a
 * lost answer's recovery looks folders up by), so the write-back, which sets the same object
 * each time, is sent again; if none lands, the error carries what to restore.
 */
async function removeKeys(client: OzClient, path: string, keys: string[]): Promise<IDataObject> {
	const current = await client.object({ method: 'GET', path });
	const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key)));
	await client.request({ method: 'DELETE', path });
	if (Object.keys(kept).length === 0) return {};
	for (let attempt = 0; ; attempt++) {
		try {
			return await client.object({ method: 'POST', path, body: kept });
		} catch (error) {
			const pause = WRITE_BACK_PAUSES_MS[attempt];
			if (pause === undefined || client.cancelled) throw writeBackFailed(client, error, kept);
			await sleep(pause);
		}
	}
}

function writeBackFailed(client: OzClient, cause: unknown, kept: IDataObject): NodeOperationError {
	const error = new NodeOperationError(
		client.ctx.getNode(),
		`The folder's metadata was deleted, but writing back the keys that stay failed: ${cause instanceof Error ? cause.message.replace(/ \[item \d+\]$/, '') : String(cause)}`,
		{
			itemIndex: client.itemIndex,
			description:
				'The folder now has no metadata. Restore it with Folder → Update Metadata (Change: Set) and the object in metadata_to_restore of this error item (turn on Continue On Fail to get it), e.g. {{ $json.metadata_to_restore }}',
		},
	);
	error.context.metadata_to_restore = kept;
	return error;
}

/** Folder → Update Metadata: writes the CRM's case ID or an operator's verdict back onto a folder. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const client = new OzClient(this, itemIndex);
	const path = paths.folderMetadata(input.folderId);
	const metaData =
		input.change === 'remove'
			? await removeKeys(client, path, input.keys)
			: await client.object({
					method: input.change === 'set' ? 'POST' : 'PATCH',
					path,
					body: input.metadata,
				});
	return itemsFor(this, itemIndex, { folder_id: input.folderId, meta_data: metaData });
}

export const operation = { description, execute } satisfies Operation;
