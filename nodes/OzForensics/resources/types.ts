import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AnalysisPacer } from '../execution/pacer';
import type { PersonCache } from '../output/persons';

/** What the items of one execution share. */
export interface RunContext {
	/** Blacklist persons fetched in this run ("Resolve Matched Persons"). */
	persons: PersonCache;
	/** Set when "Max Analyses per Minute" is on. */
	pacer?: AnalysisPacer;
}

/**
 * One operation, as its file exports it: the fields the editor shows for it, its behaviour for
 * one input item, and how the node runs it over the items.
 */
export interface Operation {
	/** Its fields, shown only for its resource and operation (n8n-workflow's updateDisplayOptions). */
	description: INodeProperties[];
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		run: RunContext,
	) => Promise<INodeExecutionData[]>;
	/** Whether "Parallel Requests" and "Max Analyses per Minute" are among its options and apply. */
	paced?: boolean;
	/**
	 * Whether an item's request creates something at Oz that no marker finds again (analyses
	 * started on a folder, media, persons, collections), so that n8n's Retry On Fail must get the
	 * earlier try's result instead of sending again (execution/retryMemo.ts). Folder → Analyze
	 * needs none: its folder is looked up by its marker.
	 */
	createsAtOz?: boolean;
}
