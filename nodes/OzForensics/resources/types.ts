import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { ConcurrencyLimit } from '../execution/concurrencyLimit';
import type { AnalysisPacer } from '../execution/pacer';
import type { PersonCache } from '../output/persons';

/** What the items of one execution share. */
export interface RunContext {
	/** Blacklist persons fetched in this run ("Resolve Matched Persons"). */
	persons: PersonCache;
	/** Folder → Analyze with an Idempotency Key: each key's attempt, shared by items with the same key. */
	idempotent: Map<string, Promise<IDataObject>>;
	/** Set with Concurrency "Auto": told how long each request took, and of overload. */
	limit?: ConcurrencyLimit;
	/** Set when "Max Analyses per Minute" is on. */
	pacer?: AnalysisPacer;
}

/** One operation: its behaviour for one input item, and how the node runs it over the items. */
export interface Operation {
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		run: RunContext,
	) => Promise<INodeExecutionData[]>;
	/** The entries of its "Options" collection, read with their defaults. */
	options?: INodeProperties[];
	/** Whether "Parallel Requests" and "Max Analyses per Minute" are among its options and apply. */
	paced?: boolean;
	/** Whether an item's request creates something at Oz, so that a retry of the node must not send it again. */
	createsAtOz?: boolean;
}
