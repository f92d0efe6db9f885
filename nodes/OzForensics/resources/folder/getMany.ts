import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { pagingFields, simplifyField } from '../../descriptions/fields';
import { simplifyFolder } from '../../output/simplify';
import { OzInputError } from '../../request/inputError';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import { metadataMatches, parseMetadataFilter } from '../../transport/metadataFilter';
import type { ListSearch } from '../../transport/paging';
import { DECISION_QUERY, toUnixSeconds } from '../../transport/guesses';
import type { Operation } from '../types';

const showOnlyForGetMany = { resource: ['folder'], operation: ['getMany'] };

export const properties: INodeProperties[] = [
	...pagingFields(showOnlyForGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		displayOptions: { show: showOnlyForGetMany },
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
	simplifyField(showOnlyForGetMany),
];

/** The text of one filter, as n8n hands over the Filters collection. */
function filterText(filters: IDataObject, name: string): string | undefined {
	const value = filters[name];
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Oz's query for the filters, and the same filters as a check on each folder it returns. */
function folderFilters(filters: IDataObject): Pick<ListSearch, 'qs' | 'matches'> {
	const qs: IDataObject = { with_analyses: true };
	const checks: Array<(folder: IDataObject) => boolean> = [];
	const metadataText = filterText(filters, 'metadata');
	if (metadataText) {
		const metadata = parseMetadataFilter(metadataText);
		if (!metadata) {
			throw new OzInputError(
				`The metadata filter "${metadataText}" is not key==value or key!=value`,
				'Filters: Metadata',
				'Write the key, then == or !=, then the value, e.g. transaction_id==A-1017',
			);
		}
		// Oz's framework splits the filter on commas and reads a second == as a broken piece
		// (oz-api.md, "Third reading", item 9): such a value could only return a wrong list.
		const unsafe = metadata.value.includes(',')
			? 'a comma (,)'
			: metadata.value.includes('==')
				? 'a second =='
				: undefined;
		if (unsafe) {
			throw new OzInputError(
				`The metadata filter's value "${metadata.value}" holds ${unsafe}, which Oz's metadata search cannot take`,
				'Filters: Metadata',
				'Oz splits the filter on commas and on ==: search by a key whose value has neither, e.g. an ID, and check the rest in an IF node after this one',
			);
		}
		qs.meta_data = `${metadata.key}${metadata.equal ? '==' : '!='}${metadata.value}`;
		checks.push((folder) => metadataMatches(folder, metadata));
	}
	const times = {
		createdAfter: 'time_created.min',
		createdBefore: 'time_created.max',
		updatedAfter: 'time_updated.min',
		updatedBefore: 'time_updated.max',
	};
	for (const [filter, query] of Object.entries(times)) {
		const value = filterText(filters, filter);
		if (value) qs[query] = toUnixSeconds(value);
	}
	const stage = filterText(filters, 'resolutionStatus');
	const decision = filterText(filters, 'decision');
	if (stage) {
		qs.resolution_status = stage;
		checks.push((folder) => folder.resolution_status === stage);
	}
	if (decision) {
		qs[DECISION_QUERY] = decision;
		checks.push((folder) => folder.system_resolution === decision);
	}
	return { qs, matches: (folder) => checks.every((check) => check(folder)) };
}

function readInput(parameters: ItemParameters) {
	return {
		limit: parameters.pageLimit(),
		simplify: parameters.boolean('simplify'),
		search: folderFilters(parameters.collection('filters')),
	};
}

/** Folder → Get Many: search folders, one output item per folder. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const folders = await ozClient(this, itemIndex).folders({ ...input.search, limit: input.limit });
	return folders.map((folder) => ({
		json: input.simplify ? simplifyFolder(folder) : folder,
		pairedItem: { item: itemIndex },
	}));
}

export const getMany: Operation = { execute };
