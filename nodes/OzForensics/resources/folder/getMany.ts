import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pagingFields, simplifyField } from '../../descriptions/fields';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { simplifyFolder } from '../../output/simplify';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';
import type { FolderSearch } from './folderFilters';
import { folderFilters } from './folderFilters';

const properties: INodeProperties[] = [
	...pagingFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Decision',
				name: 'decision',
				type: 'options',
				options: [
					{ name: 'Declined', value: 'DECLINED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Operator Required', value: 'OPERATOR_REQUIRED' },
					{ name: 'Success', value: 'SUCCESS' },
				],
				default: 'SUCCESS',
				description: "The folder's overall result (Oz field system_resolution)",
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'string',
				default: '',
				placeholder: 'e.g. transaction_id==A-1017',
				description:
					'A folder metadata key and value: key==value finds equal values, key!=value the others',
			},
			{
				displayName: 'Processing Status',
				name: 'resolutionStatus',
				type: 'options',
				options: [
					{ name: 'Failed', value: 'FAILED', description: 'A system error stopped the analyses' },
					{ name: 'Finished', value: 'FINISHED' },
					{ name: 'Initial', value: 'INITIAL' },
					{ name: 'Processing', value: 'PROCESSING' },
				],
				default: 'FINISHED',
				description: "The folder's processing stage (Oz field resolution_status), not its decision",
			},
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Updated Before',
				name: 'updatedBefore',
				type: 'dateTime',
				default: '',
			},
		],
	},
	simplifyField(),
];

const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['getMany'] } },
	properties,
);

interface GetManyFoldersInput {
	/** Infinity with "Return All". */
	limit: number;
	simplify: boolean;
	search: FolderSearch;
}

function readInput(parameters: ItemParameters): GetManyFoldersInput {
	return {
		limit: parameters.pageLimit(),
		simplify: parameters.boolean('simplify'),
		search: folderFilters(parameters.collection('filters')),
	};
}

/** Folder → Get Many: search folders, one output item per folder. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const folders = await new OzClient(this, itemIndex).folders({
		...input.search,
		limit: input.limit,
	});
	return itemsFor(this, itemIndex, input.simplify ? folders.map(simplifyFolder) : folders);
}

export const operation = { description, execute } satisfies Operation;
