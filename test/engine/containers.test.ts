import type { INodeParameters } from 'n8n-workflow';

import { buildContainer, damage } from '../../simulator';
import { fakeMedia, mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file } from '../support/workflows';
import { runWorkflow } from './harness';
import type { FixtureItem } from './LoadFiles.node';

/*
 * Oz's SDK flow with n8n as the backend: Session → Get Token before each capture, then
 * Folder → Analyze Container with the SDK's OzCapsula container, forwarded as it is. A container
 * can be sent once (its session token is spent), so no path may send one twice.
 */
const OPERATOR = { email: 'operator-role@example.com', password: ['op', 'pw'].join('-') };
const { simulator, TOKEN, credentials, login } = useOzSimulator('containers', {
	users: [{ ...OPERATOR, role: 'OPERATOR' }],
});

beforeEach(() => {
	simulator.store.reset();
	simulator.sessions.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		latencyMs: 0,
		quirks: {},
		expireSessionsAfter: 0,
		capacity: null,
		containers: { sessionTokenTtlMs: 5 * 60_000, singleUseTokens: true },
	});
});

async function sessionToken(): Promise<string> {
	const response = await fetch(`${simulator.url}/api/authorize/session_token`, {
		headers: { 'X-Forensic-Access-Token': TOKEN },
	});
	return ((await response.json()) as { session_token: string }).session_token;
}

/** A stand-in container of a live selfie, with its own case id in the SDK's meta. */
async function capture(caseId: string, token?: string): Promise<Buffer> {
	return buildContainer({
		sessionToken: token ?? (await sessionToken()),
		files: [{ key: 'video1', data: mediaWithLiveness('live', caseId), fileName: 'selfie.mp4' }],
		folderMetadata: { transaction_id: caseId },
	});
}

const asItem = (container: Buffer, name = 'capture.bin') => ({
	binary: { data: file(container, name, 'application/octet-stream') },
});

function analyzeContainer(options: Record<string, unknown> = {}, simplify = true): INodeParameters {
	return {
		resource: 'folder',
		operation: 'analyzeContainer',
		simplify,
		options: options as INodeParameters,
	};
}

const containerPosts = () =>
	simulator.store.requests.filter(
		(request) =>
			request.method === 'POST' &&
			String(request.headers['content-type']).startsWith('application/octet-stream'),
	);

async function run(
	items: FixtureItem[],
	parameters: INodeParameters,
	step: { continueOnFail?: boolean; retryOnFail?: { maxTries: number } } = {},
	credential = credentials(),
) {
	const wf = chainWorkflow(items, [{ name: 'Oz', parameters, ...step }]);
	return await runWorkflow(wf.nodes, wf.connections, credential);
}

