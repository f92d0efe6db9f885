import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AnalysisPacer } from './execution/pacer';
import { ItemResults, nodeWillRetry } from './execution/retryMemo';
import { ConcurrencyLimit } from './execution/concurrencyLimit';
import type { Concurrency } from './execution/runner';
import { runItems } from './execution/runner';
import { ItemParameters } from './request/parameters';
import { analysisOperations } from './resources/analysis';
import { collectionOperations } from './resources/collection';
import { folderOperations } from './resources/folder';
import { personOperations } from './resources/person';
import type { Operation, RunContext } from './resources/types';

const operations: Record<string, Record<string, Operation>> = {
	folder: folderOperations,
	analysis: analysisOperations,
	collection: collectionOperations,
	person: personOperations,
};

interface PacingOptions extends IDataObject {
	concurrency: string;
	maxParallelRequests: number;
	parallelRequests: number;
	maxAnalysesPerMinute: number;
}

/**
 * Concurrency: Fixed (the default) or Auto. A Parallel Requests number given without a
 * Concurrency stays fixed, so a workflow made before Auto keeps its number whatever the default.
 */
function pacing(first: ItemParameters, definitions: INodeProperties[]) {
	const options = first.options<PacingOptions>(definitions);
	const given = first.collection('options');
	const fixed =
		options.concurrency === 'fixed' ||
		(given.concurrency === undefined && given.parallelRequests !== undefined);
	const limit = fixed ? undefined : new ConcurrencyLimit(options.maxParallelRequests);
	const concurrency: Concurrency = limit
		? { max: options.maxParallelRequests, current: () => limit.current }
		: { max: options.parallelRequests, current: () => options.parallelRequests };
	return { concurrency, limit, maxAnalysesPerMinute: options.maxAnalysesPerMinute };
}

/**
 * Picks the operation once (resource and operation take no expressions, so the first item's
 * stand for all) and runs it over the items: in parallel and paced where it is paced, and
 * without sending again what an earlier try of the node already created.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const first = new ItemParameters(this, 0);
	const resource = first.string('resource');
	const name = first.string('operation');
	const operation = operations[resource]?.[name];
	if (!operation)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${name}" of "${resource}" is not supported`,
		);
	// Pacing and parallelism are settings of the run, so they are read once, from the first item.
	const { concurrency, limit, maxAnalysesPerMinute } = operation.paced
		? pacing(first, operation.options ?? [])
		: { concurrency: { max: 1, current: () => 1 }, limit: undefined, maxAnalysesPerMinute: 0 };
	const cancelSignal = this.getExecutionCancelSignal?.();
	const run: RunContext = {
		persons: new Map(),
		idempotent: new Map(),
		limit,
		pacer:
			maxAnalysesPerMinute > 0
				? new AnalysisPacer(maxAnalysesPerMinute, () => cancelSignal?.aborted === true)
				: undefined,
	};
	const done = operation.createsAtOz ? new ItemResults(this) : undefined;
	let output: INodeExecutionData[] | undefined;
	try {
		output = await runItems(this, this.getInputData().length, concurrency, async (itemIndex) => {
			const earlier = done?.get(itemIndex);
			if (earlier) return earlier;
			const items = await operation.execute.call(this, itemIndex, run);
			done?.set(itemIndex, items);
			return items;
		});
		return [output];
	} finally {
		if (!nodeWillRetry(this, output)) done?.release();
	}
}
