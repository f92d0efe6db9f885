/** Switchable behaviour: slow answers, scripted failures, analyses that take time. */
export interface ScriptedFault {
	status: number;
	/** Oz error body; when absent the answer is an HTML page, as a gateway would send. */
	error_code?: number;
	error_message?: string;
}

export interface SimulatorSettings {
	latencyMs: number;
	/** Answers for the next API requests, in order, instead of the real ones. */
	failNext: ScriptedFault[];
	/** How long analyses started on an existing folder read as PROCESSING. */
	processingMs: number;
	/** When above 0, all session tokens expire once this many more API requests have been answered. */
	expireSessionsAfter: number;
}

export function defaultSettings(): SimulatorSettings {
	return { latencyMs: 0, failNext: [], processingMs: 0, expireSessionsAfter: 0 };
}

export function applySettings(settings: SimulatorSettings, update: Partial<SimulatorSettings>): void {
	if (typeof update.latencyMs === 'number' && update.latencyMs >= 0) settings.latencyMs = Math.min(update.latencyMs, 60_000);
	if (typeof update.processingMs === 'number' && update.processingMs >= 0) settings.processingMs = Math.min(update.processingMs, 600_000);
	if (typeof update.expireSessionsAfter === 'number' && update.expireSessionsAfter >= 0) settings.expireSessionsAfter = update.expireSessionsAfter;
	if (Array.isArray(update.failNext)) settings.failNext = update.failNext.filter((f) => typeof f.status === 'number');
}
