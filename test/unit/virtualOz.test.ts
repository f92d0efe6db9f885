import { HostLimiter } from '../../nodes/OzForensics/execution/hostLimiter';
import type { Execution } from '../support/virtualOz';
import { burst, runScenario, VirtualClock } from '../support/virtualOz';

/*
 * The benchmark's scenarios in virtual time: the real shared limiter against a model of Oz,
 * with 5–7 ms of client time per request and calls spread over a few ms, as callers send
 * them. The figures measured in a real n8n are in bench/RESULTS.md.
 */
const spread = (executions: Execution[], ms = 10) =>
	executions.map((execution, i) => ({ ...execution, at: i * ms }));
const oneSecond = { slots: 4, msPerAnalysis: 1000, gatewayMs: 5000 };

describe('the shared limit in virtual time', () => {
	it.each([40, 100])(
		'%i webhook executions at once on a 4-slot Oz behind a 5 s gateway: no 504, within 1.15 × the ideal time',
		async (calls) => {
			const result = await runScenario(new VirtualClock(), {
				oz: oneSecond,
				executions: spread(burst(calls)),
				clientMs: 5,
			});
			expect(result.gateway504s).toBe(0);
			expect(result.traces.filter((t) => t.outcome !== 'ok')).toEqual([]);
			expect(result.makespanMs).toBeLessThanOrEqual(1.15 * ((calls * 1000) / 4));
		},
	);

	it('the same burst while Oz drops from 4 slots to 2: no 504', async () => {
		const result = await runScenario(new VirtualClock(), {
			oz: { ...oneSecond, slotsAfter: { requests: 10, slots: 2 } },
			executions: spread(burst(40)),
			clientMs: 5,
		});
		expect(result.gateway504s).toBe(0);
	});

	it('queue mode, 4 workers × 10 executions against 2 slots: every call answered, no 504', async () => {
		const result = await runScenario(new VirtualClock(), {
			oz: { slots: 2, msPerAnalysis: 1000, gatewayMs: 5000 },
			processes: 4,
			concurrency: 10,
			executions: spread(burst(40)),
			clientMs: 5,
		});
		expect(result.traces.filter((t) => t.outcome === 'ok')).toHaveLength(40);
		expect(result.gateway504s).toBe(0);
		expect(result.makespanMs).toBeLessThanOrEqual(1.15 * 20_000);
	});

	it('fairness: 20 webhook calls during a 200-item batch each answer within 3 × their time alone plus a fair share', async () => {
		const oz = { slots: 4, msPerAnalysis: 250 };
		const alone = await runScenario(new VirtualClock(), { oz, executions: burst(1) });
		const aloneMs = alone.makespanMs;
		const result = await runScenario(new VirtualClock(), {
			oz,
			executions: [
				{ flow: 'batch', items: 200, perNode: 32 },
				...spread(burst(20), 10).map((e) => ({ ...e, at: 1000 + (e.at ?? 0) })),
			],
			clientMs: 7,
		});
		// A fair share: 21 executions taking turns at 4 slots, so one turn in 21 × 250 ms ÷ 4.
		const fairShare = (21 * 250) / 4;
		const hooks = result.traces.filter((t) => t.flow !== 'batch');
		expect(hooks).toHaveLength(20);
		for (const hook of hooks)
			expect(hook.answeredAt - hook.startedAt).toBeLessThanOrEqual(3 * aloneMs + fairShare);
		// The batch still finishes.
		expect(result.traces.filter((t) => t.flow === 'batch' && t.outcome === 'ok')).toHaveLength(200);
	});

	it('a batch of 200 on 4 slots × 250 ms keeps Oz at least 0.95 busy', async () => {
		const result = await runScenario(new VirtualClock(), {
			oz: { slots: 4, msPerAnalysis: 250, gatewayMs: 5000 },
			executions: [{ flow: 'batch', items: 200, perNode: 32 }],
			clientMs: 7,
		});
		expect((200 * 250) / 4 / result.makespanMs).toBeGreaterThanOrEqual(0.95);
	});

	it('16 slots × 250 ms, 200 items: the second run in the same process starts warm and fills Oz (≥ 0.9)', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const scenario = {
			oz: { slots: 16, msPerAnalysis: 250, gatewayMs: 5000 },
			executions: [{ flow: 'batch', items: 200, perNode: 32 }],
			clientMs: 7,
			limiters: [limiter],
		};
		const cold = await runScenario(clock, scenario);
		const warm = await runScenario(clock, {
			...scenario,
			executions: [{ ...scenario.executions[0], flow: 'again' }],
		});
		const ideal = (200 * 250) / 16;
		expect(ideal / warm.makespanMs).toBeGreaterThanOrEqual(0.9);
		expect(ideal / warm.makespanMs).toBeGreaterThan(ideal / cold.makespanMs);
		expect(warm.maxInFlight).toBeLessThanOrEqual(32);
	});
});
