/**
 * A failure of one item that the user deals with in a field of the node: the runner turns it
 * into a NodeOperationError that names the item and the field (execution/itemErrors.ts).
 */
export class OzItemError extends Error {
	constructor(
		message: string,
		/** The node field to look at, as the user sees it. */
		readonly field: string,
		/** What to do about it. */
		readonly hint: string,
		/** Facts the error item carries for the next node, e.g. the folder_id to wait for. */
		readonly facts: Record<string, string | number> = {},
	) {
		super(message);
		this.name = new.target.name;
	}
}

/**
 * A wait that ended before Oz's answer: the item's Timeout ran out while it waited for a turn
 * or for analyses, or the execution was cancelled. Not bad input: the field is the Timeout.
 */
export class OzWaitError extends OzItemError {}
