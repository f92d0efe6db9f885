import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { collectionIdField, mediaRowsField } from '../../descriptions/fields';
import { parseJsonObject } from '../../request/json';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../ozApi';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';
import { photosRequest } from './photos';

const showOnlyForAdd = { resource: ['person'], operation: ['add'] };

const nameField = (displayName: string, name: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	displayOptions: { show: showOnlyForAdd },
});

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForAdd),
	mediaRowsField(showOnlyForAdd, ['photo_selfie'], 'Photos'),
	nameField('First Name', 'firstName', 'e.g. John'),
	nameField('Middle Name', 'middleName', 'e.g. Jameson'),
	nameField('Last Name', 'lastName', 'e.g. Doe'),
	{
		displayName: 'Person Metadata',
		name: 'personMetadata',
		type: 'json',
		default: '{}',
		description: 'Your own key-value pairs stored with the person, e.g. {"case_id": "F-311"}',
		displayOptions: { show: showOnlyForAdd },
	},
];

/** Page "Collection (1:N) Management in Oz API": the name goes in "person:meta_data" as "person_info". */
function personMeta(parameters: ItemParameters): IDataObject {
	const meta =
		parseJsonObject(
			parameters.json('personMetadata', '{}'),
			'Person Metadata',
			'{"case_id": "F-311"}',
		) ?? {};
	const info: IDataObject = {};
	for (const [field, key] of [
		['firstName', 'first_name'],
		['middleName', 'middle_name'],
		['lastName', 'last_name'],
	]) {
		const value = parameters.string(field).trim();
		if (value) info[key] = value;
	}
	return Object.keys(info).length > 0 ? { ...meta, person_info: info } : meta;
}

/** Blacklist Person → Add: POST /api/collections/{collection_id}/persons/ with photos, tags and the name. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const collectionId = parameters.id('collectionId', 'Collection ID');
	const meta = personMeta(parameters);
	const request = await photosRequest(
		this,
		parameters,
		itemIndex,
		paths.persons(collectionId),
		meta,
	);
	const person = await ozClient(this, itemIndex).object(request);
	return [{ json: { collection_id: collectionId, ...person }, pairedItem: { item: itemIndex } }];
}

export const add: Operation = { execute, createsAtOz: true };
