/**
 * The node on n8n's distributed engine: n8n 2.41.1 in queue mode (a main and two workers,
 * Postgres 17, Redis, binary data in the database), with production webhooks as the load.
 * Figures go to test-output/queue-mode.json for the README and bench/RESULTS.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { fakeMedia, mediaWithLiveness } from '../../test/support/media';
import {
	CURRENT_N8N,
	INSTALL_TIMEOUT_MS,
	installN8n,
	packPackage,
	REPO,
	simulatorCredential,
} from '../rig';
import type { Answer } from './callers';
import { callAnalyze, callCapture, callFiles, postContainer, until } from './callers';
import { startQueueCluster, type QueueCluster } from './cluster';
import { peakRssKb, pidAlive } from './processes';

const TOKEN = ['e2e', 'queue', 'access'].join('-');
const MB = 1024 * 1024;
const figures: Record<string, unknown> = {};

/** Every fourth applicant's video is a spoof: each caller must get its own decision back. */
const outcome = (caseId: string) => (Number(caseId.split('-').at(-1)) % 4 === 3 ? 'spoof' : 'live');
const videoOf = (caseId: string) => mediaWithLiveness(outcome(caseId), caseId);
const decisionOf = (caseId: string) => (outcome(caseId) === 'live' ? 'SUCCESS' : 'DECLINED');

