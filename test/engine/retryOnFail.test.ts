import { processStateSizes } from '../../nodes/OzForensics/execution/processState';
import { ItemResults } from '../../nodes/OzForensics/execution/retryMemo';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * n8n's "Retry On Fail" runs the whole node again. Every Oz analysis is billed, so an item
 * whose folder was made in an earlier try must come back from that try, not be sent again.
 */
const { simulator, TOKEN, credentials } = useOzSimulator('retry');
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
	const refusal = { status: 400, error_code: 4, error_message: 'Invalid value' };

	it('4 items at Parallel Requests 4, the first refused: the node is tried again, the other three are found by their markers, 4 folders', async () => {
		// All four are in flight when the first answer, a refusal, comes back.
		simulator.settings.latencyMs = 150;
		simulator.settings.failNext = [refusal];
		const wf = chainWorkflow(items(4), [
			{ name: 'Oz', parameters: analyze(), retryOnFail: { maxTries: 3 } },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const output = result.output('Oz');
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output.every((item) => item.json.system_resolution === 'SUCCESS')).toBe(true);
		// Four folders for four applicants: none created twice.
		expect(simulator.store.folders.size).toBe(4);
		expect(new Set(output.map((item) => item.json.folder_id)).size).toBe(4);
		// Five requests: the refused one, then each applicant's once.
		expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(5);
		expect([0, 1, 2, 3].map((i) => uploadsOf(`applicant-${i}.mp4`).length)).toEqual([1, 1, 1, 1]);
		// The refusal goes to whichever upload reaches Oz first; that item alone is sent again
		// (the last upload), the other three are found by their markers.
		const posts = simulator.store.requests.filter((r) => r.method === 'POST');
		const resent = Number(/applicant-(\d)/.exec(posts[4].files[0]?.fileName ?? '')?.[1]);
		expect(output.map((item) => item.json.oz_delivery)).toEqual(
			[0, 1, 2, 3].map((i) => (i === resent ? 'sent' : 'found')),
		);
		// No results kept in memory for Folder → Analyze: the look-up serves instead.
		expect(ItemResults.size()).toBe(0);
	});

	it('with Continue On Fail, a first item that failed makes n8n try again: only it is resent', async () => {
		simulator.settings.failNext = [refusal];
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
	});

	it('a run that fails in every try creates nothing, and a later run sends afresh', async () => {
		simulator.settings.failNext = [refusal, refusal];
		const wf = chainWorkflow(items(2), [
			{ name: 'Oz', parameters: analyze({ parallelRequests: 1 }), retryOnFail: { maxTries: 2 } },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(/Oz API error 4/);
		// Item 0 failed in both tries; item 1 was never started (the node stops at the first failure).
		expect(simulator.store.folders.size).toBe(0);

		const again = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(again.error).toBeUndefined();
		expect(simulator.store.folders.size).toBe(2);
	});

	it('a new execution of the same workflow is a new check: its markers differ', async () => {
		const wf = chainWorkflow(items(1), [{ name: 'Oz', parameters: analyze() }]);
		await runWorkflow(wf.nodes, wf.connections, credentials());
		await runWorkflow(wf.nodes, wf.connections, credentials());
		const markers = simulator.store.requests
			.filter((r) => r.method === 'POST')
			.map((r) => JSON.parse(r.fields.payload)['folder:meta_data'].n8n_request_id as string);
		expect(markers).toHaveLength(2);
		expect(new Set(markers).size).toBe(2);
		expect(simulator.store.folders.size).toBe(2);
	});

	it('Analysis → Start has no marker to look up: the results of the earlier try are kept, so no analysis starts twice', async () => {
		const folders = await Promise.all(
			[0, 1, 2].map(async (i) => await seedFolder(simulator, TOKEN, { start: i }, [])),
		);
		simulator.store.requests.length = 0;
		simulator.settings.failNext = [{ kind: 'pass' }, refusal];
		const wf = chainWorkflow(
			folders.map((folder) => ({ json: { folderId: String(folder.folder_id) } })),
			[
				{
					name: 'Oz',
					parameters: {
						resource: 'analysis',
						operation: 'start',
						folderId: '={{ $json.folderId }}',
						analyses: { analysis: [{ type: 'quality' }] },
						options: { parallelRequests: 1 },
					},
					retryOnFail: { maxTries: 2 },
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const starts = simulator.store.requests.filter((r) => r.method === 'POST');
		// Folder 0 once (kept from the first try), folder 1 refused then started, folder 2 once.
		expect(
			starts.map((r) => folders.findIndex((f) => r.path.includes(String(f.folder_id)))),
		).toEqual([0, 1, 1, 2]);
		const analyses = folders.map(
			(folder) => simulator.store.folders.get(String(folder.folder_id))?.analyses.length,
		);
		expect(analyses).toEqual([1, 1, 1]);
		expect(ItemResults.size()).toBe(0);
	});
	it('the results kept for Retry On Fail are released after the last try, even when it failed', async () => {
		const folders = await Promise.all(
			[0, 1].map(async (i) => await seedFolder(simulator, TOKEN, { last: i }, [])),
		);
		simulator.store.requests.length = 0;
		// Folder 0 starts in the first try; folder 1 is refused in both tries.
		simulator.settings.failNext = [{ kind: 'pass' }, refusal, refusal];
		const wf = chainWorkflow(
			folders.map((folder) => ({ json: { folderId: String(folder.folder_id) } })),
			[
				{
					name: 'Oz',
					parameters: {
						resource: 'analysis',
						operation: 'start',
						folderId: '={{ $json.folderId }}',
						analyses: { analysis: [{ type: 'quality' }] },
						options: { parallelRequests: 1 },
					},
					retryOnFail: { maxTries: 2 },
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(/Oz API error 4/);
		expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
		expect(ItemResults.size()).toBe(0);
		// The process-wide size report (logged at debug level) sees the same.
		expect(processStateSizes().retryMemoItems).toBe(0);
	});
});
