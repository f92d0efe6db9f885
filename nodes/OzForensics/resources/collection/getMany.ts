import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { pagingFields } from '../../descriptions/fields';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import { paths } from '../../ozApi';
import type { Operation } from '../types';

const showOnlyForGetMany = { resource: ['collection'], operation: ['getMany'] };

export const properties: INodeProperties[] = [...pagingFields(showOnlyForGetMany)];

/** Blacklist Collection → Get Many: GET /api/collections, one item per collection. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = new ItemParameters(this, itemIndex);
	const limit = parameters.pageLimit();
	const collections = await ozClient(this, itemIndex).list(paths.collections, 'collection_id', {
		qs: {},
		matches: () => true,
		limit,
	});
	return collections.map((collection) => ({ json: collection, pairedItem: { item: itemIndex } }));
}

export const getMany: Operation = { execute };
