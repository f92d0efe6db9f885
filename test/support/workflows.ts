import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import { LOAD_FILES_TYPE, OZ_NODE_TYPE } from '../engine/harness';
import type { FixtureItem } from '../engine/LoadFiles.node';

export const OZ_NODE_NAME = 'Oz Forensics';

export function file(data: Buffer, fileName: string, mimeType: string) {
	return { base64: data.toString('base64'), fileName, mimeType };
}

export interface Step {
	name: string;
	parameters: INodeParameters;
	continueOnFail?: boolean;
	/** "Continue (using error output)": failed items go to a second output. */
	errorOutput?: boolean;
	/** The node's "Retry On Fail" setting, with its number of tries. */
	retryOnFail?: { maxTries: number };
}

/** Load Files → one Oz Forensics node per step, in a row. */
export function chainWorkflow(
	items: FixtureItem[],
	steps: Step[],
): { nodes: INode[]; connections: IConnections } {
	const nodes: INode[] = [
		{
			id: 'load',
			name: 'Load Files',
			type: LOAD_FILES_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		...steps.map(
			(step, index): INode => ({
				id: `oz-${index}`,
				name: step.name,
				type: OZ_NODE_TYPE,
				typeVersion: 1,
				position: [220 * (index + 1), 0],
				parameters: step.parameters,
				credentials: { ozForensicsApi: { id: '1', name: 'Oz account' } },
				...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				...(step.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
				...(step.retryOnFail
					? { retryOnFail: true, maxTries: step.retryOnFail.maxTries, waitBetweenTries: 10 }
					: {}),
			}),
		),
	];
	const connections: IConnections = {};
	nodes.slice(0, -1).forEach((node, index) => {
		connections[node.name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	});
	return { nodes, connections };
}

/** Load Files → Oz Forensics (Folder → Analyze), the shape of most user workflows. */
export function analyzeWorkflow(
	items: FixtureItem[],
	parameters: INodeParameters,
	options: { continueOnFail?: boolean } = {},
): { nodes: INode[]; connections: IConnections } {
	return chainWorkflow(items, [
		{
			name: OZ_NODE_NAME,
			parameters: { resource: 'folder', operation: 'analyze', ...parameters },
			continueOnFail: options.continueOnFail,
		},
	]);
}

export const SELFIE_TAGS = ['video_selfie', 'video_selfie_blank', 'orientation_portrait'];

/** Folder → Analyze of a selfie video in `data` for liveness, simplified, with these options. */
export function livenessAnalysis(options: Record<string, unknown>): INodeParameters {
	return {
		resource: 'folder',
		operation: 'analyze',
		media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
		analyses: { analysis: [{ type: 'quality' }] },
		options: options as INodeParameters,
		simplify: true,
	};
}
