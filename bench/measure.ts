/** Figures the benchmark reports, computed from what the simulator recorded. */

/** Starts per minute over the run: (n − 1) intervals between the first and the last start. */
export function ratePerMinute(starts: number[]): number {
	if (starts.length < 2) return 0;
	const sorted = [...starts].sort((a, b) => a - b);
	return ((sorted.length - 1) * 60_000) / (sorted[sorted.length - 1] - sorted[0]);
}

/** The most starts in any window of `windowMs` (each window opening at a start). */
export function maxInWindow(starts: number[], windowMs: number): number {
	const sorted = [...starts].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (j < sorted.length && sorted[j] < sorted[i] + windowMs) j++;
		most = Math.max(most, j - i);
	}
	return most;
}

export const ratio = (value: number) => value.toFixed(2);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const megabytes = (kb: number) => `${Math.round(kb / 1024)} MB`;
/** A difference in kB as "N MB above" or "N MB below". */
export const aboveOrBelow = (deltaKb: number) =>
	`${megabytes(Math.abs(deltaKb))} ${deltaKb < 0 ? 'below' : 'above'}`;
