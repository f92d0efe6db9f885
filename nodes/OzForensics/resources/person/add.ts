import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaRowsField } from '../../descriptions/fields';
import { collectionIdField } from '../../descriptions/locatorFields';
import { parseJsonObject } from '../../input/json';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { buildMediaFromRows } from '../../payload/fromFields';
import type { MediaRows } from '../../payload/types';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import { photosRequest } from './photos';

const nameField = (displayName: string, name: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
});

const description = updateDisplayOptions({ show: { resource: ['person'], operation: ['add'] } }, [
	collectionIdField(),
	mediaRowsField(['photo_selfie'], 'Photos'),
	nameField('First Name', 'firstName', 'e.g. John'),
	nameField('Middle Name', 'middleName', 'e.g. Jameson'),
	nameField('Last Name', 'lastName', 'e.g. Doe'),
	{
		displayName: 'Person Metadata',
		name: 'personMetadata',
		type: 'json',
		default: '{}',
		description: 'Your own key-value pairs stored with the person, e.g. {"case_id": "F-311"}',
	},
]);

interface AddPersonInput {
	collectionId: string;
	photos: MediaRows;
	/** "person:meta_data": the Person Metadata, with the name as "person_info". */
	personMeta: IDataObject;
}

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

function readInput(parameters: ItemParameters): AddPersonInput {
	return {
		collectionId: parameters.pickedId('collectionId', 'Collection'),
		photos: buildMediaFromRows(parameters.rows('media', 'file')),
		personMeta: personMeta(parameters),
	};
}

/** Blacklist Person → Add: POST /api/collections/{collection_id}/persons/ with photos, tags and the name. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const client = new OzClient(this, itemIndex);
	const request = await photosRequest(
		client,
		paths.persons(input.collectionId),
		input.photos,
		input.personMeta,
	);
	const person = await client.object(request);
	return itemsFor(this, itemIndex, { collection_id: input.collectionId, ...person });
}

export const operation = { description, execute, createsAtOz: true } satisfies Operation;
