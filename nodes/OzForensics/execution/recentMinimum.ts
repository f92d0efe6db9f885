/**
 * The least value seen in this window and the one before: a faster past is forgotten after two
 * windows, so that a change of Oz's host (or its gateway) is measured anew.
 */
export class RecentMinimum {
	private recent = Infinity;

	private older = Infinity;

	/** The least value seen lately (Infinity while none was). */
	get value(): number {
		return Math.min(this.recent, this.older);
	}

	add(value: number): void {
		this.recent = Math.min(this.recent, value);
	}

	/** A new window begins; `adjacent` says whether it follows the last one directly. */
	rotate(adjacent: boolean): void {
		this.older = adjacent ? this.recent : Infinity;
		this.recent = Infinity;
	}
}
