/**
 * n8n in queue mode with real servers: Postgres, Redis, one main (`n8n start`) and workers
 * (`n8n worker`), all on 127.0.0.1 with their own ports, sharing one user folder in which
 * the packed package is installed. `stop()` ends every process by PID.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

import { N8nInstance, type CredentialData, type N8nInstall } from '../rig';
import { cleanupList, GiveUp, spawnLogged, tail, waitFor } from './processes';
import type { Cleanup, Managed } from './processes';
import { processEnvs, sharedEnv } from './env';
import { installQueueDeps, queryPostgres, startPostgres, startRedis } from './servers';

const run = promisify(execFile);
const START_TIMEOUT_MS = 180_000;
/** n8n waits up to 30 s for running executions on SIGTERM; SIGKILL comes after that. */
const N8N_STOP_GRACE_MS = 40_000;

export interface QueueClusterOptions {
	install: N8nInstall;
	tarball: string;
	simulatorUrl: string;
	workers?: number;
	workerConcurrency?: number;
	credentials: CredentialData[];
	/** Workflow JSON files (each with an `id`) to import and publish before n8n starts. */
	workflows: string[];
	/** Extra environment for every n8n process and CLI command. */
	env?: Record<string, string>;
}

interface QueueWorker {
	name: string;
	pid: number;
	healthPort: number;
	kill(signal?: NodeJS.Signals): boolean;
	/** Stops it as an operator would (SIGTERM: it finishes what it runs) and waits until it is gone. */
	stop(): Promise<void>;
}

export interface QueueCluster {
	mainUrl: string;
	/** The folder n8n may read and write files in (N8N_RESTRICT_FILE_ACCESS_TO). */
	workDir: string;
	mainPid: number;
	workers: QueueWorker[];
	/** Every PID the cluster started: main, workers, Postgres, Redis. */
	readonly pids: number[];
	/** Starts one more worker (e.g. after one was killed) and waits until it is ready. */
	addWorker(): Promise<QueueWorker>;
	webhookUrl(path: string): string;
	/** Captured stdout+stderr of each process by name (main, worker-1, …, postgres, redis). */
	logs(): Record<string, string>;
	/** Execution ids each worker logged as started ("Worker started execution …"), by worker. */
	executionsPerWorker(): Record<string, string[]>;
	/** Execution ids each worker started and has not yet logged as finished, by worker. */
	runningPerWorker(): Record<string, string[]>;
	/** Execution ids the main put on the queue ("Enqueued execution …"). */
	enqueuedExecutions(): string[];
	stop(): Promise<void>;
}

interface Context {
	dir: string;
	cleanup: Cleanup;
	options: QueueClusterOptions;
	instance: N8nInstance;
}

/** `node …/n8n` of the pinned install, as a command and its leading arguments. */
function n8nCommand(instance: N8nInstance, args: string[]): [string, string[]] {
	const bin = join(instance.install.dir, 'node_modules', 'n8n', 'bin', 'n8n');
	return [join(instance.install.nodeBinDir, 'node'), [bin, ...args]];
}

/** Imports credentials and workflows into Postgres with the CLI and publishes each workflow. */
async function seed({ dir, options, instance }: Context, env: Record<string, string>) {
	const ids: string[] = [];
	const cli = async (args: string[], success: RegExp) => {
		const log = await run(...n8nCommand(instance, args), { env: instance.env(env) })
			.then(({ stdout, stderr }) => `${stdout}\n${stderr}`)
			.catch((error: { stdout?: string; stderr?: string; message?: string }) =>
				[error.stdout, error.stderr, error.message].join('\n'),
			);
		if (!success.test(log)) throw new Error(`n8n ${args.join(' ')} failed:\n${tail(log)}`);
	};
	const credentials = join(dir, 'credentials.json');
	writeFileSync(credentials, JSON.stringify(options.credentials));
	await cli(['import:credentials', `--input=${credentials}`], /Successfully imported/);
	for (const path of options.workflows) {
		const text = instance.localise(readFileSync(path, 'utf8'));
		const { id } = JSON.parse(text) as { id?: string };
		if (!id) throw new Error(`${path} has no workflow id to publish`);
		const file = join(dir, `workflow-${basename(path)}`);
		writeFileSync(file, text);
		await cli(['import:workflow', `--input=${file}`], /Successfully imported/);
		await cli(['publish:workflow', `--id=${id}`], /Publishing workflow with ID/);
		ids.push(id);
	}
	return ids;
}

/** n8n 2.41 activates workflows after its server answers: webhooks work once publication is done. */
async function published({ instance }: Context, postgresPort: number, workflowIds: string[]) {
	const sql =
		'SELECT "workflowId", status, "errorMessage" FROM workflow_publication_outbox ORDER BY id';
	const rows = await queryPostgres(instance.install.dir, postgresPort, sql);
	const latest = new Map(rows.map((row) => [row.workflowId, row]));
	return workflowIds.every((id) => {
		const { status, errorMessage } = latest.get(id) ?? { status: 'pending' };
		if (status === 'failed' || status === 'partial_success')
			throw new GiveUp(`publishing workflow ${id}: ${status} ${errorMessage}`);
		return status !== 'pending' && status !== 'in_progress';
	});
}

