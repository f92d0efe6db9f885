import { sleep } from 'n8n-workflow';

/** Waits `ms` in short steps with n8n's sleep, ending early once the execution is cancelled. */
export async function sleepUnlessCancelled(ms: number, cancelled: () => boolean): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !cancelled(); left = until - Date.now()) {
		await sleep(Math.min(left, 250));
	}
}
