import { sleep } from 'n8n-workflow';

import { hostLimiter } from '../../nodes/OzForensics/execution/processState';

import { mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * The limit per Oz host is shared by every execution of the process: two WorkflowExecute runs
 * at the same time (two webhook calls, say) take turns at one limiter instead of each sending
 * its own batch to Oz.
 */
const { simulator, credentials } = useOzSimulator('shared');
const items = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({
		binary: {
			data: file(mediaWithLiveness('live', `${prefix}-${i}`), `${prefix}-${i}.mp4`, 'video/mp4'),
		},
	}));
const workflow = (prefix: string, count: number, options: Record<string, unknown> = {}) =>
	chainWorkflow(items(prefix, count), [
		{
			name: 'Oz',
			parameters: livenessAnalysis({ parallelRequests: 10, ...options }),
			continueOnFail: true,
		},
	]);
const uploadsOf = (prefix: string) =>
	simulator.store.requests.filter(
		(r) => r.method === 'POST' && r.files[0]?.fileName.startsWith(`${prefix}-`),
	);

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, capacity: null, quirks: {} });
});

describe('one limit for an Oz host, shared by executions', () => {
	it('two runs at once never have more in flight at Oz than one limit allows, and both get every decision', async () => {
		// Oz with 2 slots of 150 ms: the shared limit settles near the slots.
		simulator.settings.capacity = { slots: 2, msPerAnalysis: 150 };
		const [a, b] = await Promise.all(
			[workflow('a', 10), workflow('b', 10)].map(
				async (wf) => await runWorkflow(wf.nodes, wf.connections, credentials()),
			),
		);
		for (const run of [a, b]) {
			const output = run.output('Oz');
			expect(output.map((item) => item.json.system_resolution)).toEqual(Array(10).fill('SUCCESS'));
			// Each run waited for turns, and says so.
			expect(Math.max(...output.map((item) => item.json.oz_queue_ms as number))).toBeGreaterThan(0);
		}
		// 20 items at Parallel Requests 10 in each run: without the shared limit 20 would be at Oz.
		expect(simulator.store.maxInFlight).toBeLessThanOrEqual(6);
		expect(simulator.store.folders.size).toBe(20);
	});

	it('with "Share Limit Across Executions" off, each run sends on its own', async () => {
		simulator.settings.latencyMs = 300;
		await Promise.all(
			[workflow('a', 10, { sharedLimit: false }), workflow('b', 10, { sharedLimit: false })].map(
				async (wf) => await runWorkflow(wf.nodes, wf.connections, credentials()),
			),
		);
		expect(simulator.store.maxInFlight).toBe(20);
	});

	it('a cancelled execution leaves the queue at once; the other run goes on', async () => {
		simulator.settings.latencyMs = 400;
		const started = Date.now();
		const [kept, cancelled] = await Promise.all([
			runWorkflow(workflow('kept', 6).nodes, workflow('kept', 6).connections, credentials()),
			runWorkflow(workflow('gone', 10).nodes, workflow('gone', 10).connections, credentials(), {
				cancelAfterMs: 200,
			}),
		]);
		expect(kept.output('Oz').map((item) => item.json.system_resolution)).toEqual(
			Array(6).fill('SUCCESS'),
		);
		expect(cancelled.run.status).toBe('canceled');
		// At most the requests that had a turn before the cancel reached Oz.
		expect(uploadsOf('gone').length).toBeLessThanOrEqual(2);
		expect(Date.now() - started).toBeLessThan(6000);
	});

	it('a request that waits past its Timeout fails saying Oz was busy, and nothing of it is sent', async () => {
		// One slow slot keeps the host's limit busy for seconds.
		simulator.settings.capacity = { slots: 1, msPerAnalysis: 2500 };
		const [busy, late] = await Promise.all([
			runWorkflow(workflow('busy', 2).nodes, workflow('busy', 2).connections, credentials()),
			(async () => {
				// Once both of the busy run's requests are at Oz (the cold limit of 2).
				while (simulator.store.inFlight < 2) await sleep(10);
				const wf = workflow('late', 1, { timeout: 1 });
				return await runWorkflow(wf.nodes, wf.connections, credentials());
			})(),
		]);
		expect(busy.output('Oz').map((item) => item.json.system_resolution)).toEqual([
			'SUCCESS',
			'SUCCESS',
		]);
		const [item] = late.output('Oz');
		expect(item.json.error).toMatch(
			/^Oz was busy: this request waited 1\.\d s in n8n for a free slot and was not sent, so nothing was analysed or billed \[item 0\]$/,
		);
		expect(item.json.field).toBe('Timeout (Seconds)');
		expect(uploadsOf('late')).toHaveLength(0);
	});
	it('the shared limiter holds no execution: its change handler is made once, not per request', async () => {
		const first = workflow('h1', 2);
		await runWorkflow(first.nodes, first.connections, credentials());
		const limiter = hostLimiter(new URL(simulator.url).origin, '1');
		const handler = limiter.onChange;
		expect(handler).toBeDefined();
		const second = workflow('h2', 2);
		await runWorkflow(second.nodes, second.connections, credentials());
		expect(hostLimiter(new URL(simulator.url).origin, '1')).toBe(limiter);
		expect(limiter.onChange).toBe(handler);
	});
});
