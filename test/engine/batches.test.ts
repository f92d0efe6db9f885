import type { INodeParameters } from 'n8n-workflow';

import { mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file } from '../support/workflows';
import { runWorkflow } from './harness';

const { simulator, TOKEN, credentials } = useOzSimulator('batch');
const analyze = (
	options: Record<string, unknown>,
	analyses: string[] = ['quality'],
): INodeParameters => ({
	resource: 'folder',
	operation: 'analyze',
	media: { file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank'] }] },
	analyses: { analysis: analyses.map((type) => ({ type })) },
	options: options as INodeParameters,
	simplify: true,
});
const items = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		json: { n: i },
		binary: {
			data: file(mediaWithLiveness(i % 3 ? 'live' : 'spoof', `b${i}`), `v${i}.mp4`, 'video/mp4'),
		},
	}));
const posts = () => simulator.store.requests.filter((r) => r.method === 'POST');

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, capacity: null });
});

describe('Parallel Requests', () => {
	it('keeps at most that many items in flight, and the output in input order when answers come back out of order', async () => {
		simulator.settings.latencyMs = 100;
		// The first request to arrive answers last.
		simulator.settings.failNext = [{ kind: 'pass', delayMs: 400 }];
		const wf = chainWorkflow(items(9), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 3 }) },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const output = result.output('Oz');
		expect(output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 9 }, (_, i) => ({ item: i })),
		);
		const expected = Array.from({ length: 9 }, (_, i) => (i % 3 ? 'SUCCESS' : 'DECLINED'));
		expect(output.map((item) => item.json.system_resolution)).toEqual(expected);
		expect(simulator.store.maxInFlight).toBe(3);
		// Answers really came back out of order: the first request's folder was stored after others.
		const stored = [...simulator.store.folders.values()].map(
			(f) => f.media[0].json.original_name as string,
		);
		expect(stored.indexOf(posts()[0].files[0].fileName)).toBeGreaterThan(0);
	});

	it('with one, items go one after another', async () => {
		simulator.settings.latencyMs = 30;
		const wf = chainWorkflow(items(4), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }) },
		]);
		await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(simulator.store.maxInFlight).toBe(1);
		expect(posts().map((r) => r.files[0].fileName)).toEqual([
			'v0.mp4',
			'v1.mp4',
			'v2.mp4',
			'v3.mp4',
		]);
	});

	it('without Continue On Fail, the first failing item stops the run with its error', async () => {
		simulator.settings.failNext = [
			{ kind: 'pass' },
			{ kind: 'pass' },
			{ status: 400, error_code: 4, error_message: 'Bad media' },
		];
		const wf = chainWorkflow(items(8), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }) },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toBe('Oz API error 4: Bad media (HTTP 400) [item 2]');
		expect(posts()).toHaveLength(3);
	});
});

describe('Max Analyses per Minute', () => {
	it('spaces the starts evenly across all parallel requests, counting every analysis of a request', async () => {
		// 600 a minute is one analysis every 100 ms; two analyses per item: one item every 200 ms.
		const wf = chainWorkflow(items(8), [
			{
				name: 'Oz',
				parameters: analyze({ parallelRequests: 4, maxAnalysesPerMinute: 600 }, [
					'quality',
					'documents',
				]),
			},
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Oz')).toHaveLength(8);
		const starts = posts().map((r) => r.at);
		// From the second start on: the first upload of a run also opens its connection and
		// reads its file first, so it reaches Oz later after its slot than the others do.
		const gaps = starts.slice(2).map((at, i) => at - starts[i + 1]);
		// The schedule is exact (202 ms apart); arrival adds jitter on a busy machine, so allow one
		// jitter per pair of starts: k slots apart, at least k × 200 ms less 100 ms.
		const short = starts
			.slice(1)
			.flatMap((at, i) => starts.slice(i + 2).map((later, k) => later - at - (k + 1) * 200))
			.filter((slack) => slack < -100);
		expect(short).toEqual([]);
		expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThanOrEqual(195);
		expect(starts[starts.length - 1] - starts[1]).toBeGreaterThanOrEqual(6 * 200 - 20);
		// Not slower than the schedule by more than a busy machine's jitter.
		expect(starts[starts.length - 1] - starts[1]).toBeLessThan(6 * 200 + 1000);
	});

	it('is off by default: nothing waits', async () => {
		const wf = chainWorkflow(items(6), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }) },
		]);
		const started = Date.now();
		await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(Date.now() - started).toBeLessThan(1500);
	});
});

describe('cancelling the execution', () => {
	it('stops the remaining requests promptly', async () => {
		simulator.settings.latencyMs = 300;
		const wf = chainWorkflow(items(20), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 2 }) },
		]);
		const started = Date.now();
		await runWorkflow(wf.nodes, wf.connections, credentials(), { cancelAfterMs: 450 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(posts().length).toBeLessThanOrEqual(6);
	});

	it('also while the run waits for its rate limit', async () => {
		const wf = chainWorkflow(items(20), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1, maxAnalysesPerMinute: 60 }) },
		]);
		const started = Date.now();
		await runWorkflow(wf.nodes, wf.connections, credentials(), { cancelAfterMs: 300 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(posts().length).toBeLessThanOrEqual(2);
	});
});

