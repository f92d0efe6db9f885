import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FOLDER_PAGE_SIZE, folderListItems, paths, toUnixSeconds } from '../../shared/apiShapes';
import { simplifyField } from '../../shared/descriptions';
import { simplifyFolder } from '../../shared/output';
import { ozApiRequest } from '../../shared/transport';

const showOnlyForGetMany = { resource: ['folder'], operation: ['getMany'] };

export const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show: showOnlyForGetMany },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showOnlyForGetMany, returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
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
				displayName: 'Metadata',
				name: 'metadata',
				type: 'string',
				default: '',
				placeholder: 'e.g. transaction_id==A-1017',
				description: 'A folder metadata key and value: key==value finds equal values, key!=value the others',
			},
			{
				displayName: 'Resolution Status',
				name: 'resolutionStatus',
				type: 'options',
				options: [
					{ name: 'Declined', value: 'DECLINED' },
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Finished', value: 'FINISHED' },
					{ name: 'Initial', value: 'INITIAL' },
					{ name: 'Operator Required', value: 'OPERATOR_REQUIRED' },
					{ name: 'Processing', value: 'PROCESSING' },
					{ name: 'Success', value: 'SUCCESS' },
				],
				default: 'SUCCESS',
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

interface Filters {
	metadata?: string;
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	resolutionStatus?: string;
}

export function filterQuery(filters: Filters): IDataObject {
	const qs: IDataObject = { with_analyses: true };
	if (filters.metadata?.trim()) qs.meta_data = filters.metadata.trim();
	if (filters.createdAfter) qs['time_created.min'] = toUnixSeconds(filters.createdAfter);
	if (filters.createdBefore) qs['time_created.max'] = toUnixSeconds(filters.createdBefore);
	if (filters.updatedAfter) qs['time_updated.min'] = toUnixSeconds(filters.updatedAfter);
	if (filters.updatedBefore) qs['time_updated.max'] = toUnixSeconds(filters.updatedBefore);
	if (filters.resolutionStatus) qs.resolution_status = filters.resolutionStatus;
	return qs;
}

/** Folder → Get Many: search folders, one output item per folder, paging with offset/limit. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const qs = filterQuery(this.getNodeParameter('filters', itemIndex, {}) as Filters);
	const folders: IDataObject[] = [];
	for (let offset = 0; folders.length < limit; ) {
		const pageSize = Math.min(FOLDER_PAGE_SIZE, limit - folders.length);
		const page = folderListItems(await ozApiRequest(this, { method: 'GET', path: paths.folders, qs: { ...qs, offset, limit: pageSize } }, itemIndex));
		folders.push(...page.slice(0, limit - folders.length));
		if (page.length < pageSize) break;
		offset += page.length;
	}
	return folders.map((folder) => ({ json: simplify ? simplifyFolder(folder) : folder, pairedItem: { item: itemIndex } }));
}
