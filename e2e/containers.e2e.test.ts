/**
 * Example 5, the backend for Oz's Web SDK, live in a real n8n (`n8n start`, regular mode): the
 * page fetches a session token from one webhook, and posts the SDK's container to the other.
 * The containers are the simulator's stand-ins, built with the tokens n8n handed out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildContainer, startSimulator, type Simulator } from '../simulator';
import { mediaWithLiveness } from '../test/support/media';
import { callCapture, fetchSessionToken, postContainer, SDK_BACKEND } from './queue/callers';
import type { RegularN8n } from './regular';
import { startRegularN8n } from './regular';
import {
	INSTALL_TIMEOUT_MS,
	installN8n,
	N8N_VERSIONS,
	packPackage,
	REPO,
	simulatorCredential,
} from './rig';

const TOKEN = ['e2e', 'containers', 'access'].join('-');
const EXAMPLE = join(REPO, 'examples', '05-backend-for-oz-web-sdk.json');
/** The origin example 5 allows; a page elsewhere must not be named in the answer. */
const SITE = 'https://your-site.example';
const spoof = (caseId: string) => Number(caseId.split('-').at(-1)) % 4 === 3;
const videoOf = (caseId: string) => mediaWithLiveness(spoof(caseId) ? 'spoof' : 'live', caseId);
const decisionOf = (caseId: string) => (spoof(caseId) ? 'rejected' : 'approved');
const figures: Record<string, unknown> = {};

