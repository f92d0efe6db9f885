import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * One run of this node in one execution: the same for each of n8n's Retry On Fail tries of the
 * run (they share the run index), new for a new execution or a later run of the node (a loop).
 * The run index is read from n8n-core's ExecuteContext, which keeps it in its own field
 * `runIndex` that IExecuteFunctions does not declare. test/engine/retryOnFail.test.ts pins it:
 * its tries find each other's folders by markers made from this key.
 */
export function nodeRunKey(ctx: IExecuteFunctions): [string, string, number] {
	const node = ctx.getNode();
	const runIndex = 'runIndex' in ctx && typeof ctx.runIndex === 'number' ? ctx.runIndex : 0;
	return [ctx.getExecutionId(), node.id ?? node.name, runIndex];
}
