import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OzInputError } from '../../input/inputError';
import { parseJsonObject } from '../../input/json';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import type { PersonRef } from './personRef';
import { personRefFields, readPersonRef } from './personRef';

const properties: INodeProperties[] = [
	...personRefFields(),
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		description:
			'The keys to set or change on the person, e.g. {"case_id": "F-311"}; the other keys stay',
	},
];

const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['updateMetadata'] } },
	properties,
);

interface UpdatePersonMetadataInput extends PersonRef {
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
	return { ...readPersonRef(parameters), metadata };
}

/**
 * Blacklist Person → Update Metadata: PATCH …/persons/{person_id}/meta_data with the flat
 * object (page "Metadata").
 */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId, metadata } = readInput(new ItemParameters(this, itemIndex));
	const metaData = await new OzClient(this, itemIndex).object({
		method: 'PATCH',
		path: paths.personMetadata(collectionId, personId),
		body: metadata,
	});
	return itemsFor(this, itemIndex, {
		collection_id: collectionId,
		person_id: personId,
		meta_data: metaData,
	});
}

export const operation = { description, execute } satisfies Operation;
