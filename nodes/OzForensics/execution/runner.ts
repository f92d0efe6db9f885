import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { errorItemJson, toItemError } from './itemErrors';

/**
 * Runs one function per item with at most `concurrency` in flight, and returns their items in
 * input order whatever order they finish in. A failed item becomes an error item under
 * "Continue On Fail"; otherwise no new item starts and the first failure (by item index) is
 * thrown once the items in flight are done. A cancelled execution starts no new item.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	count: number,
	concurrency: number,
	runOne: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[][] = new Array(count);
	const failures: NodeError[] = [];
	const cancelSignal = ctx.getExecutionCancelSignal?.();
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	let next = 0;
	const going = () => next < count && failures.length === 0 && !cancelSignal?.aborted;

	const worker = async () => {
		while (going()) {
			const itemIndex = next++;
			try {
				results[itemIndex] = await runOne(itemIndex);
			} catch (error) {
				const itemError = toItemError(ctx.getNode(), error, itemIndex);
				if (ctx.continueOnFail())
					results[itemIndex] = ctx.helpers.constructExecutionMetaData(
						[{ json: errorItemJson(itemError, errorOutput) }],
						{ itemData: { item: itemIndex } },
					);
				else failures.push(itemError);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	if (failures.length > 0) {
		throw failures.reduce((first, error) =>
			Number(error.context.itemIndex) < Number(first.context.itemIndex) ? error : first,
		);
	}
	return results.flatMap((items) => items ?? []);
}