describe('Session → Get Token', () => {
	const getToken = { resource: 'session', operation: 'getToken' };

	it('answers only the session token, which a container then carries to a decision', async () => {
		const result = await run([{ json: {} }], getToken);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Oz');
		expect(Object.keys(item.json)).toEqual(['session_token']);
		expect(item.json.session_token).toMatch(/\S{8,}/);
		expect(JSON.stringify(result.run)).not.toContain(TOKEN);
		const request = simulator.store.requests.find((r) => r.path.includes('session_token'));
		expect(request?.method).toBe('GET');
		expect(request?.headers['x-forensic-access-token']).toBe(TOKEN);

		const container = await capture('case-token', String(item.json.session_token));
		const analysed = await run([asItem(container)], analyzeContainer());
		expect(analysed.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
	});

	it('works with Email and Password: logs in, and renews an expired session', async () => {
		const first = await run([{ json: {} }], getToken, {}, login());
		expect(first.output('Oz')[0].json.session_token).toEqual(expect.any(String));
		simulator.sessions.expireAll();
		const again = await run([{ json: {} }, { json: {} }], getToken, {}, login());
		expect(again.error).toBeUndefined();
		expect(again.output('Oz')).toHaveLength(2);
		expect(simulator.sessions.logins).toBe(2);
	});

	it('an OPERATOR account is refused with advice to use another role; Oz code 9 kept', async () => {
		const credential = {
			ozForensicsApi: { baseUrl: simulator.url, authentication: 'emailPassword', ...OPERATOR },
		};
		const result = await run([{ json: {} }], getToken, { continueOnFail: true }, credential);
		const [item] = result.output('Oz');
		expect(item.json.error_code).toBe(9);
		expect(item.json.error).toMatch(/Oz API error 9.*\[item 0\]/);
		expect(item.json.description).toMatch(/any role but OPERATOR/);
	});

	it('a host older than 6.4.1 (no endpoint) names the minimum versions', async () => {
		simulator.settings.quirks = { noSessionTokens: true };
		const result = await run([{ json: {} }], getToken, { continueOnFail: true });
		const [item] = result.output('Oz');
		expect(item.json.httpCode).toBe('404');
		expect(item.json.description).toMatch(/Oz API 6\.4\.1.*Web SDK 1\.9\.2.*Mobile SDK 8\.22/);
	});
});

describe('Folder → Analyze Container', () => {
	it('forwards the container as it is, as application/octet-stream to /api/folders, and answers the decision', async () => {
		const container = await capture('case-1');
		const result = await run([asItem(container)], analyzeContainer());
		expect(result.error).toBeUndefined();
		const [item] = result.output('Oz');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			system_resolution: 'SUCCESS',
			meta_data: { transaction_id: 'case-1' },
			oz_delivery: 'sent',
			oz_queue_ms: expect.any(Number),
		});
		const [post] = containerPosts();
		// Page "OzCapsula Data Container" prints the path without the trailing slash.
		expect(post.path).toBe('/api/folders');
		expect(post.headers['content-type']).toBe('application/octet-stream');
		expect(post.headers['x-forensic-access-token']).toBe(TOKEN);
		expect(Number(post.headers['content-length'])).toBe(container.length);
		expect(post.rawBody.equals(container)).toBe(true);
		expect(simulator.store.folders.size).toBe(1);
	});

	it('full output is the folder as Oz answers it; Split Into Items gives one item per analysis', async () => {
		const container = buildContainer({
			sessionToken: await sessionToken(),
			files: [
				{ key: 'video1', data: mediaWithLiveness('live', 'split'), fileName: 'selfie.mp4' },
				{ key: 'photo1', data: fakeMedia('id-photo'), fileName: 'id.jpg' },
			],
			analyses: [{ type: 'quality' }, { type: 'biometry' }],
		});
		const result = await run(
			[asItem(container)],
			analyzeContainer({ splitIntoItems: true }, false),
		);
		const items = result.output('Oz');
		expect(items.map((item) => item.json.type)).toEqual(['QUALITY', 'BIOMETRY']);
		expect(new Set(items.map((item) => item.json.folder_id)).size).toBe(1);
	});

	it("Don't Store Data sends to /api/instant/folders and keeps nothing; an Instant host without auth takes it too", async () => {
		simulator.settings.quirks = { instantNoAuth: true, containerExactPath: true };
		const result = await run(
			[asItem(await capture('case-instant'))],
			analyzeContainer({ instant: true }),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
		expect(containerPosts()[0].path).toBe('/api/instant/folders');
		expect(simulator.store.folders.size).toBe(0);
	});

	it('an Instant host that answers an array gives the same output', async () => {
		simulator.settings.quirks = { instantArray: true };
		const result = await run(
			[asItem(await capture('case-array'))],
			analyzeContainer({ instant: true }),
		);
		const [item] = result.output('Oz');
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(item.json.analyses).toEqual([expect.objectContaining({ type: 'QUALITY' })]);
	});

	describe("Oz's refusals are per-item errors with Oz's code and message and what to do", () => {
		async function refusal(container: Buffer) {
			const result = await run([asItem(container)], analyzeContainer(), { continueOnFail: true });
			return result.output('Oz')[0].json;
		}

		it('an expired session token: code 14, fetch a new token and capture again', async () => {
			simulator.settings.containers = { sessionTokenTtlMs: 1, singleUseTokens: true };
			const container = await capture('case-expired');
			await new Promise((resolve) => setTimeout(resolve, 20));
			const item = await refusal(container);
			expect(item).toMatchObject({ error_code: 14, httpCode: '400' });
			expect(item.error_message).toMatch(/Invalid or empty Session Token/);
			expect(item.description).toMatch(/Fetch a new session token before each capture/);
			expect(item.description).toMatch(/sent only once/);
			expect(item.error).toMatch(/\[item 0\]/);
		});

		it('a replayed session token (another capture with a spent token): code 14, no second folder', async () => {
			const token = await sessionToken();
			await run([asItem(await capture('case-a', token))], analyzeContainer());
			const item = await refusal(await capture('case-b', token));
			expect(item.error_code).toBe(14);
			expect(simulator.store.folders.size).toBe(1);
		});

		it.each([
			['a damaged container', 5, async () => damage(await capture('case-damaged')), /damaged/],
			[
				'a container without media',
				4,
				async () => buildContainer({ sessionToken: await sessionToken(), files: [] }),
				/no media/,
			],
			[
				'a container without payload',
				3,
				async () =>
					buildContainer({
						sessionToken: await sessionToken(),
						files: [{ key: 'video1', data: fakeMedia('np'), fileName: 'a.mp4' }],
						omitPayload: true,
					}),
				/no payload/,
			],
		])('%s: code %i', async (_name, code, make, advice) => {
			const item = await refusal(await make());
			expect(item.error_code).toBe(code);
			expect(item.description).toMatch(advice);
			expect(simulator.store.folders.size).toBe(0);
		});
	});

	describe('bad input fails before anything is sent, naming the item and the field', () => {
		it.each([
			['a JPEG photo', fakeMedia('p', 64).fill(0xff, 0, 3).fill(0xd8, 1, 2), /a JPEG photo/],
			['a ZIP', Buffer.concat([Buffer.from('PK\x03\x04'), fakeMedia('z', 60)]), /a ZIP archive/],
			[
				'an MP4 video',
				Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), fakeMedia('v', 60)]),
				/an MP4 or MOV video/,
			],
		])('%s', async (_name, data, kind) => {
			const result = await run([asItem(data)], analyzeContainer(), { continueOnFail: true });
			const [item] = result.output('Oz');
			expect(item.json.error).toMatch(kind);
			expect(item.json.error).toMatch(/\[item 0\]/);
			expect(item.json.field).toBe('Input Binary Field');
			expect(item.json.description).toMatch(/Folder → Analyze/);
			expect(simulator.store.requests).toHaveLength(0);
		});

		it('a missing binary field, and a Look Up By Metadata value Oz cannot search', async () => {
			const missing = await run([{ json: {} }], analyzeContainer(), { continueOnFail: true });
			expect(missing.output('Oz')[0].json).toMatchObject({ field: 'Input Binary Field' });
			const comma = await run(
				[asItem(await capture('case-comma'))],
				analyzeContainer({ lookUp: { entry: { key: 'transaction_id', value: 'a,b' } } }),
				{ continueOnFail: true },
			);
			expect(comma.output('Oz')[0].json).toMatchObject({ field: 'Look Up By Metadata' });
			expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
		});
	});

	describe('a container is never sent twice', () => {
		const lookUp = (value: string) => ({ lookUp: { entry: { key: 'transaction_id', value } } });

		it('a lost answer (a gateway 504 after Oz stored the folder), no look-up: the outcome is unknown, one send', async () => {
			const container = await capture('case-lost');
			simulator.settings.failNext = [{ kind: 'afterStore', status: 504 }];
			const result = await run([asItem(container)], analyzeContainer(), {
				continueOnFail: true,
			});
			const [item] = result.output('Oz');
			expect(item.json.error).toMatch(/outcome of this container is unknown/);
			expect(item.json.description).toMatch(/may have analysed and billed it/);
			expect(item.json.description).toMatch(/Folder → Get Many/);
			expect(containerPosts()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it('a lost answer with Look Up By Metadata: the folder is found and its decision returned, one send', async () => {
			const container = await capture('case-found');
			simulator.settings.failNext = [{ kind: 'afterStore' }];
			const result = await run([asItem(container)], analyzeContainer(lookUp('case-found')));
			expect(result.error).toBeUndefined();
			expect(result.output('Oz')[0].json).toMatchObject({
				system_resolution: 'SUCCESS',
				oz_delivery: 'recovered',
			});
			expect(containerPosts()).toHaveLength(1);
		});

		it('Retry On Fail after a lost answer sends nothing again', async () => {
			const container = await capture('case-retry');
			simulator.settings.failNext = [{ kind: 'afterStore', status: 502 }];
			const result = await run([asItem(container)], analyzeContainer(), {
				retryOnFail: { maxTries: 3 },
			});
			expect(result.error?.message).toMatch(/outcome of this container is unknown/);
			expect(containerPosts()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it("Retry On Fail after a refusal: the earlier try's result is kept, only the refused item goes again", async () => {
			const items = [asItem(await capture('case-r0')), asItem(await capture('case-r1'))];
			simulator.settings.failNext = [
				{ kind: 'pass' },
				{ status: 429, error_code: 101, error_message: 'Too many requests' },
				{ status: 400, error_code: 0, error_message: 'Refused' },
			];
			const result = await run(items, analyzeContainer({ parallelRequests: 1 }), {
				retryOnFail: { maxTries: 2 },
			});
			expect(result.error).toBeUndefined();
			expect(result.output('Oz').map((item) => item.json.system_resolution)).toEqual([
				'SUCCESS',
				'SUCCESS',
			]);
			// case-r0 once; case-r1: a 429 resent by the transport, a refusal, then the retry.
			expect(containerPosts()).toHaveLength(4);
			expect(simulator.store.folders.size).toBe(2);
		});

		it('the same container posted again (another execution): not sent; found by its metadata value when asked to', async () => {
			const container = await capture('case-twice');
			const first = await run([asItem(container)], analyzeContainer());
			expect(first.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
			const refused = await run([asItem(container)], analyzeContainer(), { continueOnFail: true });
			expect(refused.output('Oz')[0].json.error).toMatch(/already sent the same container/);
			const found = await run([asItem(container)], analyzeContainer(lookUp('case-twice')));
			expect(found.output('Oz')[0].json).toMatchObject({
				system_resolution: 'SUCCESS',
				oz_delivery: 'found',
			});
			expect(containerPosts()).toHaveLength(1);
		});

		it('with replays allowed by the host, the node still sends a container once', async () => {
			simulator.settings.containers = { sessionTokenTtlMs: 60_000, singleUseTokens: false };
			const container = await capture('case-replay');
			await run([asItem(container), asItem(container)], analyzeContainer(), {
				continueOnFail: true,
			});
			expect(containerPosts()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it('an expired login session is renewed and the container sent again: Oz refused it unread', async () => {
			const container = await capture('case-renew');
			await run([{ json: {} }], { resource: 'session', operation: 'getToken' }, {}, login());
			simulator.sessions.expireAll();
			simulator.settings.quirks = { earlyAnswers: true };
			const result = await run([asItem(container)], analyzeContainer(), {}, login());
			expect(result.error).toBeUndefined();
			expect(result.output('Oz')[0].json.system_resolution).toBe('SUCCESS');
			expect(simulator.store.folders.size).toBe(1);
		});
	});

	it('the access token shows up in no output and no error', async () => {
		const items = [asItem(await capture('case-secret')), asItem(damage(await capture('case-s2')))];
		simulator.settings.failNext = [{ kind: 'afterStore', status: 504 }];
		const result = await run(items, analyzeContainer(), { continueOnFail: true });
		const everything = JSON.stringify(result.run);
		expect(result.output('Oz')).toHaveLength(2);
		expect(everything).not.toContain(TOKEN);
	});
});
