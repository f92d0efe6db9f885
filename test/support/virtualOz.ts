import type { Clock, Permit } from '../../nodes/OzForensics/execution/hostLimiter';
import { HostLimiter } from '../../nodes/OzForensics/execution/hostLimiter';

/*
 * The shared limiter in virtual time: the real HostLimiter (its queue and adaptive limit) drives
 * executions against a model of Oz, with a clock that jumps from timer to timer. No sockets, no
 * machine noise: the figures say what the algorithm reaches. Oz is N slots with a first-in,
 * first-out queue in front (Oz's page "Performance and Scalability Guide": "Each celery-tfss
 * instance is configured to handle 2 analyses simultaneously"), optionally behind a gateway
 * that answers 504 after a while and lets Oz finish the work.
 */

/** A clock whose time moves only from one timer to the next, once all promises have settled. */
export class VirtualClock implements Clock {
	private time = 0;

	private timers: Array<{ at: number; seq: number; fire: () => void }> = [];

	private seq = 0;

	now = () => this.time;

	wait = async (ms: number) =>
		await new Promise<void>((fire) => {
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, fire });
		});

	/** Runs until no timer is left and every promise has settled. */
	async run(): Promise<void> {
		await settle();
		while (this.timers.length > 0) {
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift() as (typeof this.timers)[number];
			this.time = Math.max(this.time, next.at);
			next.fire();
			await settle();
		}
	}
}

const settle = async () => {
	for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

interface OzModel {
	slots: number;
	msPerAnalysis: number;
	/** A gateway in front answers 504 after this long; Oz still does (and bills) the work. */
	gatewayMs?: number;
	/** Oz loses slots: after this many requests taken, only `slots` are left. */
	slotsAfter?: { requests: number; slots: number };
}

/** Oz: slots and a FIFO queue; counts what it did. */
class VirtualOz {
	private busy = 0;

	private readonly line: Array<() => void> = [];

	private slots: number;

	taken = 0;

	inFlight = 0;

	maxInFlight = 0;

	gateway504s = 0;

	/** [time, requests at Oz] at each change, for plots. */
	readonly trace: Array<[number, number]> = [];

	constructor(
		private readonly clock: VirtualClock,
		private readonly model: OzModel,
	) {
		this.slots = model.slots;
	}

	/** One single request; answers 'ok', or '504' when the gateway gave up first. */
	async request(analyses: number): Promise<'ok' | '504'> {
		this.taken++;
		const after = this.model.slotsAfter;
		if (after && this.taken > after.requests) this.slots = after.slots;
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		this.trace.push([this.clock.now(), this.inFlight]);
		const work = this.work(analyses).then(() => {
			this.inFlight--;
			this.trace.push([this.clock.now(), this.inFlight]);
			return 'ok' as const;
		});
		if (!this.model.gatewayMs) return await work;
		const gateway = this.clock.wait(this.model.gatewayMs).then(() => '504' as const);
		const first = await Promise.race([work, gateway]);
		if (first === '504') this.gateway504s++;
		return first;
	}

	private async work(analyses: number): Promise<void> {
		if (this.busy >= this.slots) await new Promise<void>((go) => this.line.push(go));
		else this.busy++;
		await this.clock.wait(analyses * this.model.msPerAnalysis);
		this.busy--;
		while (this.busy < this.slots && this.line.length > 0) {
			this.busy++;
			this.line.shift()?.();
		}
	}
}

interface ItemTrace {
	flow: string;
	/** When its execution started. */
	startedAt: number;
	queuedMs: number;
	answeredAt: number;
	outcome: 'ok' | '504' | 'timeout';
}

export interface Execution {
	flow: string;
	items: number;
	/** The node's own cap: its items in flight at once (Parallel Requests). */
	perNode: number;
	/** When it starts, in virtual ms. */
	at?: number;
	/** The item's Timeout. */
	timeoutMs?: number;
}

/**
 * Runs one execution's items on one process's limiter: `perNode` at a time, each waiting for
 * a permit, then sent; a 504 counts as overload, as the node does.
 */
async function runExecution(
	clock: VirtualClock,
	limiter: HostLimiter,
	oz: VirtualOz,
	execution: Execution,
	traces: ItemTrace[],
	clientMs = 0,
): Promise<void> {
	if (execution.at) await clock.wait(execution.at);
	const startedAt = clock.now();
	let next = 0;
	const worker = async () => {
		while (next < execution.items) {
			next++;
			let permit: Permit;
			try {
				permit = await limiter.acquire({
					flow: execution.flow,
					deadline: startedAt + (execution.timeoutMs ?? 300_000),
				});
			} catch {
				traces.push({
					flow: execution.flow,
					startedAt,
					queuedMs: clock.now() - startedAt,
					answeredAt: clock.now(),
					outcome: 'timeout',
				});
				continue;
			}
			if (clientMs) await clock.wait(clientMs);
			const outcome = await oz.request(1);
			permit.release(outcome === 'ok' ? { analyses: 1 } : 'overload');
			traces.push({
				flow: execution.flow,
				startedAt,
				queuedMs: permit.queuedMs,
				answeredAt: clock.now(),
				outcome,
			});
		}
	};
	await Promise.all(Array.from({ length: Math.min(execution.perNode, execution.items) }, worker));
}

export interface Scenario {
	oz: OzModel;
	/** Processes (queue-mode workers), each with its own limiter; 1 for regular mode. */
	processes?: number;
	/** Executions a worker runs at once (n8n's --concurrency); unbounded by default. */
	concurrency?: number;
	executions: Execution[];
	clientMs?: number;
	/** Limiters to reuse (a warm process); new ones otherwise. */
	limiters?: HostLimiter[];
}

export interface ScenarioResult {
	traces: ItemTrace[];
	makespanMs: number;
	gateway504s: number;
	maxInFlight: number;
	limiters: HostLimiter[];
	oz: VirtualOz;
}

/** Executions handed to the processes in turn, each process running at most `concurrency` at once. */
export async function runScenario(
	clock: VirtualClock,
	scenario: Scenario,
): Promise<ScenarioResult> {
	const processes = scenario.processes ?? 1;
	const limiters =
		scenario.limiters ?? Array.from({ length: processes }, () => new HostLimiter(clock));
	const oz = new VirtualOz(clock, scenario.oz);
	const traces: ItemTrace[] = [];
	const start = clock.now();
	const perProcess = limiters.map((_, p) =>
		scenario.executions.filter((_, index) => index % limiters.length === p),
	);
	const runProcess = async (p: number) => {
		const queue = [...perProcess[p]];
		const slot = async () => {
			for (let execution = queue.shift(); execution; execution = queue.shift())
				await runExecution(clock, limiters[p], oz, execution, traces, scenario.clientMs);
		};
		const width = Math.min(scenario.concurrency ?? Infinity, queue.length);
		await Promise.all(Array.from({ length: width }, slot));
	};
	const done = Promise.all(limiters.map((_, p) => runProcess(p)));
	await clock.run();
	await done;
	const end = Math.max(...traces.map((trace) => trace.answeredAt));
	return {
		traces,
		makespanMs: end - start,
		gateway504s: oz.gateway504s,
		maxInFlight: oz.maxInFlight,
		limiters,
		oz,
	};
}

/** Webhook executions: `count` of one item each, all at once. */
export function burst(count: number, prefix = 'call'): Execution[] {
	return Array.from({ length: count }, (_, i) => ({
		flow: `${prefix}-${i}`,
		items: 1,
		perNode: 32,
	}));
}
