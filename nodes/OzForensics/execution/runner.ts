import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { errorItemJson, toItemError } from './itemErrors';

/** How many items may be in flight: a fixed number, or an adaptive limit read before each start. */
export interface Concurrency {
	/** The most there can ever be. */
	max: number;
	/** The limit now. */
	current: () => number;
}

/**
 * Runs one function per item with at most `concurrency` in flight, and returns their items in
 * input order whatever order they finish in. A failed item becomes an error item under
 * "Continue On Fail"; otherwise no new item starts and the first failure (by item index) is
 * thrown once the items in flight are done. A cancelled execution starts no new item.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	count: number,
	concurrency: Concurrency,
	runOne: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[][] = new Array(count);
	const failures: NodeError[] = [];
	const cancelSignal = ctx.getExecutionCancelSignal?.();
	let next = 0;
	let inFlight = 0;
	// Workers beyond the current limit wait here until an answer (or a cancel) may make room.
	let waiting: Array<() => void> = [];
	const wake = () => {
		const woken = waiting;
		waiting = [];
		for (const resume of woken) resume();
	};
	cancelSignal?.addEventListener('abort', wake, { once: true });
	const going = () => next < count && failures.length === 0 && !cancelSignal?.aborted;

	const worker = async () => {
		while (going()) {
			if (inFlight >= concurrency.current()) {
				await new Promise<void>((resume) => waiting.push(resume));
				continue;
			}
			const itemIndex = next++;
			inFlight++;
			try {
				results[itemIndex] = await runOne(itemIndex);
			} catch (error) {
				const itemError = toItemError(ctx.getNode(), error, itemIndex);
				if (ctx.continueOnFail())
					results[itemIndex] = [
						{ json: errorItemJson(itemError), pairedItem: { item: itemIndex } },
					];
				else failures.push(itemError);
			} finally {
				inFlight--;
				wake();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency.max, count)) }, worker));
	wake();
	if (failures.length > 0) {
		throw failures.reduce((first, error) =>
			Number(error.context.itemIndex) < Number(first.context.itemIndex) ? error : first,
		);
	}
	return results.flatMap((items) => items ?? []);
}
