import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pagingFields } from '../../descriptions/fields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const description = updateDisplayOptions(
	{ show: { resource: ['collection'], operation: ['getMany'] } },
	pagingFields(),
);

interface GetManyCollectionsInput {
	/** Infinity with "Return All". */
	limit: number;
}

function readInput(parameters: ItemParameters): GetManyCollectionsInput {
	return { limit: parameters.pageLimit() };
}

/** Blacklist Collection → Get Many: GET /api/collections, one item per collection. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readInput(new ItemParameters(this, itemIndex));
	const collections = await new OzClient(this, itemIndex).list(paths.collections, 'collection_id', {
		qs: {},
		matches: () => true,
		limit,
	});
	return itemsFor(this, itemIndex, collections);
}

export const operation = { description, execute } satisfies Operation;
