import fc from 'fast-check';

import { keyDigest } from '../../nodes/OzForensics/resources/folder/analyze/marker';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * One model against billing twice: every single request carries a marker in its folder
 * metadata (a digest of the Idempotency Key, or of execution, node, run and item); after a lost
 * answer, on n8n's Retry On Fail, and for a key, the folder is looked up by it, and only a
 * finished folder (or a clear error) is ever a result.
 */
const { simulator, TOKEN, credentials } = useOzSimulator('recovery');
const video = (seed: string) => ({
	binary: { data: file(mediaWithLiveness('live', seed), `${seed}.mp4`, 'video/mp4') },
});
const singleRequests = () =>
	simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');
const metaOf = (folder: { json: Record<string, unknown> }) =>
	folder.json.meta_data as Record<string, unknown>;

function keyedWorkflow(keys: string[], options: Record<string, unknown> = {}) {
	return chainWorkflow(
		keys.map((key, i) => ({ json: { applicationId: key }, ...video(`key-${i}-${keys.length}`) })),
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
}

async function analyzeWithKeys(keys: string[], options: Record<string, unknown> = {}) {
	const wf = keyedWorkflow(keys, options);
	const result = await runWorkflow(wf.nodes, wf.connections, credentials());
	expect(result.error).toBeUndefined();
	return result.output('Oz');
}

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		latencyMs: 0,
		processingMs: 0,
		quirks: {},
		capacity: null,
	});
});