/** Redis, Postgres and the user folder side by side; what started is cleaned up on failure. */
async function startServers(dir: string, cleanup: Cleanup, options: QueueClusterOptions) {
	const nativeDir = installQueueDeps();
	const [redis, postgres, instance] = await Promise.allSettled([
		startRedis(dir),
		startPostgres(dir, nativeDir),
		N8nInstance.create(options.install, options.tarball, options.simulatorUrl),
	]);
	// Registered Redis first, so the newest-first cleanup stops Postgres before Redis.
	if (redis.status === 'fulfilled') cleanup.add(() => redis.value.stop());
	if (postgres.status === 'fulfilled') cleanup.add(() => postgres.value.stop());
	if (instance.status === 'fulfilled') cleanup.add(() => instance.value.cleanUp());
	for (const result of [redis, postgres, instance])
		if (result.status === 'rejected') throw result.reason;
	const value = <T>(result: PromiseSettledResult<T>) => (result as PromiseFulfilledResult<T>).value;
	return { redis: value(redis), postgres: value(postgres), instance: value(instance) };
}

const httpOk = async (url: string) => (await fetch(url)).ok;

type Ready = (process: Managed) => Promise<boolean>;

/** Spawns one n8n process, registered for cleanup at once, and waits until it is ready. */
function starter(context: Context, started: Managed[]) {
	const { dir, instance } = context;
	return async (name: string, args: string[], env: Record<string, string>, ready: Ready) => {
		const [node, nodeArgs] = n8nCommand(instance, args);
		const log = join(dir, `${name}.log`);
		const process = spawnLogged(name, node, nodeArgs, log, { env: instance.env(env) });
		started.push(process);
		await waitFor(name, () => ready(process), process, START_TIMEOUT_MS);
		return process;
	};
}

function startWorker(
	start: ReturnType<typeof starter>,
	name: string,
	env: Record<string, string>,
	concurrency: number,
) {
	return start(name, ['worker', `--concurrency=${concurrency}`], env, () =>
		httpOk(`http://127.0.0.1:${env.QUEUE_HEALTH_CHECK_PORT}/healthz/readiness`),
	);
}

/** Main and workers in parallel. */
async function startN8nProcesses(
	start: ReturnType<typeof starter>,
	envs: Awaited<ReturnType<typeof processEnvs>>,
	concurrency: number,
	workflowsReady: () => Promise<boolean>,
) {
	const mainUrl = `http://127.0.0.1:${envs.mainPort}`;
	const mainReady = async () => (await httpOk(`${mainUrl}/healthz/readiness`)) && workflowsReady();
	const [main, ...workers] = await Promise.all([
		start('main', ['start'], envs.main, mainReady),
		...envs.workers.map((env, index) =>
			startWorker(start, `worker-${index + 1}`, env, concurrency),
		),
	]);
	return { mainUrl, main, workers };
}

const ids = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]);

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const dir = mkdtempSync(join(tmpdir(), 'oz-n8n-queue-'));
	const cleanup = cleanupList();
	cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
	try {
		const { redis, postgres, instance } = await startServers(dir, cleanup, options);
		const context = { dir, cleanup, options, instance };
		const env = sharedEnv(postgres.port, redis.port, options.env);
		const workflowIds = await seed(context, env);
		const envs = await processEnvs(env, options.workers ?? 2);
		const started: Managed[] = [];
		cleanup.add(() => Promise.all(started.map((n8n) => n8n.stop('SIGTERM', N8N_STOP_GRACE_MS))));
		const start = starter(context, started);
		const concurrency = options.workerConcurrency ?? 5;
		const { mainUrl, main, workers } = await startN8nProcesses(start, envs, concurrency, () =>
			published(context, postgres.port, workflowIds),
		);
		const servers = [postgres.process, redis.process];
		const asWorker = (worker: Managed, env: Record<string, string>): QueueWorker => ({
			name: worker.name,
			pid: worker.pid,
			healthPort: Number(env.QUEUE_HEALTH_CHECK_PORT),
			kill: (signal: NodeJS.Signals = 'SIGTERM') => worker.child.kill(signal),
			stop: () => worker.stop('SIGTERM', N8N_STOP_GRACE_MS),
		});
		const cluster: QueueCluster = {
			mainUrl,
			workDir: instance.workDir,
			mainPid: main.pid,
			get pids() {
				return [...started, ...servers].map((managed) => managed.pid);
			},
			workers: workers.map((worker, index) => asWorker(worker, envs.workers[index])),
			addWorker: async () => {
				const workerEnv = (await processEnvs(env, 1)).workers[0];
				const name = `worker-${cluster.workers.length + 1}`;
				const worker = asWorker(await startWorker(start, name, workerEnv, concurrency), workerEnv);
				cluster.workers.push(worker);
				return worker;
			},
			webhookUrl: (path) => `${mainUrl}/webhook/${path}`,
			logs: () =>
				Object.fromEntries(
					[...started, ...servers].map((managed) => [managed.name, managed.log()]),
				),
			executionsPerWorker: () =>
				Object.fromEntries(
					started
						.filter((managed) => managed !== main)
						.map((w) => [w.name, ids(w.log(), /Worker started execution (\S+) \(job/g)]),
				),
			runningPerWorker: () =>
				Object.fromEntries(
					started
						.filter((managed) => managed !== main)
						.map((w) => {
							const log = w.log();
							const done = new Set(
								ids(log, /Worker (?:finished|errored while running) execution (\S+) \(job/g),
							);
							return [
								w.name,
								ids(log, /Worker started execution (\S+) \(job/g).filter((id) => !done.has(id)),
							];
						}),
				),
			enqueuedExecutions: () => ids(main.log(), /Enqueued execution (\S+) \(job/g),
			stop: () => cleanup.run(),
		};
		return cluster;
	} catch (error) {
		await cleanup.run();
		throw error;
	}
}
