import { sleep } from 'n8n-workflow';

/** 1 % slower than the limit, so that timer and network jitter never tip a window over it. */
const MARGIN = 1.01;

/**
 * Paces analysis starts across a whole run of items: each request takes its place in an even
 * schedule (one analysis every 60 s ÷ limit), so no minute, and no shorter stretch, sees more
 * than the limit allows. Waiting is in short sleeps, so a cancelled execution stops promptly.
 */
export class AnalysisPacer {
	private nextStart = 0;

	constructor(
		private readonly perMinute: number,
		private readonly cancelled: () => boolean,
	) {}

	/** Resolves when a request that starts `analyses` analyses may go. */
	async reserve(analyses: number): Promise<void> {
		const start = Math.max(Date.now(), this.nextStart);
		this.nextStart = start + (Math.max(1, analyses) * 60_000 * MARGIN) / this.perMinute;
		await sleepUnlessCancelled(start - Date.now(), this.cancelled);
	}
}

/** Waits `ms` in short steps with n8n's sleep, ending early once the execution is cancelled. */
export async function sleepUnlessCancelled(ms: number, cancelled: () => boolean): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !cancelled(); left = until - Date.now()) {
		await sleep(Math.min(left, 250));
	}
}
