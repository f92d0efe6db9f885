import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../shared/descriptions';
import type { FolderSearch } from '../../shared/folderSearch';
import { metadataMatches, parseMetadataFilter, searchFolders } from '../../shared/folderSearch';
import { DECISION_QUERY, toUnixSeconds } from '../../shared/guesses';
import { OzInputError } from '../../shared/inputError';
import { simplifyFolder } from '../../shared/output';

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
				description: 'A folder metadata key and value: key==value finds equal values, key!=value the others',
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

interface Filters {
	metadata?: string;
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	resolutionStatus?: string;
	decision?: string;
}

/** Decisions that workflows built before the Decision filter chose under "Resolution Status". */
const DECISIONS = ['SUCCESS', 'DECLINED', 'OPERATOR_REQUIRED'];

/** Oz's query for the filters, and the same filters as a check on each folder it returns. */
export function folderFilters(filters: Filters): Pick<FolderSearch, 'qs' | 'matches'> {
	const qs: IDataObject = { with_analyses: true };
	const checks: Array<(folder: IDataObject) => boolean> = [];
	const metadataText = filters.metadata?.trim();
	if (metadataText) {
		const metadata = parseMetadataFilter(metadataText);
		if (!metadata) {
			throw new OzInputError(
				`The metadata filter "${metadataText}" is not key==value or key!=value`,
				'Filters: Metadata',
				'Write the key, then == or !=, then the value, e.g. transaction_id==A-1017',
			);
		}
		qs.meta_data = `${metadata.key}${metadata.equal ? '==' : '!='}${metadata.value}`;
		checks.push((folder) => metadataMatches(folder, metadata));
	}
	if (filters.createdAfter) qs['time_created.min'] = toUnixSeconds(filters.createdAfter);
	if (filters.createdBefore) qs['time_created.max'] = toUnixSeconds(filters.createdBefore);
	if (filters.updatedAfter) qs['time_updated.min'] = toUnixSeconds(filters.updatedAfter);
	if (filters.updatedBefore) qs['time_updated.max'] = toUnixSeconds(filters.updatedBefore);
	const legacyDecision = filters.resolutionStatus && DECISIONS.includes(filters.resolutionStatus) ? filters.resolutionStatus : undefined;
	const stage = legacyDecision ? undefined : filters.resolutionStatus;
	const decision = filters.decision || legacyDecision;
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

/** Folder → Get Many: search folders, one output item per folder. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const filters = folderFilters(this.getNodeParameter('filters', itemIndex, {}) as Filters);
	const folders = await searchFolders(this, itemIndex, { ...filters, limit });
	return folders.map((folder) => ({ json: simplify ? simplifyFolder(folder) : folder, pairedItem: { item: itemIndex } }));
}