describe(`queue mode: n8n ${CURRENT_N8N.version}, a main and two workers, Postgres 17, Redis, database binary data`, () => {
	let simulator: Simulator;
	let cluster: QueueCluster;
	let packDir: string;
	const singleRequests = () =>
		simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');
	const ranSince = (before: Record<string, string[]>) =>
		Object.fromEntries(
			Object.entries(cluster.executionsPerWorker()).map(([name, ids]) => [
				name,
				ids.length - (before[name]?.length ?? 0),
			]),
		);

	beforeAll(async () => {
		simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
		packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
		const started = Date.now();
		cluster = await startQueueCluster({
			install: installN8n(CURRENT_N8N.version, CURRENT_N8N.nodeMajor),
			tarball: packPackage(packDir),
			simulatorUrl: simulator.url,
			workers: 2,
			workerConcurrency: 5,
			credentials: [simulatorCredential(simulator.url, TOKEN)],
			workflows: [
				'webhook-analyze.json',
				'webhook-analyze-keyed.json',
				'webhook-files.json',
				'webhook-files-baseline.json',
				'webhook-files-write.json',
			]
				.map((file) => join(__dirname, 'workflows', file))
				.concat(join(REPO, 'examples', '05-backend-for-oz-web-sdk.json')),
		});
		figures.startupSeconds = Math.round((Date.now() - started) / 1000);
	}, INSTALL_TIMEOUT_MS);

	beforeEach(() => {
		simulator.store.reset();
		Object.assign(simulator.settings, { failNext: [], latencyMs: 0, quirks: {} });
	});

	afterAll(async () => {
		mkdirSync(join(REPO, 'test-output'), { recursive: true });
		writeFileSync(join(REPO, 'test-output', 'queue-mode.json'), JSON.stringify(figures, null, 2));
		await cluster?.stop();
		await simulator?.close();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	}, 120_000);

	it('40 concurrent webhook calls, each with its own video: 40 right answers, run on both workers', async () => {
		simulator.settings.latencyMs = 300;
		const before = cluster.executionsPerWorker();
		const caseIds = Array.from({ length: 40 }, (_, i) => `case-${i}`);
		const started = Date.now();
		const answers = await Promise.all(
			caseIds.map((caseId) => callAnalyze(cluster, 'analyze', caseId, videoOf(caseId))),
		);
		const wallMs = Date.now() - started;
		expect(answers.map(({ status, body }) => ({ status, body }))).toEqual(
			caseIds.map((caseId) => ({ status: 200, body: { caseId, decision: decisionOf(caseId) } })),
		);
		// One folder per caller, made from that caller's upload.
		expect(singleRequests()).toHaveLength(40);
		expect(new Set(singleRequests().map((r) => r.files[0]?.fileName)).size).toBe(40);
		const perWorker = ranSince(before);
		expect(Object.values(perWorker).reduce((a, b) => a + b, 0)).toBe(40);
		expect(Object.values(perWorker).every((count) => count > 0)).toBe(true);
		expect(cluster.logs().main).not.toMatch(/Worker started execution/);
		figures.webhooks = {
			calls: 40,
			wallMs,
			perWorker,
			slowestMs: Math.max(...answers.map((a) => a.ms)),
		};
	}, 300_000);

	it('example 5: 10 pages at once, each with its own session token and container, get their own decisions; a repost makes no second folder', async () => {
		const containerPosts = () =>
			simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders');
		const before = cluster.executionsPerWorker();
		const caseIds = Array.from({ length: 10 }, (_, i) => `capture-${i}`);
		const started = Date.now();
		const answers = await Promise.all(
			caseIds.map((caseId) => callCapture(cluster, caseId, videoOf(caseId))),
		);
		const wallMs = Date.now() - started;
		expect(answers.map(({ caseId, status, body }) => ({ caseId, status, body }))).toEqual(
			caseIds.map((caseId) => ({
				caseId,
				status: 200,
				body: { decision: decisionOf(caseId) === 'SUCCESS' ? 'approved' : 'rejected' },
			})),
		);
		expect(containerPosts()).toHaveLength(10);
		expect(simulator.store.folders.size).toBe(10);
		// A token and a capture per page, all on the workers.
		const perWorker = ranSince(before);
		expect(Object.values(perWorker).reduce((a, b) => a + b, 0)).toBe(20);
		// Each worker remembers only what it sent: on the other, Oz refuses the spent token.
		const reposts = await Promise.all(
			answers.map((answer) => postContainer(cluster, answer.caseId, answer.container)),
		);
		for (const [index, repost] of reposts.entries())
			expect([repost.status, repost.body]).toEqual(
				repost.status === 200
					? [200, answers[index].body]
					: [
							422,
							{
								error: expect.stringMatching(
									/^Oz API error 14: Invalid or empty Session Token \(HTTP 400\)/,
								),
							},
						],
			);
		expect(simulator.store.folders.size).toBe(10);
		figures.sdkCaptures = {
			pages: 10,
			wallMs,
			perWorker,
			repostsAnswered: reposts.filter((r) => r.status === 200).length,
			repostsRefused: reposts.filter((r) => r.status === 422).length,
		};
	}, 300_000);

	it('a batch of 100 items at Parallel Requests 4 on one worker: all answered, in order', async () => {
		const folder = join(cluster.workDir, 'batch100');
		mkdirSync(folder, { recursive: true });
		for (let i = 0; i < 100; i++)
			writeFileSync(
				join(folder, `item-${String(i).padStart(3, '0')}.mp4`),
				fakeMedia(`batch-${i}`),
			);
		const before = cluster.executionsPerWorker();
		const { status, items } = await callFiles(cluster, 'files', {
			folder: 'batch100',
			parallel: 4,
		});
		expect(status).toBe(200);
		expect(items.map((item) => (item.meta_data as { file?: string } | undefined)?.file)).toEqual(
			Array.from({ length: 100 }, (_, i) => `item-${String(i).padStart(3, '0')}.mp4`),
		);
		expect(items.every((item) => typeof item.folder_id === 'string' && !item.error)).toBe(true);
		expect(singleRequests()).toHaveLength(100);
		expect(simulator.store.maxInFlight).toBeLessThanOrEqual(4);
		expect(Object.values(ranSince(before)).sort()).toEqual([0, 1]);
	}, 300_000);

	/*
	 * n8n 2.41's database binary store reads a whole file even for a stream, through Postgres'
	 * hex text: one read of a 20 MB file costs several times its size for a moment. The floor is
	 * measured beside the node: n8n's own Write Files to Disk node reading each file back.
	 */
	it('memory in database mode: 20 uploads of 20 MB, Parallel Requests 2 and 5, within (Parallel Requests − 1) × 20 MB + 64 MB of n8n reading the files itself', async () => {
		const folder = join(cluster.workDir, 'memory20');
		mkdirSync(folder, { recursive: true });
		mkdirSync(join(cluster.workDir, 'written'), { recursive: true });
		for (let i = 0; i < 20; i++)
			writeFileSync(join(folder, `item-${String(i).padStart(3, '0')}.mp4`), randomBytes(20 * MB));
		// Each row on a fresh worker, the others stopped: what one execution takes, nothing earlier.
		const peakMb = async (path: string, parallel?: number) => {
			for (const worker of cluster.workers.filter((w) => pidAlive(w.pid))) await worker.stop();
			const worker = await cluster.addWorker();
			const result = await callFiles(cluster, path, { folder: 'memory20', parallel });
			expect(result.status).toBe(200);
			expect(result.items).toHaveLength(20);
			expect(cluster.executionsPerWorker()[worker.name]).toHaveLength(1);
			return { mb: (peakRssKb(worker.pid) ?? NaN) / 1024, items: result.items };
		};
		const baseline = await peakMb('files-baseline');
		const reading = await peakMb('files-write');
		const peaks: Record<string, number> = { baseline: baseline.mb, n8nReadsEachFile: reading.mb };
		for (const parallel of [2, 5]) {
			simulator.store.reset();
			const run = await peakMb('files', parallel);
			expect(run.items.filter((item) => item.folder_id && !item.error)).toHaveLength(20);
			expect(singleRequests().map((r) => r.files[0]?.data.length)).toEqual(Array(20).fill(20 * MB));
			peaks[`parallel${parallel}`] = run.mb;
			// 20 files held at once would be 400 MB: each is let go once it is sent.
			expect(run.mb - reading.mb).toBeLessThanOrEqual((parallel - 1) * 20 + 64);
		}
		figures.memoryPeakMb = peaks;
		// Two workers again for what follows.
		await cluster.addWorker();
	}, 600_000);

	/**
	 * 10 callers at once against a slow Oz; one worker is killed (SIGKILL) while Oz works on all
	 * 10. Callers whose execution died get an error and retry, as webhook senders do.
	 */
	async function killAWorkerMidRun(path: string, prefix: string) {
		simulator.settings.latencyMs = 5000;
		const before = cluster.executionsPerWorker();
		const caseIds = Array.from({ length: 10 }, (_, i) => `${prefix}-${i}`);
		const calls = caseIds.map((caseId) => callAnalyze(cluster, path, caseId, videoOf(caseId)));
		await until(() => singleRequests().length === 10, 120_000, '10 single requests at Oz');
		// The shared limit sends each worker's requests a few at a time: the victim is a worker
		// with executions still running (waiting for Oz), so that its callers are the ones cut off.
		const running = cluster.runningPerWorker();
		const victim = cluster.workers.find(
			(w) =>
				pidAlive(w.pid) &&
				(ranSince(before)[w.name] ?? 0) > 0 &&
				(running[w.name]?.length ?? 0) > 0,
		);
		if (!victim) throw new Error('no worker runs any of the executions');
		victim.kill('SIGKILL');
		const first = await Promise.all(calls);
		await until(() => simulator.store.inFlight === 0, 60_000, 'Oz to finish its work');
		const foldersAfterKill = simulator.store.folders.size;
		simulator.settings.latencyMs = 0;
		const failed = first.filter((answer) => answer.status !== 200);
		const retries: Answer[] = [];
		for (const { caseId } of failed)
			retries.push(await callAnalyze(cluster, path, caseId, videoOf(caseId)));
		await cluster.addWorker();
		return { first, failed, retries, foldersAfterKill, folders: simulator.store.folders.size };
	}

	const expectRightAnswers = (answers: Answer[]) =>
		expect(answers.map(({ caseId, status, body }) => ({ caseId, status, body }))).toEqual(
			answers.map(({ caseId }) => ({
				caseId,
				status: 200,
				body: { caseId, decision: decisionOf(caseId) },
			})),
		);

	/** Some calls failed with the worker, Oz still did all 10, and every retry got its own answer. */
	const expectKillOutcome = (outcome: Awaited<ReturnType<typeof killAWorkerMidRun>>) => {
		expect(outcome.failed.length).toBeGreaterThan(0);
		expect(outcome.failed.length).toBeLessThan(10);
		expectRightAnswers(outcome.retries);
		expect(outcome.foldersAfterKill).toBe(10);
		return {
			failedCalls: outcome.failed.length,
			failedAfterMs: outcome.failed.map((a) => a.ms),
			folders: outcome.folders,
		};
	};

	it('a worker killed mid-run, no Idempotency Key: Oz did all 10, and each caller retry bills a second folder', async () => {
		const outcome = await killAWorkerMidRun('analyze', 'nokey');
		const killed = expectKillOutcome(outcome);
		expect(outcome.folders).toBe(10 + outcome.failed.length);
		figures.killWithoutKey = {
			...killed,
			failedStatus: [...new Set(outcome.failed.map((a) => a.status))],
		};
	}, 600_000);

	it('a worker killed mid-run, with an Idempotency Key: the retries find the folders, Oz holds one per caller', async () => {
		const outcome = await killAWorkerMidRun('analyze-keyed', 'keyed');
		const killed = expectKillOutcome(outcome);
		expect(outcome.folders).toBe(10);
		expect(singleRequests()).toHaveLength(10);
		const keys = [...simulator.store.folders.values()].map(
			(folder) => (folder.json.meta_data as Record<string, unknown>).n8n_idempotency_key,
		);
		expect([...keys].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `keyed-${i}`).sort());
		figures.killWithKey = killed;
	}, 600_000);

	it('the access token is in no process output', () => {
		for (const [name, log] of Object.entries(cluster.logs())) {
			expect({ name, leaked: log.includes(TOKEN) }).toEqual({ name, leaked: false });
			expect(log.length).toBeGreaterThan(0);
		}
	});

	it('stop() ends every process it started, by PID', async () => {
		const pids = cluster.pids;
		expect(pids.filter(pidAlive).length).toBeGreaterThanOrEqual(5);
		await cluster.stop();
		expect(pids.filter(pidAlive)).toEqual([]);
	}, 120_000);
});
