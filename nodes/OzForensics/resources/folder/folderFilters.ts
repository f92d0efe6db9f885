import type { IDataObject } from 'n8n-workflow';

import { OzInputError } from '../../input/inputError';
import { toUnixSeconds } from '../../ozApi';
import {
	metadataMatches,
	parseMetadataFilter,
	unsafeFilterValue,
} from '../../transport/metadataFilter';
import type { ListSearch } from '../../transport/paging';

/**
 * GUESS(decision-filter): the query parameter for the decision filter. The legacy folder list
 * filtered the decision as `resolution_status`, which 6.x uses for the processing stage (page
 * "Statuses in API"); no page names the 6.x parameter. The node sends this and also filters the
 * answer itself.
 */
const DECISION_QUERY = 'system_resolution';

/** The Filters of Folder → Get Many, as Oz's query and as a check on each folder Oz returns. */
export type FolderSearch = Pick<ListSearch, 'qs' | 'matches'>;

/** The text of one filter, as n8n hands over the Filters collection. */
function filterText(filters: IDataObject, name: string): string | undefined {
	const value = filters[name];
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Oz's query for the filters, and the same filters as a check on each folder it returns. */
export function folderFilters(filters: IDataObject): FolderSearch {
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
		// Such a value could only return a wrong list.
		const unsafe = unsafeFilterValue(metadata.value);
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
