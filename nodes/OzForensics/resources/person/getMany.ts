import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pagingFields, simplifyField } from '../../descriptions/fields';
import { collectionIdField } from '../../descriptions/locatorFields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { simplifyPerson } from '../../output/persons';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['getMany'] } },
	[collectionIdField(), ...pagingFields(), simplifyField()],
);

interface GetManyPersonsInput {
	collectionId: string;
	/** Infinity with "Return All". */
	limit: number;
	simplify: boolean;
}

function readInput(parameters: ItemParameters): GetManyPersonsInput {
	return {
		collectionId: parameters.pickedId('collectionId', 'Collection'),
		limit: parameters.pageLimit(),
		simplify: parameters.boolean('simplify'),
	};
}

/** Blacklist Person → Get Many: GET /api/collections/{collection_id}/persons/, one item per person. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { collectionId, limit, simplify } = readInput(new ItemParameters(this, itemIndex));
	const persons = await new OzClient(this, itemIndex).list(
		paths.persons(collectionId),
		'person_id',
		{
			qs: {},
			matches: () => true,
			limit,
		},
	);
	return itemsFor(this, itemIndex, simplify ? persons.map(simplifyPerson) : persons);
}

export const operation = { description, execute } satisfies Operation;
