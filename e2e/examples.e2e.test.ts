import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	BIOMETRY_THRESHOLD,
	livenessScore,
	similarity,
	startSimulator,
	type Simulator,
} from '../simulator';
import { bestShotJpeg } from '../simulator/analysis/bestShot';
import { withoutMarker } from '../test/support/marker';
import { mediaWithLiveness } from '../test/support/media';
import { seedFolder } from '../test/support/seed';
import {
	INSTALL_TIMEOUT_MS,
	installN8n,
	N8N_VERSIONS,
	N8nInstance,
	packPackage,
	REPO,
} from './rig';

const TOKEN = ['e2e', 'sim', 'access'].join('-');
const FILESYSTEM_BINARIES = { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };
const REVOKED = ['revoked', 'access', '91c2'].join('-');
const LOGIN = { email: 'e2e-operator@example.com', password: ['e2e', 'login', 'secret'].join('-') };
const sample = (name: string) => readFileSync(join(REPO, 'samples', name));
const example = (name: string) => join(REPO, 'examples', name);
/** The payload of a single request, without the node's marker (checked there). */
const payloadOf = (simulator: Simulator, index: number) =>
	withoutMarker(JSON.parse(simulator.store.requests[index].fields.payload));
/** The marker the single request carried. */
const markerOf = (simulator: Simulator, index: number) =>
	JSON.parse(simulator.store.requests[index].fields.payload)['folder:meta_data']
		.n8n_request_id as string;

