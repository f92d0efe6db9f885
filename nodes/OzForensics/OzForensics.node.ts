import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { analysisDescription, analysisOperations } from './resources/analysis';
import { folderDescription, folderOperations } from './resources/folder';
import type { Operation, RunContext } from './resources/types';
import { AnalysisPacer } from './shared/pacer';
import { readOptions } from './shared/params';
import { ItemResults, nodeWillRetry } from './shared/retryMemo';
import { runItems } from './shared/runner';

const operations: Record<string, Record<string, Operation>> = {
	folder: folderOperations,
	analysis: analysisOperations,
};

export class OzForensics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Oz Forensics',
		name: 'ozForensics',
		icon: { light: 'file:../../icons/ozForensics.svg', dark: 'file:../../icons/ozForensics.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Check liveness, match faces and search blacklists with the Oz Forensics API',
		defaults: { name: 'Oz Forensics' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ozForensicsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Analysis', value: 'analysis' },
					{ name: 'Folder', value: 'folder' },
				],
				default: 'folder',
			},
			...folderDescription,
			...analysisDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Resource and operation take no expressions, so the first item's stand for all.
		const resource = this.getNodeParameter('resource', 0) as string;
		const name = this.getNodeParameter('operation', 0) as string;
		const operation = operations[resource]?.[name];
		if (!operation) throw new NodeOperationError(this.getNode(), `The operation "${name}" of "${resource}" is not supported`);
		// Pacing and parallelism are settings of the run, so they are read once, from the first item.
		const { parallelRequests, maxAnalysesPerMinute } = operation.paced
			? readOptions<{ parallelRequests: number; maxAnalysesPerMinute: number }>(this, 0, operation.options ?? [])
			: { parallelRequests: 1, maxAnalysesPerMinute: 0 };
		const cancelSignal = this.getExecutionCancelSignal?.();
		const run: RunContext = {
			pacer: maxAnalysesPerMinute > 0 ? new AnalysisPacer(maxAnalysesPerMinute, () => cancelSignal?.aborted === true) : undefined,
		};
		const done = operation.createsAtOz ? new ItemResults(this) : undefined;
		let output: INodeExecutionData[] | undefined;
		try {
			output = await runItems(this, this.getInputData().length, parallelRequests, async (itemIndex) => {
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
}