describe('Idempotency Key', () => {
	it('a second execution with the same key returns the first folder and sends nothing', async () => {
		const [first] = await analyzeWithKeys(['APP-1']);
		const [second] = await analyzeWithKeys(['APP-1']);
		expect(simulator.store.folders.size).toBe(1);
		expect(singleRequests()).toHaveLength(1);
		expect(second.json).toMatchObject({
			folder_id: first.json.folder_id,
			system_resolution: 'SUCCESS',
			oz_delivery: 'found',
		});
		// The look-up asks Oz's filter for the key's digest, within the window.
		const lookUps = simulator.store.requests.filter((r) => r.method === 'GET');
		expect(lookUps[0].query.meta_data).toBe(`n8n_request_id==${keyDigest('APP-1')}`);
		expect(Number(lookUps[0].query['time_created.min'])).toBeLessThan(Date.now() / 1000 - 86400);
		// The raw key stays readable beside the digest.
		expect([...simulator.store.folders.values()][0].json.meta_data).toEqual({
			n8n_idempotency_key: 'APP-1',
			n8n_request_id: keyDigest('APP-1'),
		});
	});

	it('different keys make different folders', async () => {
		const output = await analyzeWithKeys(['APP-1', 'APP-2']);
		expect(simulator.store.folders.size).toBe(2);
		expect(new Set(output.map((item) => item.json.folder_id)).size).toBe(2);
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

	it('two executions with one key at the same moment make one folder', async () => {
		simulator.settings.latencyMs = 200;
		const [a, b] = await Promise.all(
			[0, 1].map(async () => {
				const wf = keyedWorkflow(['APP-TWICE']);
				return (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz')[0];
			}),
		);
		expect(singleRequests()).toHaveLength(1);
		expect(simulator.store.folders.size).toBe(1);
		expect(a.json.folder_id).toBe(b.json.folder_id);
		expect([a.json.system_resolution, b.json.system_resolution]).toEqual(['SUCCESS', 'SUCCESS']);
	});

	it('a folder older than the window is not reused', async () => {
		await seedFolder(simulator, TOKEN, { n8n_request_id: keyDigest('APP-OLD') });
		const [old] = [...simulator.store.folders.values()];
		old.json.time_created = Math.floor(Date.now() / 1000) - 3 * 86400;
		const [item] = await analyzeWithKeys(['APP-OLD'], { idempotencyWindowHours: 24 });
		expect(item.json.folder_id).not.toBe(old.json.folder_id);
		expect(simulator.store.folders.size).toBe(2);
	});

	it('a found folder whose analyses still run is returned once they are done', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { n8n_request_id: keyDigest('APP-RUN') });
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
		expect(states).toEqual(['FINISHED', 'FINISHED']);
		expect(item.json.system_resolution).toMatch(/^(SUCCESS|DECLINED)$/);
		expect(singleRequests()).toHaveLength(0);
	});

	it('a found folder still running at the Timeout is an error item with its folder_id, never a PROCESSING result', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { n8n_request_id: keyDigest('APP-SLOW') });
		simulator.settings.processingMs = 60_000;
		await fetch(`${simulator.url}/api/folders/${String(seeded.folder_id)}/analyses/`, {
			method: 'POST',
			headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
			body: JSON.stringify({ analyses: [{ type: 'quality' }] }),
		});
		const [item] = await analyzeWithKeys(['APP-SLOW'], { timeout: 2 });
		expect(item.json).toMatchObject({
			error: `Oz is still analysing folder ${String(seeded.folder_id)}: no decision yet [item 0]`,
			folder_id: seeded.folder_id,
			field: 'Timeout (Seconds)',
		});
		expect(item.json.description).toMatch(/Analysis → Wait/);
		expect(item.json).not.toHaveProperty('system_resolution');
	});

	describe('on a host whose folder list ignores the metadata filter', () => {
		beforeEach(async () => {
			simulator.settings.quirks = { ignoreMetadataFilter: true };
			for (const key of ['APP-10', 'APP-1 ', 'app-1', 'APP-100', 'xAPP-1'])
				await seedFolder(simulator, TOKEN, {
					n8n_idempotency_key: key,
					n8n_request_id: keyDigest(key),
				});
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

	describe("on a host that parses meta_data as Oz's framework does (comma split, code 3)", () => {
		beforeEach(() => {
			simulator.settings.quirks = { framework: true };
		});

		it('a key with a comma works twice in a row, with one folder', async () => {
			const key = 'APP-2026,retry=2';
			const [first] = await analyzeWithKeys([key]);
			const [second] = await analyzeWithKeys([key]);
			expect(first.json.error).toBeUndefined();
			expect(second.json).toMatchObject({ folder_id: first.json.folder_id, oz_delivery: 'found' });
			expect(simulator.store.folders.size).toBe(1);
			expect(metaOf(second).n8n_idempotency_key).toBe(key);
		});

		it('any key finds its own folder, and only it (property over arbitrary keys)', async () => {
			await fc.assert(
				fc.asyncProperty(
					fc
						.string({ unit: 'binary', minLength: 1, maxLength: 40 })
						.map((key) => `${key},==<>!`.slice(0, 40))
						.filter((key) => key.trim() !== ''),
					async (key) => {
						const [first] = await analyzeWithKeys([key]);
						const [second] = await analyzeWithKeys([key]);
						expect(first.json.error).toBeUndefined();
						expect(second.json.error).toBeUndefined();
						expect(second.json.folder_id).toBe(first.json.folder_id);
						expect(metaOf(first).n8n_idempotency_key).toBe(key.trim());
					},
				),
				{ numRuns: 15 },
			);
			// 15 keys, one folder each.
			expect(simulator.store.folders.size).toBeLessThanOrEqual(15);
			expect(singleRequests().length).toBe(simulator.store.folders.size);
		});
	});

	it('an empty key is no key: no look-up', async () => {
		await analyzeWithKeys(['']);
		expect(simulator.store.requests.map((r) => r.method)).toEqual(['POST']);
	});
});

describe('a lost answer while Oz still analyses: the decision, never PROCESSING', () => {
	// A host that stores the folder when the single request arrives, analyses for 800 ms, and a
	// gateway in front that gives up after 300 ms (the simulator's capacity model).
	const slowBehindGateway = () => {
		simulator.settings.capacity = { slots: 1, msPerAnalysis: 800, gatewayTimeoutMs: 300 };
	};

	it('default options: the gateway 504 is followed by the finished folder, one folder, one send', async () => {
		slowBehindGateway();
		const wf = chainWorkflow([video('gw')], [{ name: 'Oz', parameters: livenessAnalysis({}) }]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const [item] = result.output('Oz');
		expect(item.json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' });
		expect(singleRequests()).toHaveLength(1);
		expect(simulator.store.folders.size).toBe(1);
	});

	it('with an Idempotency Key and a gateway 504: the folder the key names is returned, finished', async () => {
		slowBehindGateway();
		const [item] = await analyzeWithKeys(['APP-GW']);
		expect(item.json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' });
		expect(singleRequests()).toHaveLength(1);
	});

	it('a host that lists a folder only once analysed: looked for again, found, not resent', async () => {
		slowBehindGateway();
		simulator.settings.quirks = { listWhenAnalysed: true };
		const wf = chainWorkflow([video('late')], [{ name: 'Oz', parameters: livenessAnalysis({}) }]);
		const [item] = (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz');
		expect(item.json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' });
		expect(singleRequests()).toHaveLength(1);
		// The first look found nothing; a later one found it.
		expect(simulator.store.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(1);
	});

	it('Folder → Get with Simplify says when Oz is still analysing', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { case: 'running' }, []);
		simulator.settings.processingMs = 60_000;
		await fetch(`${simulator.url}/api/folders/${String(seeded.folder_id)}/analyses/`, {
			method: 'POST',
			headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
			body: JSON.stringify({ analyses: [{ type: 'quality' }] }),
		});
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Oz',
					parameters: {
						resource: 'folder',
						operation: 'get',
						folderId: String(seeded.folder_id),
						simplify: true,
					},
				},
			],
		);
		const [item] = (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz');
		expect(item.json).toMatchObject({
			system_resolution: null,
			resolution_status: 'PROCESSING',
			still_analysing: true,
		});
		expect(String(item.json.note)).toMatch(/still analysing.*Analysis → Wait/);
	});

	it('with "Recover Lost Answers" off the item fails; a retry by the caller with the key finds the folder', async () => {
		simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'afterStore' }];
		const [lost] = await analyzeWithKeys(['APP-LOST'], { safeRetry: false, timeout: 5 });
		expect(lost.json.error).toMatch(
			/The connection to the Oz API at \S+ was cut before Oz answered/,
		);
		const [retried] = await analyzeWithKeys(['APP-LOST'], { safeRetry: false, timeout: 5 });
		expect(retried.json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'found' });
		expect(simulator.store.folders.size).toBe(1);
		expect(singleRequests()).toHaveLength(1);
	});
});
