/** Switchable behaviour: slow answers, scripted failures, analyses that take time, capacity, host quirks. */
import type { HostQuirks } from '../types';
import type { CapacitySettings } from './capacity';
import type { FaultRates, ScriptedFault } from './faults';

/** Containers' session tokens (page "Using OzCapsula Data Container in Web SDK"). */
export interface ContainerSettings {
	/** How long a session token lasts: "a few minutes" on the page; 5 minutes here. */
	sessionTokenTtlMs: number;
	/** A session token takes one container; off, a replayed container makes another folder. */
	singleUseTokens: boolean;
}

export interface SimulatorSettings {
	latencyMs: number;
	/** Answers for the next API requests, in order, instead of the real ones. */
	failNext: ScriptedFault[];
	/** How long analyses started on an existing folder read as PROCESSING. */
	processingMs: number;
	/** When above 0, all session tokens expire once this many more API requests have been answered. */
	expireSessionsAfter: number;
	/**
	 * When above 0, all session tokens expire again and again, each time this many more API
	 * requests have been answered: Oz's sessions last `OZ_SESSION_TTL`, 15 minutes by default
	 * (docs/oz-facts.md#limits), here compressed into a count so a soak meets many expiries.
	 */
	expireSessionsEvery: number;
	/** Faults drawn at random for single requests (off when null); `failNext` goes first. */
	faultRates: FaultRates | null;
	/** Off (null) by default: single requests then answer at once. */
	capacity: CapacitySettings | null;
	containers: ContainerSettings;
	quirks: HostQuirks;
}

export function defaultSettings(): SimulatorSettings {
	return {
		latencyMs: 0,
		failNext: [],
		processingMs: 0,
		expireSessionsAfter: 0,
		expireSessionsEvery: 0,
		faultRates: null,
		capacity: null,
		containers: { sessionTokenTtlMs: 5 * 60_000, singleUseTokens: true },
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
	if (typeof update.expireSessionsEvery === 'number' && update.expireSessionsEvery >= 0)
		settings.expireSessionsEvery = Math.floor(update.expireSessionsEvery);
	if (update.faultRates === null) settings.faultRates = null;
	else if (update.faultRates && typeof update.faultRates === 'object')
		settings.faultRates = faultRatesOf(update.faultRates);
	if (update.capacity === null) settings.capacity = null;
	else if (update.capacity && update.capacity.slots >= 1 && update.capacity.msPerAnalysis >= 0)
		settings.capacity = { ...update.capacity };
	const containers = update.containers as Partial<ContainerSettings> | undefined;
	if (containers && typeof containers === 'object') {
		const { sessionTokenTtlMs: ttl, singleUseTokens: singleUse } = containers;
		settings.containers = {
			sessionTokenTtlMs:
				typeof ttl === 'number' && ttl >= 0 ? ttl : settings.containers.sessionTokenTtlMs,
			singleUseTokens:
				typeof singleUse === 'boolean' ? singleUse : settings.containers.singleUseTokens,
		};
	}
	if (update.quirks && typeof update.quirks === 'object') settings.quirks = { ...update.quirks };
	if (Array.isArray(update.failNext))
		settings.failNext = update.failNext.filter((f) => typeof f === 'object' && f !== null);
}

/** Rates from a settings update: each 0 to 1, together at most 1; the seed an integer. */
function faultRatesOf(update: Partial<FaultRates>): FaultRates {
	const rate = (value: unknown) =>
		typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
	const rates: FaultRates = {
		seed: typeof update.seed === 'number' && Number.isFinite(update.seed) ? update.seed >>> 0 : 1,
		lostAnswer: rate(update.lostAnswer),
		reset: rate(update.reset),
		throttle: rate(update.throttle),
	};
	const total = (rates.lostAnswer ?? 0) + (rates.reset ?? 0) + (rates.throttle ?? 0);
	if (total > 1) throw new Error(`fault rates add up to ${total}, more than 1`);
	return rates;
}