describe("the simulator's capacity model", () => {
	it('the shared limit keeps a 4-slot Oz busy without letting a queue build up, and follows it down to 2 slots', async () => {
		simulator.settings.capacity = {
			slots: 4,
			msPerAnalysis: 60,
			gatewayTimeoutMs: 2000,
			slotsAfter: { requests: 40, slots: 2 },
		};
		const wf = chainWorkflow(items(80), [
			{ name: 'Oz', parameters: analyze({ timeout: 10 }), continueOnFail: true },
		]);
		const output = (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz');
		simulator.settings.capacity = null;
		expect(output.filter((item) => item.json.error)).toEqual([]);
		expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual([
			...Array(80).keys(),
		]);
		// It grew past the cold start of 2, and never let a runaway queue form (no 504 behind a 2 s gateway).
		expect(simulator.store.maxInFlight).toBeGreaterThan(2);
		expect(simulator.store.maxInFlight).toBeLessThanOrEqual(16);
		expect(output.every((item) => item.json.oz_delivery === 'sent')).toBe(true);
		expect(simulator.store.folders.size).toBe(80);
	});

	it('behind a gateway timeout, with the shared limit off all items at once meet 504s, yet each gets its own decision and one folder; with it on none meets a 504', async () => {
		simulator.settings.capacity = { slots: 2, msPerAnalysis: 100, gatewayTimeoutMs: 350 };
		const burst = chainWorkflow(items(8), [
			{
				name: 'Oz',
				parameters: analyze({ parallelRequests: 8, sharedLimit: false, timeout: 10 }),
				continueOnFail: true,
			},
		]);
		const burstResult = (await runWorkflow(burst.nodes, burst.connections, credentials())).output(
			'Oz',
		);
		// The gateway gave up on some while Oz went on: those were found again, finished, not resent.
		const recovered = burstResult.filter((item) => item.json.oz_delivery === 'recovered');
		expect(recovered.length).toBeGreaterThan(0);
		expect(burstResult.filter((item) => item.json.error)).toEqual([]);
		expect(burstResult.map((item) => item.json.system_resolution)).toEqual(
			Array.from({ length: 8 }, (_, i) => (i % 3 ? 'SUCCESS' : 'DECLINED')),
		);
		expect(posts()).toHaveLength(8);
		expect(simulator.store.folders.size).toBe(8);
		expect(new Set(burstResult.map((item) => item.json.folder_id)).size).toBe(8);

		simulator.store.reset();
		const shared = chainWorkflow(items(8), [
			{
				name: 'Oz',
				parameters: analyze({ parallelRequests: 8, timeout: 10 }),
				continueOnFail: true,
			},
		]);
		const sharedResult = (
			await runWorkflow(shared.nodes, shared.connections, credentials())
		).output('Oz');
		expect(sharedResult.filter((item) => item.json.error)).toEqual([]);
		expect(sharedResult.every((item) => item.json.oz_delivery === 'sent')).toBe(true);
		expect(simulator.store.folders.size).toBe(8);
	});
});

describe('media upload paths', () => {
	it("binaries in n8n's store are streamed, inline ones read into memory: both arrive byte for byte", async () => {
		const stored = mediaWithLiveness('live', 'stored');
		const inline = mediaWithLiveness('live', 'inline');
		const wf = chainWorkflow(
			[
				{ binary: { data: file(stored, 'stored.mp4', 'video/mp4') } },
				{ binary: { data: { ...file(inline, 'inline.mp4', 'video/mp4'), inline: true } } },
			],
			[{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }) }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Load Files').map((item) => Boolean(item.binary?.data.id))).toEqual([
			true,
			false,
		]);
		expect(result.output('Oz').map((item) => item.json.system_resolution)).toEqual([
			'SUCCESS',
			'SUCCESS',
		]);
		expect(posts().map((r) => [r.files[0].fileName, r.files[0].data.length])).toEqual([
			['stored.mp4', stored.length],
			['inline.mp4', inline.length],
		]);
		expect(posts()[0].files[0].data.equals(stored)).toBe(true);
		expect(posts()[1].files[0].data.equals(inline)).toBe(true);
		expect(posts()[0].headers['content-length']).toBe(String(posts()[0].rawBody.length));
	});
});

describe('Analysis → Wait and cancelling', () => {
	it('a cancelled execution stops waiting at once, not at the next poll', async () => {
		simulator.settings.processingMs = 60_000;
		const folder = (await (
			await fetch(`${simulator.url}/api/folders/`, {
				method: 'POST',
				headers: { 'X-Forensic-Access-Token': TOKEN },
				body: (() => {
					const form = new FormData();
					form.append(
						'video1',
						new Blob([new Uint8Array(mediaWithLiveness('live'))], { type: 'video/mp4' }),
						'v.mp4',
					);
					form.append('payload', JSON.stringify({ 'media:tags': { video1: ['video_selfie'] } }));
					return form;
				})(),
			})
		).json()) as { folder_id: string };
		await fetch(`${simulator.url}/api/folders/${folder.folder_id}/analyses/`, {
			method: 'POST',
			headers: { 'X-Forensic-Access-Token': TOKEN, 'content-type': 'application/json' },
			body: JSON.stringify({ analyses: [{ type: 'quality' }] }),
		});
		simulator.store.requests.length = 0;
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Wait',
					parameters: {
						resource: 'analysis',
						operation: 'wait',
						folderId: folder.folder_id,
						pollInterval: 30,
						waitTimeout: 120,
					},
				},
			],
		);
		const started = Date.now();
		await runWorkflow(wf.nodes, wf.connections, credentials(), { cancelAfterMs: 300 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(simulator.store.requests).toHaveLength(1);
		simulator.settings.processingMs = 0;
	});
});
