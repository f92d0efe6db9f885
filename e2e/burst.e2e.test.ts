/**
 * Webhook executions at once in one real n8n (`n8n start`, regular mode): every call is
 * its own execution in the same process, so they share the node's limit per Oz host and its
 * single flight per Idempotency Key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../simulator';
import { mediaWithLiveness } from '../test/support/media';
import { callAnalyze } from './queue/callers';
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

const TOKEN = ['e2e', 'burst', 'access'].join('-');
const spoof = (caseId: string) => Number(caseId.split('-').at(-1)) % 4 === 3;
const videoOf = (caseId: string) => mediaWithLiveness(spoof(caseId) ? 'spoof' : 'live', caseId);
const decisionOf = (caseId: string) => (spoof(caseId) ? 'DECLINED' : 'SUCCESS');

describe.each(N8N_VERSIONS)(
	'webhook calls at once in a real n8n $version (Node $nodeMajor), regular mode',
	({ version, nodeMajor }) => {
		let simulator: Simulator;
		let n8n: RegularN8n;
		let packDir: string;
		const singleRequests = () =>
			simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');
		const call = async (path: string, caseId: string) =>
			await callAnalyze(n8n, path, caseId, videoOf(caseId));

		beforeAll(async () => {
			simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
			packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
			n8n = await startRegularN8n({
				install: installN8n(version, nodeMajor),
				tarball: packPackage(packDir),
				simulatorUrl: simulator.url,
				credentials: [simulatorCredential(simulator.url, TOKEN)],
				workflows: [
					join(__dirname, 'workflows', 'burst-analyze.json'),
					join(__dirname, 'queue', 'workflows', 'webhook-analyze-keyed.json'),
				],
			});
		}, INSTALL_TIMEOUT_MS);

		afterAll(async () => {
			await n8n?.stop();
			await simulator?.close();
			if (packDir) rmSync(packDir, { recursive: true, force: true });
		});

		beforeEach(() => {
			simulator.store.reset();
			Object.assign(simulator.settings, { failNext: [], latencyMs: 0, quirks: {}, capacity: null });
		});

		it('40 calls at once against a 4-slot Oz behind a gateway: every caller its own decision, no 504, no folder twice', async () => {
			simulator.settings.capacity = { slots: 4, msPerAnalysis: 500, gatewayTimeoutMs: 2500 };
			const caseIds = Array.from({ length: 40 }, (_, i) => `case-${i}`);
			const answers = await Promise.all(caseIds.map(async (caseId) => await call('burst', caseId)));
			expect(answers.map((a) => [a.status, (a.body as { caseId: string }).caseId])).toEqual(
				caseIds.map((caseId) => [200, caseId]),
			);
			expect(answers.map((a) => (a.body as { decision: string }).decision)).toEqual(
				caseIds.map(decisionOf),
			);
			expect(singleRequests().filter((r) => r.gatewayAt !== undefined)).toHaveLength(0);
			expect(singleRequests()).toHaveLength(40);
			expect(simulator.store.folders.size).toBe(40);
			// The burst waited in n8n, not at Oz: at most a few more than the slots were ever there.
			expect(simulator.store.maxInFlight).toBeLessThanOrEqual(12);
			expect(
				Math.max(...answers.map((a) => (a.body as { queueMs: number }).queueMs)),
			).toBeGreaterThan(0);
		});

		it('a gateway 504 while Oz still analyses: the caller gets the finished decision, and Oz one folder', async () => {
			simulator.settings.capacity = { slots: 1, msPerAnalysis: 800, gatewayTimeoutMs: 300 };
			const answer = await call('burst', 'case-0');
			expect(answer.body).toMatchObject({ decision: 'SUCCESS', delivery: 'recovered' });
			expect(singleRequests()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it('two calls with the same Idempotency Key at once make one folder, and both get its decision', async () => {
			simulator.settings.latencyMs = 300;
			const [a, b] = await Promise.all([
				call('analyze-keyed', 'case-7'),
				call('analyze-keyed', 'case-7'),
			]);
			expect([a.status, b.status]).toEqual([200, 200]);
			expect([a.body, b.body]).toEqual([
				{ caseId: 'case-7', decision: 'DECLINED' },
				{ caseId: 'case-7', decision: 'DECLINED' },
			]);
			expect(singleRequests()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		});

		it("a key with a comma, on a host that parses meta_data as Oz's framework does: twice, one folder", async () => {
			simulator.settings.quirks = { framework: true };
			const key = 'APP-2026,retry=2';
			const first = await call('analyze-keyed', key);
			const second = await call('analyze-keyed', key);
			expect([first.status, second.status]).toEqual([200, 200]);
			expect(second.body).toEqual(first.body);
			expect(singleRequests()).toHaveLength(1);
			const [folder] = [...simulator.store.folders.values()];
			expect((folder.json.meta_data as Record<string, unknown>).n8n_idempotency_key).toBe(key);
		});
	},
);
