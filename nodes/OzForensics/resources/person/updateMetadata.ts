import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { collectionIdField, personIdField } from '../../descriptions/fields';
import { OzInputError } from '../../request/inputError';
import { parseJsonObject } from '../../request/json';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import { paths } from '../../ozApi';
import type { Operation } from '../types';

const showOnlyForUpdate = { resource: ['person'], operation: ['updateMetadata'] };

export const properties: INodeProperties[] = [
	collectionIdField(showOnlyForUpdate),
	personIdField(showOnlyForUpdate),
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description:
			'The keys to set or change on the person, e.g. {"case_id": "F-311"}; the other keys stay',
		displayOptions: { show: showOnlyForUpdate },
	},
];

interface UpdatePersonMetadataInput {
	collectionId: string;
	personId: string;
	metadata: IDataObject;
}

function readInput(parameters: ItemParameters): UpdatePersonMetadataInput {
	const metadata =
		parseJsonObject(parameters.json('metadata', '{}'), 'Metadata', '{"case_id": "F-311"}') ?? {};
	if (Object.keys(metadata).length === 0)
		throw new OzInputError(
			'No metadata to write',
			'Metadata',
			'Enter the keys and values, e.g. {"case_id": "F-311"}',
		);
	return {
		collectionId: parameters.id('collectionId', 'Collection ID'),
		personId: parameters.id('personId', 'Person ID'),
		metadata,
	};
}

/**
 * Blacklist Person → Update Metadata: PATCH …/persons/{person_id}/meta_data with the flat
 * object (page "Metadata"; oz-api.md, "Third reading", item 4).
 */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId, metadata } = readInput(new ItemParameters(this, itemIndex));
	const metaData = await ozClient(this, itemIndex).object({
		method: 'PATCH',
		path: paths.personMetadata(collectionId, personId),
		body: metadata,
	});
	return [
		{
			json: { collection_id: collectionId, person_id: personId, meta_data: metaData },
			pairedItem: { item: itemIndex },
		},
	];
}

export const updateMetadata: Operation = { execute };
