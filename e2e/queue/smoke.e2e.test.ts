/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end suite, never shipped */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { INSTALL_TIMEOUT_MS, installN8n, packPackage, REPO } from '../rig';
import { startQueueCluster, type QueueCluster } from './cluster';
import { peakRssKb, pidAlive } from './processes';

const TOKEN = ['e2e', 'queue', 'access'].join('-');
const CALLS = 4;

describe('queue mode: n8n 2.41.1 main and two workers on Postgres 17 and Redis', () => {
	let simulator: Simulator;
	let cluster: QueueCluster | undefined;
	let packDir: string;

	beforeAll(async () => {
		simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
		packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
		const install = installN8n('2.41.1', 24);
		const tarball = packPackage(packDir);
		const started = Date.now();
		cluster = await startQueueCluster({
			install,
			tarball,
			simulatorUrl: simulator.url,
			workers: 2,
			workerConcurrency: 5,
			credentials: [
				{
					id: 'ozSimulatorCred1',
					name: 'Oz Simulator',
					type: 'ozForensicsApi',
					data: { baseUrl: simulator.url, accessToken: TOKEN },
				},
			],
			workflows: [join(__dirname, 'workflows', 'webhook-analyze.json')],
		});
		process.stdout.write(`queue cluster started in ${Date.now() - started} ms\n`);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await cluster?.stop();
		await simulator?.close();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	}, 120_000);

	it('answers concurrent multipart webhook calls, each run on a worker', async () => {
		const video = readFileSync(join(REPO, 'samples', 'selfie-live.mp4'));
		const call = async (caseId: string) => {
			const form = new FormData();
			form.append('caseId', caseId);
			form.append('video', new Blob([video], { type: 'video/mp4' }), 'selfie.mp4');
			const response = await fetch(cluster!.webhookUrl('analyze'), { method: 'POST', body: form });
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		};
		const caseIds = Array.from({ length: CALLS }, (_, index) => `case-${index + 1}`);
		const answers = await Promise.all(caseIds.map(call));

		expect(answers).toEqual(
			caseIds.map((caseId) => ({ status: 200, body: { caseId, decision: 'SUCCESS' } })),
		);
		expect(simulator.store.requests).toHaveLength(CALLS);
		// The main only enqueues; every enqueued execution was started by one of the workers.
		const enqueued = cluster!.enqueuedExecutions();
		const perWorker = cluster!.executionsPerWorker();
		expect(enqueued).toHaveLength(CALLS);
		expect(Object.values(perWorker).flat().sort()).toEqual([...enqueued].sort());
		expect(cluster!.logs().main).not.toMatch(/started execution/);
		const rss = [cluster!.mainPid, ...cluster!.workers.map((worker) => worker.pid)].map(peakRssKb);
		process.stdout.write(
			`executions per worker ${JSON.stringify(perWorker)}, peak RSS kB ${rss}\n`,
		);
	});

	it('stop() ends every process it started, by PID', async () => {
		const pids = cluster!.pids;
		expect(pids.every(pidAlive)).toBe(true);
		await cluster!.stop();
		expect(pids.filter(pidAlive)).toEqual([]);
	}, 120_000);
});