describe.each(N8N_VERSIONS)(
	'example 5, backend for the Oz Web SDK, in a real n8n $version (Node $nodeMajor), regular mode',
	({ version, nodeMajor }) => {
		let simulator: Simulator;
		let n8n: RegularN8n;
		let packDir: string;
		const containerPosts = () =>
			simulator.store.requests.filter(
				(r) => r.method === 'POST' && r.headers['content-type'] === 'application/octet-stream',
			);
		const transactionIds = () =>
			[...simulator.store.folders.values()].map(
				(folder) => (folder.json.meta_data as Record<string, unknown>).transaction_id,
			);

		beforeAll(async () => {
			simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
			packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
			n8n = await startRegularN8n({
				install: installN8n(version, nodeMajor),
				tarball: packPackage(packDir),
				simulatorUrl: simulator.url,
				credentials: [simulatorCredential(simulator.url, TOKEN)],
				workflows: [EXAMPLE],
			});
		}, INSTALL_TIMEOUT_MS);

		afterAll(async () => {
			await n8n?.stop();
			await simulator?.close();
			if (packDir) rmSync(packDir, { recursive: true, force: true });
			mkdirSync(join(REPO, 'test-output'), { recursive: true });
			writeFileSync(
				join(REPO, 'test-output', 'containers-burst.json'),
				JSON.stringify(figures, null, 2),
			);
		}, 60_000);

		// Oz takes its time in every test: the node's shared limit learns Oz's unloaded time per
		// process, and instant answers earlier would make the burst's 1 s look like a queue.
		const capacity = { slots: 4, msPerAnalysis: 1000, gatewayTimeoutMs: 5000 };

		beforeEach(() => {
			simulator.store.reset();
			Object.assign(simulator.settings, {
				failNext: [],
				latencyMs: 0,
				quirks: {},
				capacity: { ...capacity },
			});
		});

		it('a capture from token to decision: the page gets the token alone, then the decision alone; Oz gets the bytes once, with the access token', async () => {
			const token = await fetchSessionToken(n8n, { Origin: SITE });
			expect(token.status).toBe(200);
			expect(token.body).toEqual({ session_token: expect.stringMatching(/^sim-st-/) });
			expect(token.headers.get('access-control-allow-origin')).toBe(SITE);
			expect(token.headers.get('cache-control')).toBe('no-store');
			expect(token.text).not.toContain(TOKEN);
			const sessionToken = String(token.body.session_token);

			const container = buildContainer({
				sessionToken,
				files: [{ key: 'video1', data: mediaWithLiveness('live', 'tx-1'), fileName: 'selfie.mp4' }],
				folderMetadata: { transaction_id: 'tx-1' },
			});
			const answer = await postContainer(n8n, 'tx-1', container);
			expect([answer.status, answer.body]).toEqual([200, { decision: 'approved' }]);

			expect(containerPosts()).toHaveLength(1);
			const [sent] = containerPosts();
			expect(sent.path).toBe('/api/folders');
			expect(sent.rawBody.equals(container)).toBe(true);
			expect(sent.headers['x-forensic-access-token']).toBe(TOKEN);
			expect(sent.container?.sessionToken).toBe(sessionToken);
			expect(transactionIds()).toEqual(['tx-1']);
			// Nothing of the folder or the credential goes back to the browser.
			const [folderId] = [...simulator.store.folders.keys()];
			expect(answer.text).not.toContain(folderId);
			expect(answer.text).not.toMatch(/folder_id|system_resolution|analyses/);
			expect(answer.text).not.toContain(TOKEN);
		});

		it('the same container posted again: not sent to Oz twice; with its transaction_id the page gets the decision again, under another an HTTP 422 error', async () => {
			const first = await callCapture(n8n, 'tx-2', mediaWithLiveness('live', 'tx-2'));
			expect(first.body).toEqual({ decision: 'approved' });

			// A retry after a lost answer: the look-up by transaction_id finds the folder.
			const again = await postContainer(n8n, 'tx-2', first.container);
			expect([again.status, again.body]).toEqual([200, { decision: 'approved' }]);

			// The look-up value finds nothing: the outcome is unknown, the caller gets the error.
			const replay = await postContainer(n8n, 'tx-2', first.container, 'tx-2-other');
			expect(replay.status).toBe(422);
			expect(replay.body).toEqual({
				error: expect.stringMatching(
					/^The outcome of this container is unknown: this n8n process already sent the same container at /,
				),
			});
			expect(replay.text).not.toContain('decision');

			expect(containerPosts()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it('a capture without the x-transaction-id header: HTTP 422 naming the option, nothing sent, and the same container goes through with the header', async () => {
			const token = await fetchSessionToken(n8n);
			const container = buildContainer({
				sessionToken: String(token.body.session_token),
				files: [
					{ key: 'video1', data: mediaWithLiveness('spoof', 'tx-3'), fileName: 'selfie.mp4' },
				],
				folderMetadata: { transaction_id: 'tx-3' },
			});
			const missing = await postContainer(n8n, 'tx-3', container, null);
			expect(missing.status).toBe(422);
			expect(missing.body).toEqual({
				error: expect.stringContaining('"Look Up By Metadata" needs both a key and a value'),
			});
			expect(containerPosts()).toHaveLength(0);

			const answer = await postContainer(n8n, 'tx-3', container);
			expect([answer.status, answer.body]).toEqual([200, { decision: 'rejected' }]);
			expect(containerPosts()).toHaveLength(1);
		});

		it("CORS: the preflight from the site's origin may send the x-transaction-id header; another origin is not named", async () => {
			const preflight = async (origin: string) =>
				await fetch(n8n.webhookUrl(SDK_BACKEND.capture), {
					method: 'OPTIONS',
					headers: {
						Origin: origin,
						'Access-Control-Request-Method': 'POST',
						'Access-Control-Request-Headers': 'content-type,x-transaction-id',
					},
				});
			const ours = await preflight(SITE);
			expect(ours.status).toBeLessThan(300);
			expect(ours.headers.get('access-control-allow-origin')).toBe(SITE);
			expect(ours.headers.get('access-control-allow-headers')).toMatch(/x-transaction-id/);
			const theirs = await preflight('https://elsewhere.example');
			expect(theirs.headers.get('access-control-allow-origin')).toBe(SITE);
			expect(simulator.store.requests).toHaveLength(0);
		});

		it('40 pages at once, each with its own token and case, against a 4-slot Oz (1 s per analysis) behind a 5 s gateway: each its own decision, no 504, one folder per transaction_id', async () => {
			const caseIds = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
			const started = Date.now();
			const answers = await Promise.all(
				caseIds.map(async (caseId) => await callCapture(n8n, caseId, videoOf(caseId))),
			);
			const wallMs = Date.now() - started;
			expect(answers.map((a) => [a.caseId, a.status, a.body])).toEqual(
				caseIds.map((caseId) => [caseId, 200, { decision: decisionOf(caseId) }]),
			);
			const gateway504s = containerPosts().filter((r) => r.gatewayAt !== undefined).length;
			expect(gateway504s).toBe(0);
			expect(containerPosts()).toHaveLength(40);
			expect([...transactionIds()].sort()).toEqual([...caseIds].sort());
			// Each page's container was the one built with its own token.
			const tokenOf = new Map(answers.map((a) => [a.caseId, a.sessionToken]));
			for (const post of containerPosts()) {
				const meta = (post.container?.payload['folder:meta_data'] ?? {}) as Record<string, unknown>;
				expect(post.container?.sessionToken).toBe(tokenOf.get(String(meta.transaction_id)));
			}
			// The burst waited in n8n, not at Oz: how many containers Oz ever held at once.
			const edges = containerPosts().flatMap((r) => [
				{ at: r.at, step: 1 },
				{ at: r.workDoneAt ?? r.doneAt ?? Infinity, step: -1 },
			]);
			let held = 0;
			const maxContainersAtOz = Math.max(
				...edges.sort((a, b) => a.at - b.at || a.step - b.step).map(({ step }) => (held += step)),
			);
			expect(maxContainersAtOz).toBeLessThanOrEqual(12);
			figures[version] = {
				pages: 40,
				decisions: answers.filter((a) => a.status === 200).length,
				rejected: answers.filter((a) => (a.body as { decision?: string }).decision === 'rejected')
					.length,
				gateway504s,
				folders: simulator.store.folders.size,
				maxContainersAtOz,
				wallMs,
				slowestMs: Math.max(...answers.map((a) => a.ms)),
			};
		}, 180_000);
	},
);
