import type { ScriptedFault } from '../../simulator';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

const { simulator, TOKEN, credentials } = useOzSimulator('faults');
const analyze = (options: Record<string, unknown> = {}) =>
	livenessAnalysis({ timeout: 2, parallelRequests: 1, ...options });
const videoItem = (seed: string) => ({
	binary: { data: file(mediaWithLiveness('live', seed), `${seed}.mp4`, 'video/mp4') },
});
const posts = () => simulator.store.requests.filter((r) => r.method === 'POST');

beforeEach(() => {
	simulator.store.requests.length = 0;
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, quirks: {} });
});

interface FaultCase {
	name: string;
	fault: ScriptedFault;
	/** How many requests in a row meet the fault. */
	repeat?: number;
	message: RegExp;
	description: RegExp;
	httpCode?: string;
	errorCode?: number;
}

const FAULTS: FaultCase[] = [
	{
		name: '400 invalid structure',
		fault: { status: 400, error_code: 3, error_message: 'Invalid structure' },
		message: /^Oz API error 3: Invalid structure \(HTTP 400\)/,
		description: /structure of the request/,
		httpCode: '400',
		errorCode: 3,
	},
	{
		name: '401 token not known',
		fault: { status: 401, error_code: 7, error_message: 'Invalid access token' },
		message: /^Oz API error 7: Invalid access token \(HTTP 401\)/,
		description: /check it in the credential/,
		httpCode: '401',
		errorCode: 7,
	},
	{
		name: '403 forbidden',
		fault: { status: 403, error_code: 9, error_message: 'Forbidden' },
		message: /^Oz API error 9: Forbidden \(HTTP 403\)/,
		description: /rights/,
		httpCode: '403',
		errorCode: 9,
	},
	{
		name: '404 not found',
		fault: { status: 404, error_code: 10, error_message: 'Not found' },
		message: /^Oz API error 10/,
		description: /does not exist/,
		httpCode: '404',
		errorCode: 10,
	},
	{
		name: '405 not allowed',
		fault: { status: 405, error_code: 1, error_message: 'Method not allowed' },
		message: /^Oz API error 1: Method not allowed \(HTTP 405\)/,
		description: /6\.0\.1 or later/,
		httpCode: '405',
		errorCode: 1,
	},
	{
		name: '413 too large',
		fault: { status: 413, error_code: 4, error_message: 'File too large' },
		message: /^The Oz host refused the upload as too large \(HTTP 413\)/,
		description:
			/^"b\.mp4" is 0\.0 MB, the whole request 0\.0 MB\. Oz takes at most 10 MB per media file/,
		httpCode: '413',
		errorCode: 4,
	},
	{
		// 429 after the resends (Oz refused it six times): the answer is kept.
		name: '429 rate limited, again and again',
		fault: { status: 429, error_code: 0, error_message: 'Too many requests', retryAfter: 0 },
		repeat: 6,
		message: /^Oz API error 0: Too many requests \(HTTP 429\)/,
		description: /Too many requests at once/,
		httpCode: '429',
		errorCode: 0,
	},
	{
		name: '500 server error',
		fault: { status: 500, error_code: 0, error_message: 'Unknown server side error occurred' },
		message: /^Oz API error 0: Unknown server side error occurred \(HTTP 500\)/,
		description: /The Oz server failed/,
		httpCode: '500',
		errorCode: 0,
	},
	{
		name: '502 with Oz body',
		fault: { status: 502, error_code: 11, error_message: 'External service error' },
		message: /^Oz API error 11/,
		description: /service Oz depends on/,
		httpCode: '502',
		errorCode: 11,
	},
	{
		name: '503 unavailable',
		fault: { status: 503, error_code: 0, error_message: 'Service unavailable' },
		message: /^Oz API error 0: Service unavailable \(HTTP 503\)/,
		description: /unavailable or overloaded/,
		httpCode: '503',
		errorCode: 0,
	},
	{
		name: '504 gateway timeout (Oz body)',
		fault: { status: 504, error_code: 0, error_message: 'Gateway timeout' },
		message: /\(HTTP 504\)/,
		description: /look the folder up before sending it again/,
		httpCode: '504',
		errorCode: 0,
	},
	{
		name: '502 HTML page from a gateway',
		fault: { kind: 'html', status: 502 },
		message: /^The Oz server answered HTTP 502 without an Oz error body/,
		description: /gateway.*502/s,
		httpCode: '502',
	},
	{
		name: '413 HTML page from a proxy',
		fault: { kind: 'html', status: 413 },
		message: /^The Oz host refused the upload as too large \(HTTP 413\)/,
		description: /nginx in front of Oz limits the whole request \(client_max_body_size/,
		httpCode: '413',
	},
	{
		name: 'truncated JSON body',
		fault: { kind: 'truncated', status: 200 },
		message: /^The server answered, but not with Oz API JSON/,
		description: /The answer began: \{"folder_id":"cut"/,
	},
	{
		name: 'connection reset during the upload',
		fault: { kind: 'reset' },
		message:
			/^The connection to the Oz API at http:\/\/127\.0\.0\.1:\d+ was cut before Oz answered/,
		description:
			/connection broke while the request was under way.*(ECONNRESET|EPIPE|socket hang up)/s,
	},
	{
		name: 'a server that never answers',
		fault: { kind: 'hang' },
		message: /^The Oz API did not answer in time/,
		description: /may still have run: look the folder up/,
	},
];

describe("API faults: Oz's code, message and status kept, one output item per input item", () => {
	it.each(FAULTS.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		simulator.settings.failNext = [
			{ kind: 'pass' },
			...Array<ScriptedFault>(testCase.repeat ?? 1).fill(testCase.fault),
		];
		// Recovery off: this table is about the error each fault gives (recovery is tested below).
		const wf = chainWorkflow(
			[videoItem('a'), videoItem('b'), videoItem('c')],
			[{ name: 'Oz', parameters: analyze({ safeRetry: false }), continueOnFail: true }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const items = result.output('Oz');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.system_resolution).toBe('SUCCESS');
		expect(items[2].json.system_resolution).toBe('SUCCESS');
		expect(items[1].json.error).toMatch(testCase.message);
		expect(items[1].json.error).toMatch(/\[item 1\]$/);
		expect(items[1].json.description).toMatch(testCase.description);
		if (testCase.httpCode) expect(items[1].json.httpCode).toBe(testCase.httpCode);
		if (testCase.errorCode !== undefined) {
			expect(items[1].json.error_code).toBe(testCase.errorCode);
			expect(items[1].json.error_message).toBe(testCase.fault.error_message);
		}
		// The single request is never sent twice on its own; only a 429 (no work done) is.
		expect(
			posts().filter((r) => r.files[0]?.fileName === 'b.mp4' || r.files.length === 0),
		).toHaveLength(testCase.repeat ?? 1);
	});

	it('a 429 on the single request means Oz did no work: it is sent again after Retry-After, and one folder is made', async () => {
		simulator.settings.failNext = [
			{ status: 429, error_code: 0, error_message: 'Too many requests', retryAfter: 1 },
		];
		const before = simulator.store.folders.size;
		const started = Date.now();
		const wf = chainWorkflow([videoItem('busy')], [{ name: 'Oz', parameters: analyze() }]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(posts()).toHaveLength(2);
		expect(simulator.store.folders.size - before).toBe(1);
	});

	it('an overloaded Oz (429 when its queue is full): every item answered, no folder twice', async () => {
		simulator.settings.capacity = {
			slots: 2,
			msPerAnalysis: 60,
			maxQueue: 1,
			retryAfterSeconds: 0.1,
		};
		const before = simulator.store.folders.size;
		const items = Array.from({ length: 12 }, (_, i) => videoItem(`overload-${i}`));
		const wf = chainWorkflow(items, [{ name: 'Oz', parameters: analyze({ parallelRequests: 6 }) }]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		simulator.settings.capacity = null;
		expect(result.error).toBeUndefined();
		expect(result.output('Oz').map((item) => item.json.system_resolution)).toEqual(
			Array(12).fill('SUCCESS'),
		);
		expect(simulator.store.folders.size - before).toBe(12);
		// Refused requests were read but never stored.
		expect(posts().length).toBeGreaterThan(12);
	});

	it('a slow server is waited for', async () => {
		simulator.settings.latencyMs = 300;
		const wf = chainWorkflow([videoItem('a')], [{ name: 'Oz', parameters: analyze() }]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
	});
});

describe('reads are retried, with backoff, a bounded number of times', () => {
	let folderId: string;
	beforeAll(async () => {
		folderId = (await seedFolder(simulator, TOKEN, { purpose: 'retries' })).folder_id as string;
	});
	const getFolder = () =>
		chainWorkflow(
			[{}],
			[
				{
					name: 'Get',
					parameters: { resource: 'folder', operation: 'get', folderId, simplify: true },
					continueOnFail: true,
				},
			],
		);

	it.each([
		['503', { status: 503, error_code: 0 }],
		['502 HTML', { kind: 'html', status: 502 }],
		['504 HTML', { kind: 'html', status: 504 }],
		['a connection reset', { kind: 'reset' }],
	] as Array<[string, ScriptedFault]>)(
		'after %s the read is sent again and succeeds',
		async (_name, fault) => {
			simulator.settings.failNext = [fault];
			const wf = getFolder();
			const result = await runWorkflow(wf.nodes, wf.connections, credentials());
			expect(result.output('Get')[0].json.folder_id).toBe(folderId);
			expect(
				simulator.store.requests.filter((r) => r.method === 'GET').length,
			).toBeGreaterThanOrEqual(fault.kind === 'reset' ? 1 : 2);
		},
	);

	it('Retry-After is honoured', async () => {
		simulator.settings.failNext = [
			{ status: 429, error_code: 0, error_message: 'Slow down', retryAfter: 1 },
		];
		const wf = getFolder();
		const started = Date.now();
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Get')[0].json.folder_id).toBe(folderId);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('gives up after three retries with the last error', async () => {
		simulator.settings.failNext = Array.from({ length: 5 }, () => ({
			status: 503,
			error_code: 0,
			error_message: 'Still down',
		}));
		const wf = getFolder();
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Get')[0].json.error).toMatch(/Oz API error 0: Still down \(HTTP 503\)/);
		expect(simulator.store.requests).toHaveLength(4);
	});

	it('a 400 on a read is not retried', async () => {
		simulator.settings.failNext = [{ status: 400, error_code: 4, error_message: 'Bad filter' }];
		const wf = getFolder();
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.output('Get')[0].json.error_code).toBe(4);
		expect(simulator.store.requests).toHaveLength(1);
	});
});

describe('a lost answer is found again by its marker, never made twice (default options)', () => {
	const run = async (options: Record<string, unknown> = {}) => {
		const before = simulator.store.folders.size;
		const wf = chainWorkflow(
			[videoItem('safe')],
			[{ name: 'Oz', parameters: analyze(options), continueOnFail: true }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		return { item: result.output('Oz')[0], created: simulator.store.folders.size - before };
	};
	const methods = () => simulator.store.requests.map((r) => r.method);
	const markerOf = (index: number) =>
		JSON.parse(simulator.store.requests[index].fields.payload)['folder:meta_data']
			.n8n_request_id as string;

	it('a reset after Oz stored the folder: the folder is found by its marker, not made again', async () => {
		simulator.settings.failNext = [{ kind: 'afterStore' }];
		const { item, created } = await run();
		expect(item.json.error).toBeUndefined();
		expect(item.json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' });
		expect(created).toBe(1);
		// The upload, the read that asks how the host takes the token after the cut, the look-up.
		expect(simulator.store.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/folders/',
			'GET /api/folders/',
			'GET /api/folders/',
		]);
		expect(simulator.store.requests[1].query).toEqual({ limit: '1' });
		const marker = markerOf(0);
		expect(marker).toMatch(/^[0-9a-f]{40}$/);
		expect(simulator.store.requests[2].query.meta_data).toBe(`n8n_request_id==${marker}`);
		expect((item.json.meta_data as Record<string, unknown>).n8n_request_id).toBe(marker);
	});

	it('a 504 page from the gateway after Oz did the work: found, not made again', async () => {
		simulator.settings.failNext = [{ kind: 'afterStore', status: 504 }];
		const { item, created } = await run();
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(created).toBe(1);
		expect(methods().filter((m) => m === 'POST')).toHaveLength(1);
	});

	it("Oz's own 500 with nothing stored: one look, nothing found, sent once more with the same marker", async () => {
		simulator.settings.failNext = [
			{ status: 500, error_code: 0, error_message: 'Unknown server side error occurred' },
		];
		const { item, created } = await run({ timeout: 30 });
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(created).toBe(1);
		expect(methods()).toEqual(['POST', 'GET', 'POST']);
		// The refused request was not parsed; its raw body carries the same marker as the resend.
		expect(simulator.store.requests[0].rawBody.toString('latin1')).toContain(markerOf(2));
	});

	it('a reset before anything was stored: looked for until the Timeout nears, then sent once more', async () => {
		simulator.settings.failNext = [{ kind: 'reset' }];
		const { item, created } = await run({ timeout: 5 });
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(created).toBe(1);
		const sent = methods();
		expect(sent[0]).toBe('POST');
		expect(sent.at(-1)).toBe('POST');
		expect(sent.filter((m) => m === 'POST')).toHaveLength(2);
		expect(sent.filter((m) => m === 'GET').length).toBeGreaterThanOrEqual(1);
		expect(simulator.store.requests[0].rawBody).toHaveLength(0);
	});

	it('a timeout that uses up the Timeout: looked up once, and the item fails without a second send', async () => {
		simulator.settings.failNext = [{ kind: 'hang' }];
		const { item, created } = await run({ timeout: 1 });
		expect(item.json.error).toMatch(/did not answer in time/);
		expect(created).toBe(0);
		expect(methods()).toEqual(['POST', 'GET']);
	});

	it('two lost answers in a row: sent twice at most, then the error', async () => {
		simulator.settings.failNext = [
			{ status: 502, error_code: 11, error_message: 'External service error' },
			{ kind: 'pass' },
			{ status: 502, error_code: 11, error_message: 'External service error' },
		];
		const { item, created } = await run({ timeout: 30 });
		expect(item.json.error_code).toBe(11);
		expect(created).toBe(0);
		expect(methods()).toEqual(['POST', 'GET', 'POST', 'GET']);
	});

	describe('on a host whose folder list ignores the metadata filter, with other folders present', () => {
		beforeEach(async () => {
			simulator.settings.quirks = { ignoreMetadataFilter: true };
			// Other applicants' folders, with markers of their own.
			for (let i = 0; i < 130; i++)
				await seedFolder(simulator, TOKEN, { n8n_request_id: `other-${i}`, applicant: `A-${i}` });
			simulator.store.requests.length = 0;
		});

		it("a reset after Oz stored the folder: the look-up returns this item's folder, not the first one listed", async () => {
			simulator.settings.failNext = [{ kind: 'afterStore' }];
			const { item, created } = await run();
			const marker = markerOf(0);
			expect(created).toBe(1);
			const mine = [...simulator.store.folders.values()].find(
				(f) => (f.json.meta_data as Record<string, unknown>).n8n_request_id === marker,
			);
			expect(item.json.folder_id).toBe(mine?.json.folder_id);
			expect((item.json.meta_data as Record<string, unknown>).n8n_request_id).toBe(marker);
			// It asked for a page, not for one folder, and read on until the exact match.
			const lookUps = simulator.store.requests.filter((r) => r.query.meta_data);
			expect(lookUps[0].query.limit).toBe('100');
			expect(
				simulator.store.requests.filter((r) => r.method === 'GET').length,
			).toBeGreaterThanOrEqual(2);
		});

		it('an Oz 500 before anything was stored: no other folder is taken for it, the request is sent once more', async () => {
			simulator.settings.failNext = [{ status: 500, error_code: 0 }];
			const { item, created } = await run({ timeout: 30 });
			expect(created).toBe(1);
			const marker = markerOf(simulator.store.requests.length - 1);
			expect((item.json.meta_data as Record<string, unknown>).n8n_request_id).toBe(marker);
			expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
		});
	});

	it('a 4xx is a certain answer: no look-up, no resend', async () => {
		simulator.settings.failNext = [
			{ status: 400, error_code: 3, error_message: 'Invalid structure' },
		];
		const { item, created } = await run();
		expect(item.json.error_code).toBe(3);
		expect(created).toBe(0);
		expect(simulator.store.requests).toHaveLength(1);
	});

	it('with "Recover Lost Answers" off the item fails and is not resent (the folder Oz stored stays the only one)', async () => {
		simulator.settings.failNext = [{ kind: 'afterStore' }];
		const { item, created } = await run({ safeRetry: false });
		expect(item.json.error).toMatch(
			/The connection to the Oz API at \S+ was cut before Oz answered/,
		);
		expect(created).toBe(1);
		// Only the read that checks the token after the cut: no look-up, no second upload.
		expect(simulator.store.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
	});
});

describe('multipart safety', () => {
	it('a file name with quotes and CR/LF cannot add headers to the request', async () => {
		const wf = chainWorkflow(
			[
				{
					binary: {
						data: file(
							mediaWithLiveness('live'),
							'evil".mp4\r\nX-Injected: yes\r\n\r\n',
							'video/mp4',
						),
					},
				},
			],
			[{ name: 'Oz', parameters: analyze() }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const [request] = simulator.store.requests;
		const raw = request.rawBody.toString('latin1');
		expect(raw).not.toMatch(/\r\nX-Injected: yes/);
		expect(raw).toContain('filename="evil%22.mp4%0D%0AX-Injected: yes%0D%0A%0D%0A"');
		expect(request.files).toHaveLength(1);
		expect(Object.keys(request.fields)).toEqual(['payload']);
	});
});
