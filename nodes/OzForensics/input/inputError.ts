/**
 * A problem the user fixes in a field of the node: bad input found before anything is sent,
 * or a limit the user set that was reached (Analysis → Wait's timeout). Pure code throws it;
 * the runner turns it into a NodeOperationError that names the item and the field.
 */
export class OzInputError extends Error {
	constructor(
		message: string,
		/** The node field the problem is in, as the user sees it. */
		readonly field: string,
		/** What to do about it. */
		readonly hint: string,
		/** Facts the error item carries for the next node, e.g. the folder_id to wait for. */
		readonly facts: Record<string, string | number> = {},
	) {
		super(message);
		this.name = 'OzInputError';
	}
}
