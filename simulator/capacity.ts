/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped: the simulator is a Node.js server */

/**
 * The capacity model: N analysis slots, each analysis holding a slot for a fixed time, and
 * requests queueing for a free slot, as Oz's workers do ("each celery-tfss instance is
 * configured to handle 2 analyses simultaneously"; more requests only wait longer).
 */
export interface CapacitySettings {
	slots: number;
	msPerAnalysis: number;
	/** A gateway in front: after this long the client gets an HTML 504, while Oz finishes the work. */
	gatewayTimeoutMs?: number;
}

export class SlotQueue {
	private busy = 0;

	private readonly waiting: Array<() => void> = [];

	/** Most requests that ever waited at once, for the benchmark's report. */
	maxQueued = 0;

	constructor(readonly slots: number) {}

	/** Holds one slot while the request's analyses run one after another. */
	async run(analyses: number, msPerAnalysis: number): Promise<void> {
		if (this.busy >= this.slots) {
			await new Promise<void>((resolve) => {
				this.waiting.push(resolve);
				this.maxQueued = Math.max(this.maxQueued, this.waiting.length);
			});
		} else {
			this.busy++;
		}
		try {
			await new Promise((resolve) => setTimeout(resolve, Math.max(1, analyses) * msPerAnalysis));
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.busy--;
		}
	}
}
