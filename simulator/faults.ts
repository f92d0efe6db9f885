/** Switchable misbehaviour: slow answers and scripted failures for the next requests. */
export interface ScriptedFault {
	status: number;
	/** Oz error body; when absent the answer is an HTML page, as a gateway would send. */
	error_code?: number;
	error_message?: string;
}

export interface FaultConfig {
	latencyMs: number;
	failNext: ScriptedFault[];
}

export function defaultFaults(): FaultConfig {
	return { latencyMs: 0, failNext: [] };
}

export function applyFaultConfig(config: FaultConfig, update: Partial<FaultConfig>): void {
	if (typeof update.latencyMs === 'number' && update.latencyMs >= 0) config.latencyMs = Math.min(update.latencyMs, 60_000);
	if (Array.isArray(update.failNext)) config.failNext = update.failNext.filter((f) => typeof f.status === 'number');
}
