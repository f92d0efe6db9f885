/**
 * Waiting requests, one first-in-first-out line per flow (an execution), served in turn: each
 * flow with a request waiting gets one admission per round, in the order the flows arrived.
 * A batch of 500 items then delays a webhook execution that arrives after it by at most one
 * of its own requests per round, not by the whole batch.
 */
export class FairQueue<T> {
	/** A Map keeps insertion order: the flow at the front is served next, then goes to the back. */
	private readonly lines = new Map<string, T[]>();

	private count = 0;

	get size(): number {
		return this.count;
	}

	push(flow: string, entry: T): void {
		const line = this.lines.get(flow);
		if (line) line.push(entry);
		else this.lines.set(flow, [entry]);
		this.count++;
	}

	/** The next entry in turn, or undefined when none waits. */
	shift(): T | undefined {
		const first = this.lines.entries().next();
		if (first.done) return undefined;
		const [flow, line] = first.value;
		const entry = line.shift();
		this.lines.delete(flow);
		if (line.length > 0) this.lines.set(flow, line);
		this.count--;
		return entry;
	}

	/** Takes an entry out of its line (its execution was cancelled, or it waited too long). */
	remove(flow: string, entry: T): boolean {
		const line = this.lines.get(flow);
		const at = line?.indexOf(entry) ?? -1;
		if (!line || at < 0) return false;
		line.splice(at, 1);
		if (line.length === 0) this.lines.delete(flow);
		this.count--;
		return true;
	}

	entries(): T[] {
		return [...this.lines.values()].flat();
	}
}
