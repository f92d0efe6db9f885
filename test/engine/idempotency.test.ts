import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * Idempotency Key: a caller that retries (a webhook sender, a re-run after a worker died)
 * runs a new execution, which Retry On Fail's memory and Safe Retry's per-run id cannot see.
 * The key, stored in the folder metadata, lets every later execution find the folder.
 */
const TOKEN = 'idempotency-token';
const simulator = useSimulator({ tokens: [TOKEN] });
const credentials = () => ({ ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN } });
const video = (seed: string) => ({
	binary: { data: file(mediaWithLiveness('live', seed), `${seed}.mp4`, 'video/mp4') },
});
const singleRequests = () =>
	simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');
const keyOf = (folder: { json: Record<string, unknown> }) =>
	(folder.json.meta_data as Record<string, unknown>).n8n_idempotency_key;

async function analyzeWithKeys(keys: string[], options: Record<string, unknown> = {}) {
	const wf = chainWorkflow(
		keys.map((key, i) => ({ json: { applicationId: key }, ...video(`${key}-${i}`) })),
		[
			{
				name: 'Oz',
				parameters: livenessAnalysis({
					idempotencyKey: '={{ $json.applicationId }}',
					parallelRequests: 4,
					...options,
				}),
				continueOnFail: true,
			},
		],
	);
	const result = await runWorkflow(wf.nodes, wf.connections, credentials());
	expect(result.error).toBeUndefined();
	return result.output('Oz');
}

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, processingMs: 0, quirks: {} });
});

describe('Idempotency Key', () => {
	it('a second execution with the same key returns the first folder and sends nothing', async () => {
		const [first] = await analyzeWithKeys(['APP-1']);
		const [second] = await analyzeWithKeys(['APP-1']);
		expect(simulator.store.folders.size).toBe(1);
		expect(singleRequests()).toHaveLength(1);
		expect(second.json.folder_id).toBe(first.json.folder_id);
		expect(second.json.system_resolution).toBe('SUCCESS');
		// The look-up asks Oz's filter for the key, within the window.
		const lookUps = simulator.store.requests.filter((r) => r.method === 'GET');
		expect(lookUps[0].query.meta_data).toBe('n8n_idempotency_key==APP-1');
		expect(Number(lookUps[0].query['time_created.min'])).toBeLessThan(Date.now() / 1000 - 86400);
		expect(keyOf([...simulator.store.folders.values()][0])).toBe('APP-1');
	});

	it('different keys make different folders', async () => {
		const output = await analyzeWithKeys(['APP-1', 'APP-2']);
		expect(simulator.store.folders.size).toBe(2);
		expect(new Set(output.map((item) => item.json.folder_id)).size).toBe(2);
		expect([...simulator.store.folders.values()].map(keyOf).sort()).toEqual(['APP-1', 'APP-2']);
	});

	it('items of one run with the same key share one folder, in parallel too', async () => {
		const output = await analyzeWithKeys(['APP-7', 'APP-8', 'APP-7', 'APP-7']);
		expect(simulator.store.folders.size).toBe(2);
		expect(singleRequests()).toHaveLength(2);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[2].json.folder_id).toBe(output[0].json.folder_id);
		expect(output[3].json.folder_id).toBe(output[0].json.folder_id);
		expect(output[1].json.folder_id).not.toBe(output[0].json.folder_id);
	});

	it('a folder older than the window is not reused', async () => {
		await seedFolder(simulator, TOKEN, { n8n_idempotency_key: 'APP-OLD' });
		const [old] = [...simulator.store.folders.values()];
		old.json.time_created = Math.floor(Date.now() / 1000) - 3 * 86400;
		const [item] = await analyzeWithKeys(['APP-OLD'], { idempotencyWindowHours: 24 });
		expect(item.json.folder_id).not.toBe(old.json.folder_id);
		expect(simulator.store.folders.size).toBe(2);
	});

	it('a reused folder whose analyses still run is returned once they are done', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { n8n_idempotency_key: 'APP-RUN' });
		simulator.settings.processingMs = 1500;
		const started = await fetch(
			`${simulator.url}/api/folders/${String(seeded.folder_id)}/analyses/`,
			{
				method: 'POST',
				headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
				body: JSON.stringify({ analyses: [{ type: 'quality' }] }),
			},
		);
		expect(started.status).toBe(201);
		simulator.store.requests.length = 0;
		const [item] = await analyzeWithKeys(['APP-RUN']);
		expect(item.json.folder_id).toBe(seeded.folder_id);
		const states = (item.json.analyses as Array<{ state: string }>).map((a) => a.state);
		expect(states.length).toBe(2);
		expect(states.every((state) => state === 'FINISHED')).toBe(true);
		expect(singleRequests()).toHaveLength(0);
		// It looked at the folder again until it was done.
		expect(
			simulator.store.requests.filter((r) => r.path === `/api/folders/${String(seeded.folder_id)}/`)
				.length,
		).toBeGreaterThanOrEqual(1);
	});

	describe('on a host whose folder list ignores the metadata filter', () => {
		beforeEach(async () => {
			simulator.settings.quirks = { ignoreMetadataFilter: true };
			// Keys that a loose text search would confuse with this one.
			for (const key of ['APP-10', 'APP-1 ', 'app-1', 'APP-100', 'xAPP-1'])
				await seedFolder(simulator, TOKEN, { n8n_idempotency_key: key });
			for (let i = 0; i < 120; i++) await seedFolder(simulator, TOKEN, { applicant: `A-${i}` });
			simulator.store.requests.length = 0;
		});

		it('no other folder is returned for a key: a new one is made, and found again next time', async () => {
			const others = new Set(simulator.store.folders.keys());
			const [first] = await analyzeWithKeys(['APP-1']);
			expect(others.has(String(first.json.folder_id))).toBe(false);
			expect(singleRequests()).toHaveLength(1);
			const [second] = await analyzeWithKeys(['APP-1']);
			expect(second.json.folder_id).toBe(first.json.folder_id);
			expect(singleRequests()).toHaveLength(1);
		});
	});

	it('with Safe Retry, a lost answer is found by the key, not sent again', async () => {
		// The look-up passes; the single request is stored, then its answer is lost.
		simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'afterStore' }];
		const [item] = await analyzeWithKeys(['APP-SAFE'], { safeRetry: true, timeout: 2 });
		expect(item.json.error).toBeUndefined();
		expect(simulator.store.folders.size).toBe(1);
		expect(singleRequests()).toHaveLength(1);
		const payload = JSON.parse(singleRequests()[0].fields.payload) as Record<string, unknown>;
		// One marker: the key replaces Safe Retry's random id.
		expect(payload['folder:meta_data']).toEqual({ n8n_idempotency_key: 'APP-SAFE' });
		expect(simulator.store.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
	});

	it("without Safe Retry, a lost answer fails the item; the caller's retry finds the folder", async () => {
		// The look-up passes; the single request is stored, then its answer is lost.
		simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'afterStore' }];
		const [lost] = await analyzeWithKeys(['APP-LOST'], { timeout: 2 });
		expect(lost.json.error).toMatch(/Could not reach the Oz API/);
		const [retried] = await analyzeWithKeys(['APP-LOST'], { timeout: 2 });
		expect(retried.json.error).toBeUndefined();
		expect(retried.json.system_resolution).toBe('SUCCESS');
		expect(simulator.store.folders.size).toBe(1);
		expect(singleRequests()).toHaveLength(1);
	});

	it('an empty key is no key: no look-up', async () => {
		await analyzeWithKeys(['']);
		expect(simulator.store.requests.map((r) => r.method)).toEqual(['POST']);
	});
});
