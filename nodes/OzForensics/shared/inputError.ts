/**
 * A problem with what the user entered, found before anything is sent.
 * Pure code throws it; the operation turns it into a NodeOperationError for the item.
 */
export class OzInputError extends Error {
	constructor(
		message: string,
		/** The node field the problem is in, as the user sees it. */
		readonly field: string,
		/** What to do about it. */
		readonly hint: string,
	) {
		super(message);
		this.name = 'OzInputError';
	}
}
