import type { INodeParameters } from 'n8n-workflow';

import { fakeMedia, mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis, SELFIE_TAGS } from '../support/workflows';
import { runWorkflow } from './harness';

const { simulator, TOKEN, USER, credentials, login } = useOzSimulator('operations');

// Folders stay across tests (Get Many seeds many); each test starts with no recorded requests.
beforeEach(() => {
	simulator.store.requests.length = 0;
	Object.assign(simulator.settings, {
		processingMs: 0,
		failNext: [],
		latencyMs: 0,
		expireSessionsAfter: 0,
		quirks: {},
	});
});

const requestsTo = (method: string, pattern: RegExp) =>
	simulator.store.requests.filter(
		(request) => request.method === method && pattern.test(request.path),
	);

describe('Folder → Get', () => {
	it('gets a folder by the id an earlier step put out, with its analyses', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { case_id: 'G-1' }, [
			{ type: 'quality' },
			{ type: 'documents' },
		]);
		const wf = chainWorkflow(
			[{ json: { folderId: seeded.folder_id as string } }],
			[
				{
					name: 'Get',
					parameters: { resource: 'folder', operation: 'get', folderId: '={{ $json.folderId }}' },
				},
				{
					name: 'Get Simplified',
					parameters: {
						resource: 'folder',
						operation: 'get',
						folderId: '={{ $json.folder_id }}',
						simplify: true,
						options: { splitIntoItems: true },
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const [folder] = result.output('Get');
		expect(folder.json).toMatchObject({
			folder_id: seeded.folder_id,
			meta_data: { case_id: 'G-1' },
			analyses: [{ type: 'QUALITY' }, { type: 'DOCUMENTS' }],
		});
		expect(requestsTo('GET', /^\/api\/folders\/[^/]+\/$/)[0].query).toEqual({
			with_analyses: 'true',
		});

		const split = result.output('Get Simplified');
		expect(split.map((item) => [item.json.folder_id, item.json.type, item.pairedItem])).toEqual([
			[seeded.folder_id, 'QUALITY', { item: 0 }],
			[seeded.folder_id, 'DOCUMENTS', { item: 0 }],
		]);
	});

	it("an unknown folder gives Oz's 404 with error code 10", async () => {
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Get',
					parameters: {
						resource: 'folder',
						operation: 'get',
						folderId: '00000000-0000-0000-0000-000000000000',
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toBe(
			'Oz API error 10: Folder 00000000-0000-0000-0000-000000000000 does not exist (HTTP 404) [item 0]',
		);
	});

	it('a folder ID that is not an ID is refused before anything is sent', async () => {
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Get',
					parameters: { resource: 'folder', operation: 'get', folderId: '../users/1' },
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(/"Folder" is not an Oz ID/);
		expect(simulator.store.requests).toHaveLength(0);
	});
});

/** Folder → Get Many alone in a workflow, as the node named `name`. */
async function runGetMany(name: string, parameters: INodeParameters) {
	const wf = chainWorkflow(
		[{}],
		[{ name, parameters: { resource: 'folder', operation: 'getMany', ...parameters } }],
	);
	return await runWorkflow(wf.nodes, wf.connections, credentials());
}

/** Get Many with Return All over the 230 "nightly" folders. */
async function listNightly() {
	const result = await runGetMany('List', {
		returnAll: true,
		filters: { metadata: 'batch==nightly' },
	});
	return result.output('List');
}

describe('Folder → Get Many', () => {
	beforeAll(async () => {
		for (let i = 0; i < 230; i++)
			await seedFolder(simulator, TOKEN, {
				batch: 'nightly',
				transaction_id: i % 46 === 0 ? 'abc' : `t-${i}`,
			});
	});
	it('Return All pages through more folders than one page holds', async () => {
		const result = await runGetMany('List', {
			returnAll: true,
			filters: { metadata: 'batch==nightly' },
		});
		const items = result.output('List');
		expect(items).toHaveLength(230);
		expect(new Set(items.map((item) => item.json.folder_id)).size).toBe(230);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		// The list carries no count (page "Quantitative Results" shows only "items"): an empty page ends it.
		expect(
			simulator.store.requests.map((r) => [r.query.offset, r.query.limit, r.query.meta_data]),
		).toEqual([
			['0', '100', 'batch==nightly'],
			['100', '100', 'batch==nightly'],
			['200', '100', 'batch==nightly'],
			['230', '100', 'batch==nightly'],
		]);
	});

	it('Return All ends on the count when the host sends one', async () => {
		simulator.settings.quirks = { listTotal: true };
		const items = await listNightly();
		expect(items).toHaveLength(230);
		expect(simulator.store.requests.map((r) => r.query.offset)).toEqual(['0', '100', '200']);
	});

	it('Return All gets every folder exactly once from a host that caps pages at 30', async () => {
		simulator.settings.quirks = { pageCap: 30 };
		const items = await listNightly();
		expect(items).toHaveLength(230);
		expect(new Set(items.map((item) => item.json.folder_id)).size).toBe(230);
		// 8 pages of 30 (the last of 20), then an empty one.
		expect(simulator.store.requests.map((r) => Number(r.query.offset))).toEqual([
			0, 30, 60, 90, 120, 150, 180, 210, 230,
		]);
	});

	it('Return All ends, without duplicates, on a host that ignores offset', async () => {
		simulator.settings.quirks = { ignoreOffset: true };
		const items = await listNightly();
		expect(items).toHaveLength(100);
		expect(new Set(items.map((item) => item.json.folder_id)).size).toBe(100);
		expect(simulator.store.requests).toHaveLength(2);
	});

	it('the metadata filter returns only exact matches when the host ignores it', async () => {
		simulator.settings.quirks = { ignoreMetadataFilter: true };
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Find',
					parameters: {
						resource: 'folder',
						operation: 'getMany',
						returnAll: true,
						filters: { metadata: 'transaction_id==abc' },
						simplify: true,
					},
				},
			],
		);
		const found = (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Find');
		expect(
			found.map((item) => (item.json.meta_data as { transaction_id: string }).transaction_id),
		).toEqual(['abc', 'abc', 'abc', 'abc', 'abc']);
		// The host sent every folder: the node read them all and kept five.
		expect(simulator.store.requests[0].query.meta_data).toBe('transaction_id==abc');
		expect(simulator.store.requests.length).toBeGreaterThan(2);

		const others = chainWorkflow(
			[{}],
			[
				{
					name: 'Others',
					parameters: {
						resource: 'folder',
						operation: 'getMany',
						limit: 3,
						filters: { metadata: 'transaction_id!=abc' },
					},
				},
			],
		);
		const rest = (await runWorkflow(others.nodes, others.connections, credentials())).output(
			'Others',
		);
		expect(rest).toHaveLength(3);
		expect(
			rest.every(
				(item) => (item.json.meta_data as { transaction_id: string }).transaction_id !== 'abc',
			),
		).toBe(true);
	});

	it('the decision filter returns only matching folders whether or not the host applies it', async () => {
		const declined = (
			await seedFolder(
				simulator,
				TOKEN,
				{ batch: 'decision-test' },
				[{ type: 'quality' }],
				mediaWithLiveness('spoof'),
			)
		).folder_id;
		const accepted = (
			await seedFolder(
				simulator,
				TOKEN,
				{ batch: 'decision-test' },
				[{ type: 'quality' }],
				mediaWithLiveness('live'),
			)
		).folder_id;
		for (const quirks of [{}, { ignoreStatusFilters: true, ignoreMetadataFilter: true }]) {
			simulator.settings.quirks = quirks;
			simulator.store.requests.length = 0;
			const wf = chainWorkflow(
				[{}],
				[
					{
						name: 'Declined',
						parameters: {
							resource: 'folder',
							operation: 'getMany',
							returnAll: true,
							filters: { decision: 'DECLINED', metadata: 'batch==decision-test' },
						},
					},
					{
						name: 'Finished',
						parameters: {
							resource: 'folder',
							operation: 'getMany',
							limit: 1,
							filters: {
								resolutionStatus: 'FINISHED',
								decision: 'SUCCESS',
								metadata: 'batch==decision-test',
							},
						},
					},
				],
			);
			const result = await runWorkflow(wf.nodes, wf.connections, credentials());
			expect(result.output('Declined').map((item) => item.json.folder_id)).toEqual([declined]);
			expect(result.output('Finished').map((item) => item.json.folder_id)).toEqual([accepted]);
			expect(simulator.store.requests[0].query).toMatchObject({
				system_resolution: 'DECLINED',
				meta_data: 'batch==decision-test',
			});
		}
	});

	it('Limit stops early, and a metadata filter finds the transaction', async () => {
		const result = await runGetMany('First 30', {
			limit: 30,
			filters: { metadata: 'batch==nightly' },
		});
		expect(result.output('First 30')).toHaveLength(30);
		expect(simulator.store.requests).toHaveLength(1);

		const byTransaction = chainWorkflow(
			[{}],
			[
				{
					name: 'Find',
					parameters: {
						resource: 'folder',
						operation: 'getMany',
						returnAll: true,
						filters: { metadata: 'transaction_id==abc' },
						simplify: true,
					},
				},
			],
		);
		const found = (
			await runWorkflow(byTransaction.nodes, byTransaction.connections, credentials())
		).output('Find');
		expect(
			found.map((item) => (item.json.meta_data as { transaction_id: string }).transaction_id),
		).toEqual(['abc', 'abc', 'abc', 'abc', 'abc']);
		expect(found[0].json).toHaveProperty('system_resolution');
	});

	it("time and status filters become Oz's query parameters", async () => {
		const result = await runGetMany('Recent', {
			returnAll: true,
			filters: {
				createdAfter: '2099-01-01T00:00:00Z',
				updatedBefore: '2100-01-01T00:00:00Z',
				resolutionStatus: 'FINISHED',
				decision: 'DECLINED',
			},
		});
		expect(result.output('Recent')).toHaveLength(0);
		expect(simulator.store.requests[0].query).toMatchObject({
			'time_created.min': String(Date.UTC(2099, 0, 1) / 1000),
			'time_updated.max': String(Date.UTC(2100, 0, 1) / 1000),
			resolution_status: 'FINISHED',
			system_resolution: 'DECLINED',
			with_analyses: 'true',
		});
	});
});

describe('the multi-request flow: Add Media → Analysis Start → Wait → Analysis Get', () => {
	it('adds a photo to an SDK-made folder, starts face matching, waits for it and reads it', async () => {
		const video = mediaWithLiveness('live');
		const seeded = await seedFolder(simulator, TOKEN, { source: 'web sdk' }, [], video);
		simulator.settings.processingMs = 1500;
		const wf = chainWorkflow(
			[
				{
					json: { folderId: seeded.folder_id as string },
					binary: { photo: file(video, 'same-face.jpg', 'image/jpeg') },
				},
			],
			[
				{
					name: 'Add Photo',
					parameters: {
						resource: 'folder',
						operation: 'addMedia',
						folderId: '={{ $json.folderId }}',
						media: {
							file: [
								{
									binaryPropertyName: 'photo',
									mediaKey: 'photo1',
									tags: ['photo_selfie'],
									metadata: '{"step": "reference"}',
								},
							],
						},
					},
				},
				{
					name: 'Start Matching',
					parameters: {
						resource: 'analysis',
						operation: 'start',
						folderId: '={{ $json.folder_id }}',
						analyses: { analysis: [{ type: 'biometry', metadata: '{"requested_by": "n8n"}' }] },
						simplify: true,
					},
				},
				{
					name: 'Wait',
					parameters: {
						resource: 'analysis',
						operation: 'wait',
						folderId: '={{ $json.folder_id }}',
						pollInterval: 1,
						waitTimeout: 20,
						simplify: true,
					},
				},
				{
					name: 'Get Analysis',
					parameters: {
						resource: 'analysis',
						operation: 'get',
						analysisId: "={{ $('Start Matching').item.json.analyses[0].analysis_id }}",
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();

		const [added] = result.output('Add Photo');
		expect(added.json).toMatchObject({
			folder_id: seeded.folder_id,
			media: [
				{
					original_name: 'same-face.jpg',
					tags: ['photo_selfie'],
					meta_data: { step: 'reference' },
				},
			],
		});
		const upload = requestsTo('POST', /\/media\/$/)[0];
		expect(upload.files.map((f) => f.field)).toEqual(['photo1']);
		expect(JSON.parse(upload.fields.payload)).toEqual({
			'media:tags': { photo1: ['photo_selfie'] },
			'media:meta_data': { photo1: { step: 'reference' } },
		});

		const [started] = result.output('Start Matching');
		expect(started.json).toMatchObject({
			folder_id: seeded.folder_id,
			analyses: [{ type: 'BIOMETRY', state: 'PROCESSING' }],
		});
		expect(JSON.parse(requestsTo('POST', /\/analyses\/$/)[0].rawBody.toString())).toEqual({
			analyses: [{ type: 'biometry', meta_data: { requested_by: 'n8n' } }],
		});

		const [waited] = result.output('Wait');
		expect(waited.json).toMatchObject({
			folder_id: seeded.folder_id,
			system_resolution: 'SUCCESS',
			analyses: [{ type: 'BIOMETRY', state: 'FINISHED', min_confidence: 1 }],
		});
		const polls = requestsTo('GET', /^\/api\/folders\/[^/]+\/$/).length;
		expect(polls).toBeGreaterThanOrEqual(2);
		expect(polls).toBeLessThanOrEqual(4);

		const [analysis] = result.output('Get Analysis');
		expect(analysis.json).toMatchObject({
			type: 'BIOMETRY',
			state: 'FINISHED',
			resolution: 'SUCCESS',
			results_data: { min_confidence: 1 },
		});
	});

	it('Wait gives up with a clear error when the analyses outlast its timeout, without a busy loop', async () => {
		const seeded = await seedFolder(simulator, TOKEN, { slow: true }, []);
		simulator.settings.processingMs = 60_000;
		await fetch(`${simulator.url}/api/folders/${String(seeded.folder_id)}/analyses/`, {
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
						folderId: String(seeded.folder_id),
						pollInterval: 1,
						waitTimeout: 2,
					},
				},
			],
		);
		const started = Date.now();
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toBe(
			`1 analysis(es) of folder ${String(seeded.folder_id)} still PROCESSING after 2 s [item 0]`,
		);
		expect(result.error?.description).toMatch(/Raise "Timeout \(Seconds\)"/);
		expect(simulator.store.requests.length).toBeLessThanOrEqual(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});
});

describe('credential reads', () => {
	it('with an access token, each upload reads and decrypts the credential once', async () => {
		const items = Array.from({ length: 6 }, (_, i) => ({
			binary: { data: file(mediaWithLiveness('live', `reads-${i}`), `v${i}.mp4`, 'video/mp4') },
		}));
		const wf = chainWorkflow(items, [
			{ name: 'Analyze', parameters: livenessAnalysis({ parallelRequests: 3 }) },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(result.output('Analyze')).toHaveLength(6);
		// n8n's authenticated request would read it again unless it is handed the one read for the item.
		expect(result.credentialReads).toBe(6);
	});
});

describe('email-and-password login', () => {
	const loginCredentials = (password = USER.password) => ({
		ozForensicsApi: { ...login().ozForensicsApi, password },
	});

	// Page "API Error Codes" gives codes 7 and 8, not the status that carries them.
	it.each([401, 403] as const)(
		'logs in once, and a token that expires in the middle of a run (code 8 on HTTP %i) is renewed without losing an item',
		async (authStatus) => {
			simulator.sessions.reset();
			simulator.settings.expireSessionsAfter = 1;
			simulator.settings.quirks = { authStatus };
			const foldersBefore = simulator.store.folders.size;
			const videos = [
				mediaWithLiveness('live', 'l1'),
				mediaWithLiveness('live', 'l2'),
				mediaWithLiveness('spoof', 'l3'),
			];
			const wf = chainWorkflow(
				videos.map((video, i) => ({ binary: { data: file(video, `v${i}.mp4`, 'video/mp4') } })),
				[
					{
						name: 'Analyze',
						parameters: livenessAnalysis({ parallelRequests: 1 }),
					},
				],
			);
			const result = await runWorkflow(wf.nodes, wf.connections, loginCredentials());
			expect(result.error).toBeUndefined();
			expect(
				result.output('Analyze').map((item) => [item.json.system_resolution, item.pairedItem]),
			).toEqual([
				['SUCCESS', { item: 0 }],
				['SUCCESS', { item: 1 }],
				['DECLINED', { item: 2 }],
			]);
			// One login, one more after the expiry; the upload that met the expired token was sent again whole.
			expect(simulator.sessions.logins).toBe(2);
			expect(simulator.store.folders.size - foldersBefore).toBe(3);
			const uploads = requestsTo('POST', /^\/api\/folders\/$/);
			expect(uploads).toHaveLength(4);
			expect(uploads[1].rawBody.toString('latin1')).toContain('filename="v1.mp4"');
			expect([uploads[0], uploads[2], uploads[3]].map((u) => u.files[0].fileName)).toEqual([
				'v0.mp4',
				'v1.mp4',
				'v2.mp4',
			]);
			expect(uploads[2].files[0].data.equals(videos[1])).toBe(true);
			expect(uploads[2].headers['x-forensic-access-token']).not.toBe(
				uploads[1].headers['x-forensic-access-token'],
			);
			expect(JSON.stringify(result.run)).not.toContain(USER.password);
		},
	);

	it('12 items at Parallel Requests 5 log in once, and once more after a mid-run expiry', async () => {
		simulator.sessions.reset();
		simulator.settings.latencyMs = 100;
		// Four answers into the run every session expires, while others are in flight.
		simulator.settings.expireSessionsAfter = 4;
		const foldersBefore = simulator.store.folders.size;
		const items = Array.from({ length: 12 }, (_, i) => ({
			binary: { data: file(mediaWithLiveness('live', `login-${i}`), `v${i}.mp4`, 'video/mp4') },
		}));
		const wf = chainWorkflow(items, [
			{
				name: 'Analyze',
				parameters: livenessAnalysis({ parallelRequests: 5 }),
			},
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, loginCredentials());
		expect(result.error).toBeUndefined();
		expect(result.output('Analyze').map((item) => item.json.system_resolution)).toEqual(
			Array(12).fill('SUCCESS'),
		);
		expect(simulator.sessions.logins).toBe(2);
		expect(simulator.store.folders.size - foldersBefore).toBe(12);
		expect(simulator.store.maxInFlight).toBeGreaterThan(1);
	});

	it('a wrong password is a clear error, and the password shows nowhere', async () => {
		const wrong = ['not', 'the', 'password'].join('-');
		const wf = chainWorkflow(
			[{}],
			[{ name: 'Get', parameters: { resource: 'folder', operation: 'getMany', limit: 1 } }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, loginCredentials(wrong));
		expect(result.error?.message).toMatch(
			/^Oz login failed: Oz did not accept the email and password \(Invalid credentials\)/,
		);
		expect(JSON.stringify(result.run)).not.toContain(wrong);
		expect(JSON.stringify(result.error, Object.getOwnPropertyNames(result.error))).not.toContain(
			wrong,
		);
	});
});

describe('Instant mode and Split Into Items', () => {
	it('"Don\'t Store Data" sends the single request to the Instant API, where nothing is kept', async () => {
		const wf = chainWorkflow(
			[{ binary: { data: file(mediaWithLiveness('live'), 'v.mp4', 'video/mp4') } }],
			[
				{
					name: 'Analyze',
					parameters: {
						resource: 'folder',
						operation: 'analyze',
						media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
						analyses: { analysis: [{ type: 'quality' }, { type: 'documents' }] },
						options: { instant: true, splitIntoItems: true },
						simplify: true,
					},
				},
			],
		);
		const foldersBefore = simulator.store.folders.size;
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(simulator.store.requests.map((r) => r.path)).toEqual(['/api/instant/folders/']);
		expect(simulator.store.folders.size).toBe(foldersBefore);
		expect(
			result
				.output('Analyze')
				.map((item) => [item.json.type, item.json.system_resolution, item.pairedItem]),
		).toEqual([
			['QUALITY', 'SUCCESS', { item: 0 }],
			['DOCUMENTS', 'SUCCESS', { item: 0 }],
		]);
	});

	it("an Instant answer that is an array of media and analyses (as Oz's Postman collection reads it) gives the same output as a folder", async () => {
		const run = async () => {
			const wf = chainWorkflow(
				[{ binary: { data: file(mediaWithLiveness('live'), 'v.mp4', 'video/mp4') } }],
				[
					{
						name: 'Analyze',
						parameters: {
							resource: 'folder',
							operation: 'analyze',
							media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
							analyses: { analysis: [{ type: 'quality' }, { type: 'documents' }] },
							options: { instant: true },
							simplify: true,
						},
					},
				],
			);
			const result = await runWorkflow(wf.nodes, wf.connections, credentials());
			expect(result.error).toBeUndefined();
			return result.output('Analyze')[0].json;
		};
		const fromFolder = await run();
		simulator.settings.quirks = { instantArray: true };
		const fromArray = await run();
		expect(fromArray).toMatchObject({ system_resolution: 'SUCCESS', resolution_status: null });
		const results = (json: typeof fromArray) =>
			(json.analyses as Array<Record<string, unknown>>).map(
				({ type, state, resolution, confidence_spoofing }) => ({
					type,
					state,
					resolution,
					confidence_spoofing,
				}),
			);
		expect(results(fromArray)).toEqual(results(fromFolder));
		expect(results(fromArray).map((analysis) => analysis.type)).toEqual(['QUALITY', 'DOCUMENTS']);
		expect(fromFolder.system_resolution).toBe('SUCCESS');
	});

	it('a blacklist check in Instant mode is refused with a clear message', async () => {
		const wf = chainWorkflow(
			[{ binary: { data: file(fakeMedia('b'), 'v.mp4', 'video/mp4') } }],
			[
				{
					name: 'Analyze',
					parameters: {
						resource: 'folder',
						operation: 'analyze',
						media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
						analyses: { analysis: [{ type: 'collection', collectionId: 'c-1' }] },
						options: { instant: true },
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toMatch(
			/Blacklist checks are not available with "Don't Store Data \(Instant API\)" \[item 0\]/,
		);
		expect(simulator.store.requests).toHaveLength(0);
	});
});
