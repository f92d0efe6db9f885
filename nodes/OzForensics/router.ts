import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maxAnalysesPerMinuteOption, parallelRequestsOption } from './descriptions/options';
import { AnalysisPacer } from './execution/pacer';
import { ItemResults, nodeWillRetry } from './execution/retryMemo';
import { runItems } from './execution/runner';
import { ItemParameters } from './input/parameters';
import { analysisOperations } from './resources/analysis';
import { collectionOperations } from './resources/collection';
import { folderOperations } from './resources/folder';
import { personOperations } from './resources/person';
import { sessionOperations } from './resources/session';
import type { Operation, RunContext } from './resources/types';

const operations: Record<string, Record<string, Operation>> = {
	folder: folderOperations,
	analysis: analysisOperations,
	collection: collectionOperations,
	person: personOperations,
	session: sessionOperations,
};

interface Pacing {
	parallelRequests: number;
	maxAnalysesPerMinute: number;
}

function readPacing(first: ItemParameters): Pacing {
	const options = first.options([parallelRequestsOption, maxAnalysesPerMinuteOption]);
	return {
		parallelRequests: options.number('parallelRequests'),
		maxAnalysesPerMinute: options.number('maxAnalysesPerMinute'),
	};
}

/**
 * Picks the operation once (resource and operation take no expressions, so the first item's
 * stand for all) and runs it over the items: in parallel and paced where it is paced, and
 * without sending again what an earlier try of the node created (see Operation.createsAtOz). How many
 * requests that start analyses are in flight at once is the shared limit's to decide
 * (transport/admission.ts); Parallel Requests caps this node's share of it.
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
	const pacing = operation.paced
		? readPacing(first)
		: { parallelRequests: 1, maxAnalysesPerMinute: 0 };
	const cancelSignal = this.getExecutionCancelSignal?.();
	const run: RunContext = {
		persons: new Map(),
		pacer:
			pacing.maxAnalysesPerMinute > 0
				? new AnalysisPacer(pacing.maxAnalysesPerMinute, () => cancelSignal?.aborted === true)
				: undefined,
	};
	const done = operation.createsAtOz ? new ItemResults(this) : undefined;
	const tryNumber = done?.beginTry() ?? 1;
	let output: INodeExecutionData[] | undefined;
	try {
		output = await runItems(
			this,
			this.getInputData().length,
			Math.max(1, pacing.parallelRequests),
			async (itemIndex) => {
				const earlier = done?.get(itemIndex);
				if (earlier) return earlier;
				const items = await operation.execute.call(this, itemIndex, run);
				done?.set(itemIndex, items);
				return items;
			},
		);
		return [output];
	} finally {
		if (!nodeWillRetry(this, output, tryNumber)) done?.release();
	}
}
