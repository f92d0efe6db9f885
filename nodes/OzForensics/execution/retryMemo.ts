import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { nodeRunKey } from './nodeRun';

/*
 * n8n's "Retry On Fail" runs the whole node again after a failure, with the same items. An item
 * whose request already created a folder (and paid analyses) must not be sent again: its result
 * is kept for the node's later tries and returned instead. Kept in memory, since the tries run
 * in the same process; bounded in count and age, and released once the node is done.
 */

const MAX_ITEMS = 5000;
const MAX_AGE_MS = 6 * 60 * 60 * 1000;

interface RunResults {
	updatedAt: number;
	items: Map<number, INodeExecutionData[]>;
	/** How many times n8n has run the node so far in this run. */
	tries: number;
}

const runs = new Map<string, RunResults>();

function itemCount(): number {
	let count = 0;
	for (const run of runs.values()) count += run.items.size;
	return count;
}

function dropStale(now: number): void {
	for (const [key, run] of runs) if (now - run.updatedAt > MAX_AGE_MS) runs.delete(key);
	// Oldest runs first: a Map keeps insertion order, and a run is re-inserted on each update.
	while (itemCount() > MAX_ITEMS) {
		const oldest = runs.keys().next();
		if (oldest.done) break;
		runs.delete(oldest.value);
	}
}

/** The results of one run of one node in one execution, across n8n's tries of it. */
export class ItemResults {
	private readonly key: string;

	constructor(ctx: IExecuteFunctions) {
		this.key = JSON.stringify(nodeRunKey(ctx));
	}

	/** Counts one more try of the node in this run, and answers its number (1 for the first). */
	beginTry(): number {
		const run = this.entry();
		run.tries++;
		this.touch(run);
		return run.tries;
	}

	get(itemIndex: number): INodeExecutionData[] | undefined {
		dropStale(Date.now());
		return runs.get(this.key)?.items.get(itemIndex);
	}

	set(itemIndex: number, items: INodeExecutionData[]): void {
		const run = this.entry();
		run.items.set(itemIndex, items);
		this.touch(run);
	}

	private entry(): RunResults {
		return runs.get(this.key) ?? { updatedAt: 0, items: new Map(), tries: 0 };
	}

	private touch(run: RunResults): void {
		run.updatedAt = Date.now();
		runs.delete(this.key);
		runs.set(this.key, run);
		dropStale(run.updatedAt);
	}

	release(): void {
		runs.delete(this.key);
	}

	/** Items kept for all runs, for tests. */
	static size(): number {
		return itemCount();
	}
}

/**
 * How often n8n tries a node with Retry On Fail: n8n-core's WorkflowExecute.getRetryParams
 * clamps "Max. Tries" to 2–5 (default 3). Mirrored here, since no node API tells a try its
 * number; test/engine/retryOnFail.test.ts ("released after the last try") pins it.
 */
function maxTriesOf(ctx: IExecuteFunctions): number {
	return Math.min(5, Math.max(2, ctx.getNode().maxTries || 3));
}

/**
 * Whether n8n will run the node again with these results: on a thrown error, and with
 * "Continue On Fail" when the first item is an error item, if "Retry On Fail" is on and this
 * was not the last try.
 */
export function nodeWillRetry(
	ctx: IExecuteFunctions,
	output: INodeExecutionData[] | undefined,
	tryNumber: number,
): boolean {
	if (ctx.getNode().retryOnFail !== true || tryNumber >= maxTriesOf(ctx)) return false;
	return output === undefined || output[0]?.json.error !== undefined;
}
