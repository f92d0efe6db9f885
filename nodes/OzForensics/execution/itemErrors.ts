import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import { OzItemError } from '../input/itemError';

/** Every failure of an item becomes a node error that names the item (and the field, for input). */
export function toItemError(node: INode, error: unknown, itemIndex: number): NodeError {
	let nodeError: NodeError;
	if (error instanceof OzItemError) {
		nodeError = new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
		nodeError.context.field = error.field;
		Object.assign(nodeError.context, error.facts);
	} else if (error instanceof NodeError) {
		nodeError = error;
	} else {
		nodeError = new NodeOperationError(
			node,
			error instanceof Error ? error.message : String(error),
			{ itemIndex },
		);
	}
	if (!nodeError.message.includes('[item '))
		nodeError.message = `${nodeError.message} [item ${itemIndex}]`;
	return nodeError;
}

/**
 * The JSON of an error item under "Continue On Fail": enough to branch on and to fix. With
 * "Continue (using error output)" n8n routes an item to the error output only when its JSON has
 * no keys but `error`, `message` and `details` (n8n-core's `handleNodeErrorOutput`), so there
 * the facts go under `details`.
 */
export function errorItemJson(error: NodeError, errorOutput: boolean): IDataObject {
	const { error: message, ...facts } = errorFacts(error);
	return errorOutput ? { error: message, details: facts } : { error: message, ...facts };
}

function errorFacts(error: NodeError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	for (const key of [
		'field',
		'error_code',
		'error_message',
		'folder_id',
		'oz_queue_ms',
		'metadata_to_restore',
	]) {
		if (error.context[key] !== undefined) json[key] = error.context[key];
	}
	return json;
}
