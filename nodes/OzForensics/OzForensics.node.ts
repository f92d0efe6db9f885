import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { analysisDescription, analysisOperations } from './resources/analysis';
import { folderDescription, folderOperations } from './resources/folder';
import type { OperationHandler, RunContext } from './resources/types';
import { AnalysisPacer } from './shared/pacer';
import { runItems } from './shared/runner';

/** Operations with the "Parallel Requests" and "Max Analyses per Minute" options. */
const PACED_OPERATIONS = ['folder.analyze', 'analysis.start'];

const operations: Record<string, Record<string, OperationHandler>> = {
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
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		// Pacing and parallelism are settings of the run, so they are read once, from the first item.
		const { parallelRequests = 1, maxAnalysesPerMinute = 0 } = PACED_OPERATIONS.includes(`${resource}.${operation}`)
			? (this.getNodeParameter('options', 0, {}) as { parallelRequests?: number; maxAnalysesPerMinute?: number })
			: {};
		const cancelSignal = this.getExecutionCancelSignal?.();
		const run: RunContext = {
			pacer: maxAnalysesPerMinute > 0 ? new AnalysisPacer(maxAnalysesPerMinute, () => cancelSignal?.aborted === true) : undefined,
		};
		const output = await runItems(this, items.length, parallelRequests, async (itemIndex) => {
			const itemResource = this.getNodeParameter('resource', itemIndex) as string;
			const itemOperation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = operations[itemResource]?.[itemOperation];
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `The operation "${itemOperation}" of "${itemResource}" is not supported`, { itemIndex });
			}
			return await handler.call(this, itemIndex, run);
		});
		return [output];
	}
}
