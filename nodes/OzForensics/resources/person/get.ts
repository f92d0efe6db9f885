import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/fields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { simplifyPerson } from '../../output/persons';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import type { PersonRef } from './personRef';
import { personRefFields, readPersonRef } from './personRef';

const description = updateDisplayOptions({ show: { resource: ['person'], operation: ['get'] } }, [
	...personRefFields(),
	simplifyField(),
]);

interface GetPersonInput extends PersonRef {
	simplify: boolean;
}

function readInput(parameters: ItemParameters): GetPersonInput {
	return { ...readPersonRef(parameters), simplify: parameters.boolean('simplify') };
}

/** Blacklist Person → Get: GET /api/collections/{collection_id}/persons/{person_id}. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, personId, simplify } = readInput(new ItemParameters(this, itemIndex));
	const person = await new OzClient(this, itemIndex).object({
		method: 'GET',
		path: paths.person(collectionId, personId),
	});
	return itemsFor(this, itemIndex, simplify ? simplifyPerson(person) : person);
}

export const operation = { description, execute } satisfies Operation;
