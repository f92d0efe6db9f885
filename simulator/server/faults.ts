/** Switchable behaviour: slow answers, scripted failures, analyses that take time, capacity. */
import type { HostQuirks } from '../types';
import type { CapacitySettings } from './capacity';

/**
 * - `pass`: answer normally (to aim a fault at a later request);
 * - `oz`: answer `status` with Oz's error body (the default when `error_code` is given);
 * - `html`: answer `status` with an HTML page, as a gateway or proxy would (the default otherwise);
 * - `truncated`: answer `status` (default 200) with JSON cut off in the middle;
 * - `reset`: drop the connection while the upload is still arriving;
 * - `hang`: take the request and never answer;
 * - `afterStore`: do the work for real (the folder is stored), then answer `status` as HTML,
 *   or with no `status` drop the connection, as when a gateway gives up on a slow Oz.
 */
export type FaultKind = 'pass' | 'oz' | 'html' | 'truncated' | 'reset' | 'hang' | 'afterStore';

export interface ScriptedFault {
	kind?: FaultKind;
	status?: number;
	error_code?: number;
	error_message?: string;
	/** Seconds for a Retry-After header. */
	retryAfter?: number;
	/** Extra wait before this request is handled (with `pass`: a slow but normal answer). */
	delayMs?: number;
}

export function faultKind(fault: ScriptedFault): FaultKind {
	return fault.kind ?? (fault.error_code !== undefined ? 'oz' : 'html');
}

export interface SimulatorSettings {
	latencyMs: number;
	/** Answers for the next API requests, in order, instead of the real ones. */
	failNext: ScriptedFault[];
	/** How long analyses started on an existing folder read as PROCESSING. */
	processingMs: number;
	/** When above 0, all session tokens expire once this many more API requests have been answered. */
	expireSessionsAfter: number;
	/** Off (null) by default: single requests then answer at once. */
	capacity: CapacitySettings | null;
	quirks: HostQuirks;
}

export function defaultSettings(): SimulatorSettings {
	return {
		latencyMs: 0,
		failNext: [],
		processingMs: 0,
		expireSessionsAfter: 0,
		capacity: null,
		quirks: {},
	};
}

export function applySettings(
	settings: SimulatorSettings,
	update: Partial<SimulatorSettings>,
): void {
	if (typeof update.latencyMs === 'number' && update.latencyMs >= 0)
		settings.latencyMs = Math.min(update.latencyMs, 60_000);
	if (typeof update.processingMs === 'number' && update.processingMs >= 0)
		settings.processingMs = Math.min(update.processingMs, 600_000);
	if (typeof update.expireSessionsAfter === 'number' && update.expireSessionsAfter >= 0)
		settings.expireSessionsAfter = update.expireSessionsAfter;
	if (update.capacity === null) settings.capacity = null;
	else if (update.capacity && update.capacity.slots >= 1 && update.capacity.msPerAnalysis >= 0)
		settings.capacity = { ...update.capacity };
	if (update.quirks && typeof update.quirks === 'object') settings.quirks = { ...update.quirks };
	if (Array.isArray(update.failNext))
		settings.failNext = update.failNext.filter((f) => typeof f === 'object' && f !== null);
}
