import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OzInputError } from './inputError';

/**
 * Whether n8n runs the node as an AI agent's tool. n8n makes the tool variant of a node that is
 * `usableAsTool` by copying it under the type name plus "Tool" (`convertNodeToAiTool`), so a
 * node on an agent's tool input has the type `…ozForensicsTool` in n8n 1.x and 2.x. How the
 * tool then runs differs: in a sub-node context (older agents, the MCP Server Trigger), which
 * n8n 2.x also flags with `isToolExecution()`, or as a node of its own that an agent requested
 * (n8n marks it with `rewireOutputLogTo: ai_tool`). Any of the three counts.
 */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode();
	if (node.type.endsWith('Tool')) return true;
	if (node.rewireOutputLogTo === NodeConnectionTypes.AiTool) return true;
	// n8n 1.x has no isToolExecution.
	const flags = ctx as Partial<Pick<IExecuteFunctions, 'isToolExecution'>>;
	return flags.isToolExecution?.() === true;
}

const UPLOADS: Record<string, string> = {
	'folder.analyze': 'Folder → Analyze',
	'folder.analyzeContainer': 'Folder → Analyze Container',
	'folder.addMedia': 'Folder → Add Media',
	'person.add': 'Blacklist Person → Add',
	'person.addPhotos': 'Blacklist Person → Add Photos',
};

/** The error of an upload operation called as a tool: the call carries no files. */
export function toolCallCarriesNoFiles(ctx: IExecuteFunctions): OzInputError {
	const resource = String(ctx.getNodeParameter('resource', 0, ''));
	const operation = String(ctx.getNodeParameter('operation', 0, ''));
	const name = UPLOADS[`${resource}.${operation}`] ?? 'This operation';
	return new OzInputError(
		`${name} needs files as binary input, which an AI agent's tool call does not carry: call it from a workflow step after a node that loads the file`,
		'Input Binary Field',
		"Put the Oz Forensics node in the workflow's main flow after a node that loads the file (e.g. Read/Write Files from Disk, HTTP Request or a form trigger). As tools, use the operations that take no files: Session → Get Token, Folder → Get and Get Many, Analysis → Wait, the blacklist look-ups",
	);
}
