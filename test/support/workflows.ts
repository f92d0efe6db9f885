import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import { LOAD_FILES_TYPE, OZ_NODE_TYPE } from '../engine/harness';
import type { FixtureItem } from '../engine/LoadFiles.node';

export const OZ_NODE_NAME = 'Oz Forensics';

export function file(data: Buffer, fileName: string, mimeType: string) {
	return { base64: data.toString('base64'), fileName, mimeType };
}

/** Load Files → Oz Forensics, the shape of most user workflows. */
export function analyzeWorkflow(
	items: FixtureItem[],
	parameters: INodeParameters,
	options: { continueOnFail?: boolean } = {},
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
		{
			id: 'oz',
			name: OZ_NODE_NAME,
			type: OZ_NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'folder', operation: 'analyze', ...parameters },
			credentials: { ozForensicsApi: { id: '1', name: 'Oz account' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections: IConnections = {
		'Load Files': { main: [[{ node: OZ_NODE_NAME, type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}
