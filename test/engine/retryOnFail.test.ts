import { ItemResults } from '../../nodes/OzForensics/execution/retryMemo';
import { mediaWithLiveness } from '../support/media';
import { useSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * n8n's "Retry On Fail" runs the whole node again. Every Oz analysis is billed, so an item
 * whose folder was made in an earlier try must come back from that try, not be sent again.
 */
const TOKEN = 'retry-token';
const simulator = useSimulator({ tokens: [TOKEN] });
const credentials = () => ({ ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN } });
const analyze = (options: Record<string, unknown> = {}) =>
	livenessAnalysis({ parallelRequests: 4, ...options });
const items = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		binary: {
			data: file(mediaWithLiveness('live', `retry-${i}`), `applicant-${i}.mp4`, 'video/mp4'),
		},
	}));
const uploadsOf = (fileName: string) =>
	simulator.store.requests.filter((r) => r.method === 'POST' && r.files[0]?.fileName === fileName);

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, quirks: {} });
});

describe('Retry On Fail never sends an item twice', () => {
	it('4 items at Parallel Requests 4, the first answered 500: the node is tried again and only that item is resent', async () => {
		// All four are in flight when the first answer, a 500, comes back.
		simulator.settings.latencyMs = 150;
		simulator.settings.failNext = [
			{ status: 500, error_code: 0, error_message: 'Unknown server side error occurred' },
		];
		const wf = chainWorkflow(items(4), [
			{ name: 'Oz', parameters: analyze(), retryOnFail: { maxTries: 3 } },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const output = result.output('Oz');
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output.every((item) => item.json.system_resolution === 'SUCCESS')).toBe(true);
		// Four folders for four applicants: none created twice.
		expect(simulator.store.folders.size).toBe(4);
		expect(new Set(output.map((item) => item.json.folder_id)).size).toBe(4);
		// Five requests: the refused one (answered before its body was read), then each applicant's once.
		expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(5);
		expect([0, 1, 2, 3].map((i) => uploadsOf(`applicant-${i}.mp4`).length)).toEqual([1, 1, 1, 1]);
		// Released once the node is done.
		expect(ItemResults.size()).toBe(0);
	});

	it('with Continue On Fail, a first item that failed makes n8n try again: only it is resent', async () => {
		simulator.settings.failNext = [
			{ status: 503, error_code: 0, error_message: 'Service unavailable' },
		];
		const wf = chainWorkflow(items(3), [
			{
				name: 'Oz',
				parameters: analyze({ parallelRequests: 1 }),
				continueOnFail: true,
				retryOnFail: { maxTries: 2 },
			},
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const output = result.output('Oz');
		expect(output.map((item) => item.json.system_resolution)).toEqual([
			'SUCCESS',
			'SUCCESS',
			'SUCCESS',
		]);
		expect(simulator.store.folders.size).toBe(3);
		expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
		expect([0, 1, 2].map((i) => uploadsOf(`applicant-${i}.mp4`).length)).toEqual([1, 1, 1]);
		expect(ItemResults.size()).toBe(0);
	});

	it('a run that fails in every try creates nothing, and a later run sends afresh', async () => {
		simulator.settings.failNext = [
			{ status: 500, error_code: 0 },
			{ status: 500, error_code: 0 },
		];
		const wf = chainWorkflow(items(2), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }), retryOnFail: { maxTries: 2 } },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(/Oz API error 0/);
		// Item 0 failed in both tries; item 1 was never started (the node stops at the first failure).
		expect(simulator.store.folders.size).toBe(0);

		const again = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(again.error).toBeUndefined();
		expect(simulator.store.folders.size).toBe(2);
	});

	it('without Retry On Fail a failed run keeps nothing', async () => {
		simulator.settings.latencyMs = 100;
		simulator.settings.failNext = [{ status: 500, error_code: 0 }];
		const wf = chainWorkflow(items(3), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 3 }) },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(/Oz API error 0/);
		expect(simulator.store.folders.size).toBe(2);
		expect(ItemResults.size()).toBe(0);
	});
});