describe.each(N8N_VERSIONS)(
	'examples in a real n8n $version (Node $nodeMajor)',
	({ version, nodeMajor }) => {
		let simulator: Simulator;
		let n8n: N8nInstance;
		let packDir: string;

		beforeAll(async () => {
			simulator = await startSimulator({
				tokens: [TOKEN],
				users: [LOGIN],
				samplesDir: join(REPO, 'samples'),
			});
			packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
			const install = installN8n(version, nodeMajor);
			n8n = await N8nInstance.create(install, packPackage(packDir), simulator.url);
			await n8n.importCredentials([
				{
					id: 'ozSimulatorCred1',
					name: 'Oz Simulator',
					type: 'ozForensicsApi',
					data: { baseUrl: simulator.url, accessToken: TOKEN },
				},
				{
					id: 'ozRevokedCred001',
					name: 'Oz Revoked',
					type: 'ozForensicsApi',
					data: { baseUrl: `${simulator.url}/`, accessToken: REVOKED },
				},
				{
					id: 'ozLoginCred00001',
					name: 'Oz Login',
					type: 'ozForensicsApi',
					data: { baseUrl: simulator.url, authentication: 'emailPassword', ...LOGIN },
				},
			]);
			await n8n.importWorkflowFile(join(__dirname, 'workflows', 'wrong-token-continue.json'));
			await n8n.importWorkflowFile(join(__dirname, 'workflows', 'multi-request-login.json'));
			await n8n.importWorkflowFile(join(__dirname, 'workflows', 'faults-continue.json'));
			for (const file of [
				'retry-on-fail.json',
				'blacklist.json',
				'safe-retry.json',
				'gateway-default.json',
				'idempotency-comma.json',
				'early-expiry.json',
				'too-large.json',
			])
				await n8n.importWorkflowFile(join(__dirname, 'workflows', file));
			// Example 5 (webhooks, no manual trigger) runs live in containers.e2e.test.ts.
			for (const file of [
				'01-selfie-liveness-decision.json',
				'02-liveness-face-match-to-file.json',
				'03-nightly-batch-summary.json',
				'04-blacklist-named-hit.json',
			]) {
				await n8n.importWorkflowFile(example(file));
			}
		}, INSTALL_TIMEOUT_MS);

		afterAll(async () => {
			await simulator?.close();
			n8n?.cleanUp();
			if (packDir) rmSync(packDir, { recursive: true, force: true });
		});

		beforeEach(() => {
			simulator.store.reset();
			simulator.sessions.reset();
			Object.assign(simulator.settings, {
				processingMs: 0,
				expireSessionsAfter: 0,
				latencyMs: 0,
				failNext: [],
				quirks: {},
				capacity: null,
			});
		});

		it('example 1: a selfie video is checked for liveness and the IF node takes the approve branch', async () => {
			const result = await n8n.execute('ozExampleLive001');
			expect(result.status).toBe('success');
			const [checked] = result.nodes['Check Liveness'];
			expect(checked).toMatchObject({
				system_resolution: 'SUCCESS',
				analyses: [
					{ type: 'QUALITY', confidence_spoofing: livenessScore(sample('selfie-live.mp4')) },
				],
			});
			expect(result.nodes.Approve).toEqual([
				{
					decision: 'approved',
					folder_id: checked.folder_id,
					confidence_spoofing: String(livenessScore(sample('selfie-live.mp4'))),
				},
			]);
			expect(result.nodes['Send to Manual Review']).toBeUndefined();

			expect(simulator.store.requests).toHaveLength(1);
			const [request] = simulator.store.requests;
			expect(request.headers['x-forensic-access-token']).toBe(TOKEN);
			expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
			expect(request.files.map((f) => [f.field, f.fileName, f.mimeType])).toEqual([
				['video1', 'selfie-live.mp4', 'video/mp4'],
			]);
			expect(request.files[0].data.equals(sample('selfie-live.mp4'))).toBe(true);
			expect(Object.keys(request.fields)).toEqual(['payload']);
			expect(payloadOf(simulator, 0)).toEqual({
				'folder:meta_data': { source: 'n8n example 1' },
				'media:tags': { video1: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'] },
				analyses: [{ type: 'quality' }],
			});
			expect(result.log).not.toContain(TOKEN);
		});

		it('example 2: selfie video and ID photo get liveness and face match, and the result lands in a file', async () => {
			const result = await n8n.execute('ozExampleMatch02');
			expect(result.status).toBe('success');
			const [request] = simulator.store.requests;
			expect(request.files.map((f) => [f.field, f.fileName, f.mimeType])).toEqual([
				['video1', 'selfie-live.mp4', 'video/mp4'],
				['photo1', 'id-front.jpg', 'image/jpeg'],
			]);
			expect(payloadOf(simulator, 0)).toEqual({
				'folder:meta_data': { case_id: 'A-1017' },
				'media:tags': {
					video1: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'],
					photo1: ['photo_id', 'photo_id_front'],
				},
				analyses: [{ type: 'quality', params: { extract_best_shot: true } }, { type: 'biometry' }],
			});
			const written = JSON.parse(
				readFileSync(join(n8n.workDir, 'results', 'A-1017-result.json'), 'utf8'),
			);
			const score = similarity(sample('selfie-live.mp4'), sample('id-front.jpg'));
			expect(score).toBeGreaterThanOrEqual(BIOMETRY_THRESHOLD);
			expect(written).toMatchObject({
				system_resolution: 'SUCCESS',
				meta_data: { case_id: 'A-1017' },
				analyses: [
					{ type: 'QUALITY', resolution: 'SUCCESS' },
					{ type: 'BIOMETRY', resolution: 'SUCCESS', min_confidence: score },
				],
			});
			expect(written.best_shot_url).toMatch(new RegExp(`^${simulator.url}/static/best_shot/`));
			expect(written.folder_id).toBe(result.nodes['Liveness and Face Match'][0].folder_id);
			// Download Best Shot: the JPEG the simulator served, written next to the result, fetched with the token.
			const bestShot = readFileSync(join(n8n.workDir, 'results', 'A-1017-best-shot.jpg'));
			expect(bestShot.equals(bestShotJpeg())).toBe(true);
			expect(simulator.store.downloads.map((d) => d.headers['x-forensic-access-token'])).toEqual([
				TOKEN,
			]);
			expect(result.log).not.toContain(TOKEN);
		});

		it('example 3: a batch of videos from a folder, one request each, summed up by decision', async () => {
			const result = await n8n.execute('ozExampleBatch03');
			expect(result.status).toBe('success');
			const checked = result.nodes['Check Liveness'];
			expect(checked).toHaveLength(4);
			expect(simulator.store.requests).toHaveLength(4);
			const sent = simulator.store.requests.map((request) => request.files[0].fileName).sort();
			expect(sent).toEqual([
				'applicant-1.mp4',
				'applicant-2.mp4',
				'applicant-3.mp4',
				'applicant-4.mp4',
			]);
			for (const request of simulator.store.requests) {
				expect(
					payloadOf(simulator, simulator.store.requests.indexOf(request))['folder:meta_data']
						.file_name,
				).toBe(request.files[0].fileName);
			}
			const summary = Object.fromEntries(
				result.nodes['Count Decisions'].map((row) => [row.system_resolution, row.count_folder_id]),
			);
			expect(summary).toEqual({ SUCCESS: 3, DECLINED: 1 });
			const declined = result.nodes['Count Decisions'].find(
				(row) => row.system_resolution === 'DECLINED',
			);
			expect(declined?.concatenated_meta_data_file_name).toBe('applicant-3.mp4');
		});

		it('example 4: a confirmed fraud goes into a new blacklist, and the next applicant with that face is named in the alert', async () => {
			const result = await n8n.execute('ozExampleBlack04');
			expect(result.status).toBe('success');
			const [collection] = result.nodes['Create Blacklist'];
			const [person] = result.nodes['Add to Blacklist'];
			expect(result.nodes['Alert Analyst']).toEqual([
				{
					alert: 'Blacklist hit: John Doe (case F-311)',
					folder_id: result.nodes['Blacklist Check'][0].folder_id,
					person_id: person.person_id,
				},
			]);
			expect(result.nodes['Continue Onboarding']).toBeUndefined();
			const calls = simulator.store.requests.map((r) => `${r.method} ${r.path}`);
			expect(calls).toEqual([
				'GET /api/companies/',
				'POST /api/collections/',
				`POST /api/collections/${String(collection.collection_id)}/persons/`,
				'POST /api/folders/',
				`GET /api/collections/${String(collection.collection_id)}/persons/${String(person.person_id)}`,
			]);
			const [, , addPerson, check] = simulator.store.requests;
			expect(JSON.parse(addPerson.fields.payload)).toEqual({
				'media:tags': { image1: ['photo_selfie'] },
				'person:meta_data': {
					case_id: 'F-311',
					person_info: { first_name: 'John', last_name: 'Doe' },
				},
			});
			expect(addPerson.files[0].data.equals(sample('id-front.jpg'))).toBe(true);
			expect(JSON.parse(check.fields.payload).analyses).toEqual([
				{ type: 'collection', collection_id: collection.collection_id },
			]);
			expect(result.log).not.toContain(TOKEN);
		});

		it("a rejected token with Continue On Fail gives an error item with Oz's code, and the token shows nowhere", async () => {
			const result = await n8n.execute('ozE2eWrongToken');
			expect(result.status).toBe('success');
			expect(result.nodes['Check Liveness']).toEqual([
				{
					error: 'Oz API error 7: Invalid access token (HTTP 401) [item 0]',
					description: expect.stringMatching(/access token/),
					httpCode: '401',
					error_code: 7,
					error_message: 'Invalid access token',
				},
			]);
			expect(simulator.store.requests[0].headers['x-forensic-access-token']).toBe(REVOKED);
			expect(result.log).not.toContain(REVOKED);
		});

		it('every operation in one flow, logged in with email and password, surviving a token expiry on an upload', async () => {
			simulator.settings.processingMs = 1500;
			// Login, the single request, the folder search: then the token expires, just before the photo upload.
			simulator.settings.expireSessionsAfter = 2;
			const result = await n8n.execute('ozE2eSdkFlow0001');
			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');

			const [created] = result.nodes['Create Folder'];
			expect(created).toMatchObject({
				system_resolution: 'SUCCESS',
				meta_data: { transaction_id: 'tx-e2e-1' },
			});
			expect(result.nodes['Find Folder']).toEqual([
				expect.objectContaining({ folder_id: created.folder_id }),
			]);
			expect(result.nodes['Add ID Photo']).toEqual([
				expect.objectContaining({
					folder_id: created.folder_id,
					media: [
						expect.objectContaining({
							original_name: 'id-front.jpg',
							tags: ['photo_id', 'photo_id_front'],
						}),
					],
				}),
			]);
			expect(result.nodes['Start Face Match']).toEqual([
				expect.objectContaining({
					folder_id: created.folder_id,
					analyses: [expect.objectContaining({ type: 'BIOMETRY', state: 'PROCESSING' })],
				}),
			]);
			const score = similarity(sample('selfie-live.mp4'), sample('id-front.jpg'));
			expect(result.nodes['Wait for Results']).toEqual([
				expect.objectContaining({
					folder_id: created.folder_id,
					system_resolution: 'SUCCESS',
					analyses: [
						expect.objectContaining({ type: 'QUALITY' }),
						expect.objectContaining({ type: 'BIOMETRY', state: 'FINISHED', min_confidence: score }),
					],
				}),
			]);
			expect(result.nodes['Get Face Match']).toEqual([
				expect.objectContaining({ type: 'BIOMETRY', resolution: 'SUCCESS', min_confidence: score }),
			]);

			// n8n's own helper logged in again; the node sent the multipart upload a second time, whole.
			expect(simulator.sessions.logins).toBe(2);
			const uploads = simulator.store.requests.filter(
				(request) => request.method === 'POST' && request.path.endsWith('/media/'),
			);
			expect(uploads).toHaveLength(2);
			expect(uploads[0].rawBody.toString('latin1')).toContain('filename="id-front.jpg"');
			expect(uploads[1].files[0].data.equals(sample('id-front.jpg'))).toBe(true);
			expect(result.log).not.toContain(LOGIN.password);
		});

		it("API faults with Continue On Fail: one error item per faulted item, Oz's code kept, the token nowhere in n8n's output", async () => {
			simulator.settings.failNext = [
				{ kind: 'html', status: 502 },
				{ kind: 'truncated' },
				{ kind: 'reset' },
				// The read that asks how the host takes the token after the cut.
				{ kind: 'pass' },
				{ status: 401, error_code: 7, error_message: 'Invalid access token' },
			];
			const result = await n8n.execute('ozE2eFaults00001');
			simulator.settings.failNext = [];
			expect(result.status).toBe('success');
			const items = result.nodes['Check Liveness'];
			expect(items).toHaveLength(4);
			expect(
				items.map((item) =>
					String(item.error)
						.replace(/\[item \d\]$/, '')
						.replace(/at http\S+/, 'at HOST')
						.trim(),
				),
			).toEqual([
				'The Oz server answered HTTP 502 without an Oz error body',
				'The server answered, but not with Oz API JSON',
				'The connection to the Oz API at HOST was cut before Oz answered',
				'Oz API error 7: Invalid access token (HTTP 401)',
			]);
			expect(items.map((item) => String(item.error).match(/\[item (\d)\]$/)?.[1])).toEqual([
				'0',
				'1',
				'2',
				'3',
			]);
			expect(items[3]).toMatchObject({
				error_code: 7,
				error_message: 'Invalid access token',
				httpCode: '401',
			});
			expect(
				simulator.store.requests.every((r) => r.headers['x-forensic-access-token'] === TOKEN),
			).toBe(true);
			expect(result.log.split(TOKEN).length - 1).toBe(0);
		});

		it('Retry On Fail with Parallel Requests 4 and the first answer a refusal: the other three are found by their markers, 4 folders; the metadata search stays exact on a loose host', async () => {
			simulator.settings.latencyMs = 150;
			simulator.settings.failNext = [
				{ status: 400, error_code: 4, error_message: 'Invalid value' },
			];
			simulator.settings.quirks = { ignoreMetadataFilter: true };
			const result = await n8n.execute('ozE2eRetryOnFail');
			expect(result.status).toBe('success');
			const checked = result.nodes['Check Liveness'];
			expect(checked).toHaveLength(4);
			expect(
				checked.map((item) => (item.meta_data as Record<string, string>).file_name).sort(),
			).toEqual(['applicant-1.mp4', 'applicant-2.mp4', 'applicant-3.mp4', 'applicant-4.mp4']);
			// Four applicants, four folders: the three made before the refusal were looked up, not sent again.
			expect(simulator.store.folders.size).toBe(4);
			expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(5);
			expect(checked.filter((item) => item.oz_delivery === 'found')).toHaveLength(3);
			const found = result.nodes['Find Applicant 2'];
			const applicant2 = checked.find(
				(item) => (item.meta_data as Record<string, string>).file_name === 'applicant-2.mp4',
			);
			expect(found).toEqual([
				expect.objectContaining({
					folder_id: applicant2?.folder_id,
					meta_data: expect.objectContaining({ file_name: 'applicant-2.mp4' }),
				}),
			]);
		});

		it('a gateway 504 while Oz still analyses, default options: the finished decision and one folder', async () => {
			simulator.settings.capacity = { slots: 1, msPerAnalysis: 800, gatewayTimeoutMs: 300 };
			const result = await n8n.execute('ozE2eGatewayDflt');
			simulator.settings.capacity = null;
			expect(result.status).toBe('success');
			expect(result.nodes.Check).toEqual([
				expect.objectContaining({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' }),
			]);
			expect(simulator.store.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it("an Idempotency Key with a comma, on a host that parses meta_data as Oz's framework does: twice, one folder", async () => {
			simulator.settings.quirks = { framework: true };
			const first = await n8n.execute('ozE2eKeyComma001');
			const second = await n8n.execute('ozE2eKeyComma001');
			expect([first.status, second.status]).toEqual(['success', 'success']);
			expect(second.nodes.Check[0]).toMatchObject({
				folder_id: first.nodes.Check[0].folder_id,
				oz_delivery: 'found',
			});
			expect(simulator.store.folders.size).toBe(1);
			expect((first.nodes.Check[0].meta_data as Record<string, unknown>).n8n_idempotency_key).toBe(
				'APP-2026,retry=2',
			);
		});

		it('12 uploads at Parallel Requests 5 on a host that answers before the upload ends, the session expiring mid-run: 12 results, 2 logins', async () => {
			const folder = join(n8n.workDir, 'early');
			mkdirSync(folder, { recursive: true });
			for (let i = 0; i < 12; i++)
				writeFileSync(
					join(folder, `early-${i}.mp4`),
					Buffer.concat([mediaWithLiveness('live', `early-${i}`), Buffer.alloc(3 * 1024 * 1024)]),
				);
			simulator.settings.quirks = { earlyAnswers: true };
			simulator.settings.latencyMs = 100;
			simulator.settings.expireSessionsAfter = 4;
			// Filesystem binaries in both versions: n8n 1.x would print 36 MB of inline base64.
			const result = await n8n.execute('ozE2eEarlyExpiry', { env: FILESYSTEM_BINARIES });
			expect(result.status).toBe('success');
			expect(result.nodes.Check).toHaveLength(12);
			expect(result.nodes.Check.every((item) => item.folder_id && !item.error)).toBe(true);
			expect(simulator.sessions.logins).toBe(2);
			expect(simulator.store.folders.size).toBe(12);
		});

		it("an upload over nginx's limit, refused before it is read: the too-large error naming the file, not a connection error", async () => {
			const folder = join(n8n.workDir, 'large');
			mkdirSync(folder, { recursive: true });
			writeFileSync(join(folder, 'huge.mp4'), Buffer.alloc(11 * 1024 * 1024, 1));
			simulator.settings.quirks = { earlyAnswers: true, bodyLimitBytes: 10 * 1024 * 1024 };
			const result = await n8n.execute('ozE2eTooLarge001', { env: FILESYSTEM_BINARIES });
			expect(result.status).toBe('success');
			expect(result.nodes.Check).toEqual([
				expect.objectContaining({
					error: expect.stringMatching(
						/^The Oz host (refused the upload as too large \(HTTP 413\)|closed the connection while the upload was still being sent, as it does for a body over its size limit)/,
					),
					description: expect.stringMatching(/^"huge\.mp4" is 11\.0 MB/),
				}),
			]);
			expect(simulator.store.folders.size).toBe(0);
		});

		it('Blacklist analyses reach Oz with collection_id at the top level, from Fields and from JSON in both forms', async () => {
			const result = await n8n.execute('ozE2eBlacklist01');
			expect(result.status).toBe('success');
			const sent = simulator.store.requests
				.filter((r) => r.method === 'POST')
				.map((r) => JSON.parse(r.fields.payload).analyses);
			expect(sent).toHaveLength(2);
			expect(sent).toContainEqual([
				{ type: 'collection', collection_id: 'c-fields' },
				{
					type: 'collection',
					collection_id: 'c-fields-params',
					params: { collection_id: 'c-fields-params' },
				},
			]);
			expect(sent).toContainEqual([
				{ type: 'collection', collection_id: 'c-json-top' },
				{
					type: 'collection',
					collection_id: 'c-json-params',
					params: { collection_id: 'c-json-params' },
				},
			]);
			for (const name of ['Blacklist Fields', 'Blacklist JSON']) {
				expect(result.nodes[name]).toEqual([
					expect.objectContaining({
						analyses: [
							expect.objectContaining({ type: 'COLLECTION' }),
							expect.objectContaining({ type: 'COLLECTION' }),
						],
					}),
				]);
			}
		});

		it("a workflow that still sets Safe Retry: after a lost answer, on a host whose list ignores the filter, this item's folder, never another", async () => {
			for (let i = 0; i < 5; i++)
				await seedFolder(simulator, TOKEN, { n8n_request_id: `other-${i}` });
			simulator.store.requests.length = 0;
			simulator.settings.quirks = { ignoreMetadataFilter: true };
			simulator.settings.failNext = [{ kind: 'afterStore' }];
			const result = await n8n.execute('ozE2eSafeRetry01');
			expect(result.status).toBe('success');
			const requestId = markerOf(simulator, 0);
			const mine = [...simulator.store.folders.values()].filter(
				(folder) => (folder.json.meta_data as Record<string, unknown>).n8n_request_id === requestId,
			);
			expect(mine).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(6);
			expect(result.nodes['Safe Retry']).toEqual([
				expect.objectContaining({ folder_id: mine[0].json.folder_id }),
			]);
			// The upload, the read that checks the token after the cut, the look-up.
			expect(simulator.store.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
		});
	},
);
