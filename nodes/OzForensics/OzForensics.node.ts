import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { analysisDescription, analysisOperations } from './resources/analysis';
import { folderDescription, folderOperations } from './resources/folder';
import type { OperationHandler } from './resources/types';
import { errorItemJson, toItemError } from './shared/itemErrors';

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
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const handler = operations[resource]?.[operation];
				if (!handler) {
					throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
						itemIndex,
					});
				}
				output.push(...(await handler.call(this, itemIndex)));
			} catch (error) {
				const itemError = toItemError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw itemError;
				output.push({ json: errorItemJson(itemError), pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}
