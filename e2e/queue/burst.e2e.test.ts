/**
 * More n8n workers than Oz has slots: 4 queue-mode workers × 10 executions each against an Oz
 * with 2 slots of 1 s behind a 5 s gateway. Each worker's limiter sees only its own answers and
 * must still keep the 40 calls from queueing at Oz past the gateway. Figures go to
 * test-output/queue-burst.json for bench/RESULTS.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { mediaWithLiveness } from '../../test/support/media';
import {
	CURRENT_N8N,
	INSTALL_TIMEOUT_MS,
	installN8n,
	packPackage,
	REPO,
	simulatorCredential,
} from '../rig';
import { callAnalyze } from './callers';
import { startQueueCluster, type QueueCluster } from './cluster';

const TOKEN = ['e2e', 'queue', 'burst'].join('-');
const spoof = (caseId: string) => Number(caseId.split('-').at(-1)) % 4 === 3;

describe('queue mode, workers outnumbering Oz: 4 workers × 10 against 2 slots', () => {
	let simulator: Simulator;
	let cluster: QueueCluster;
	let packDir: string;

	beforeAll(async () => {
		simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
		packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
		cluster = await startQueueCluster({
			install: installN8n(CURRENT_N8N.version, CURRENT_N8N.nodeMajor),
			tarball: packPackage(packDir),
			simulatorUrl: simulator.url,
			workers: 4,
			workerConcurrency: 10,
			credentials: [simulatorCredential(simulator.url, TOKEN)],
			workflows: [join(__dirname, 'workflows', 'webhook-analyze.json')],
		});
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await cluster?.stop();
		await simulator?.close();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	it('40 calls at once: every caller its own decision, no gateway 504, no folder twice', async () => {
		simulator.settings.capacity = { slots: 2, msPerAnalysis: 1000, gatewayTimeoutMs: 5000 };
		const caseIds = Array.from({ length: 40 }, (_, i) => `case-${i}`);
		const started = Date.now();
		const answers = await Promise.all(
			caseIds.map(
				async (caseId) =>
					await callAnalyze(
						cluster,
						'analyze',
						caseId,
						mediaWithLiveness(spoof(caseId) ? 'spoof' : 'live', caseId),
					),
			),
		);
		const wallMs = Date.now() - started;
		simulator.settings.capacity = null;
		const singles = simulator.store.requests.filter(
			(r) => r.method === 'POST' && r.path === '/api/folders/',
		);
		const figures = {
			calls: 40,
			answered: answers.filter(
				(a) =>
					a.status === 200 &&
					(a.body as { decision?: string }).decision === (spoof(a.caseId) ? 'DECLINED' : 'SUCCESS'),
			).length,
			gateway504s: singles.filter((r) => r.gatewayAt !== undefined).length,
			folders: simulator.store.folders.size,
			wallMs,
			maxAtOz: simulator.store.maxInFlight,
			perWorker: Object.values(cluster.executionsPerWorker()).map((ids) => ids.length),
		};
		mkdirSync(join(REPO, 'test-output'), { recursive: true });
		writeFileSync(join(REPO, 'test-output', 'queue-burst.json'), JSON.stringify(figures, null, 2));
		expect(figures.answered).toBe(40);
		expect(figures.gateway504s).toBe(0);
		expect(figures.folders).toBe(40);
		expect(singles).toHaveLength(40);
	});
});
