import { sleep } from 'n8n-workflow';

/** 1 % slower than the limit, so that timer and network jitter never tip a window over it. */
const MARGIN = 1.01;

/**
 * Paces analysis starts across a whole run of items: one analysis every 60 s ÷ limit, so no
 * minute, and no shorter stretch, sees more than the limit allows. A request takes its slot
 * only when it really starts: a timer that fires late (a busy machine) delays the requests
 * after it instead of letting them bunch up. Waiting is in short sleeps, so a cancelled
 * execution stops promptly.
 */
export class AnalysisPacer {
	private nextStart = 0;

	constructor(
		private readonly perMinute: number,
		private readonly cancelled: () => boolean,
	) {}

	/** Resolves when a request that starts `analyses` analyses may go. */
	async reserve(analyses: number): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (now >= this.nextStart || this.cancelled()) {
				this.nextStart = now + (Math.max(1, analyses) * 60_000 * MARGIN) / this.perMinute;
				return;
			}
			await sleepUnlessCancelled(this.nextStart - now, this.cancelled);
		}
	}
}

/** Waits `ms` in short steps with n8n's sleep, ending early once the execution is cancelled. */
export async function sleepUnlessCancelled(ms: number, cancelled: () => boolean): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !cancelled(); left = until - Date.now()) {
		await sleep(Math.min(left, 250));
	}
}
