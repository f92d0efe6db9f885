/**
 * Runs this package inside a real n8n: installs a pinned n8n into a cache folder, packs the
 * package and installs the tarball where n8n looks for community packages, imports
 * credentials and workflows with n8n's CLI, and runs workflows with `n8n execute`.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import versions from '../n8n-versions.json';

export const REPO = join(__dirname, '..');

/** Set-up hooks may install n8n when scripts/e2e.sh has not done it before: allow for that. */
export const INSTALL_TIMEOUT_MS = 30 * 60_000;
const run = promisify(execFile);

/** The n8n versions the suite covers, each with the Node.js major it runs on: n8n-versions.json. */
export const CURRENT_N8N = versions.current;
export const N8N_VERSIONS = [versions.current, versions.legacy] as const;

/** Where the examples point, rewritten on import to the simulator and folder of a run. */
const EXAMPLE_SIMULATOR_URL = 'http://127.0.0.1:4010';
const EXAMPLE_WORK_DIR = '/tmp/oz-n8n-demo';

export interface N8nInstall {
	version: string;
	dir: string;
	/** Folder of the node binary n8n runs on. */
	nodeBinDir: string;
}

/** Installs (or finds in the cache) a pinned n8n and the Node.js it needs. */
export function installN8n(version: string, nodeMajor: number): N8nInstall {
	const dir = execFileSync('bash', [join(REPO, 'scripts/install-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
	const nodeBin = execFileSync(
		'bash',
		['-c', `source "${join(REPO, 'scripts/use-node.sh')}" ${nodeMajor} >&2 && command -v node`],
		{
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	).trim();
	return { version, dir, nodeBinDir: join(nodeBin, '..') };
}

/** `npm pack` of the built package (run `npm run build` first). */
export function packPackage(destination: string): string {
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
	return join(destination, filename);
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export interface ExecutionResult {
	status: string;
	/** Output items (json only) of each node's last run. */
	nodes: Record<string, Array<Record<string, unknown>>>;
	/** How long each node's last run took, in ms, as n8n measured it. */
	executionTime: Record<string, number>;
	/** Peak resident memory of the n8n process, when measured (kB). */
	maxRssKb?: number;
	error?: { message?: string; description?: string; node?: { name?: string } };
	log: string;
}

export interface CredentialData {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The credential the workflows under e2e/ name ("Oz Simulator"), for a simulator and its token. */
export function simulatorCredential(simulatorUrl: string, accessToken: string): CredentialData {
	return {
		id: 'ozSimulatorCred1',
		name: 'Oz Simulator',
		type: 'ozForensicsApi',
		data: { baseUrl: simulatorUrl, accessToken },
	};
}

/** One n8n user folder with this package installed as a community package. */
export class N8nInstance {
	readonly userFolder: string;

	/** Folder the example workflows read from and write to. */
	readonly workDir: string;

	private brokerPort = 0;

	private constructor(
		readonly install: N8nInstall,
		readonly simulatorUrl: string,
	) {
		this.userFolder = mkdtempSync(join(tmpdir(), `oz-n8n-${install.version}-`));
		this.workDir = join(this.userFolder, 'work');
	}

	/** A fresh user folder with the tarball installed the way n8n installs community packages. */
	static async create(
		install: N8nInstall,
		tarball: string,
		simulatorUrl: string,
	): Promise<N8nInstance> {
		const instance = new N8nInstance(install, simulatorUrl);
		instance.brokerPort = await freePort();
		const nodesDir = join(instance.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			'{"name":"installed-nodes","private":true,"dependencies":{}}\n',
		);
		// Peer dependencies stay out: n8n provides n8n-workflow itself.
		await run(
			'npm',
			[
				'install',
				tarball,
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				'--no-package-lock',
			],
			{
				cwd: nodesDir,
			},
		);
		mkdirSync(join(instance.workDir, 'results'), { recursive: true });
		cpSync(join(REPO, 'samples', 'batch'), join(instance.workDir, 'batch'), { recursive: true });
		return instance;
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		// Extra settings for one command, e.g. the binary data mode of a benchmark run.
		return {
			...process.env,
			PATH: `${this.install.nodeBinDir}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			// n8n 1.123's isolated-vm does not build on Node 20.20; its legacy engine is supported there.
			N8N_EXPRESSION_ENGINE: 'legacy',
			N8N_RESTRICT_FILE_ACCESS_TO: this.workDir,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			// jest sets NODE_ENV=test, which silences n8n's output: run it as users do.
			NODE_ENV: 'production',
			...extra,
		};
	}

	private async n8n(
		args: string[],
		env: Record<string, string> = {},
		measureMemory = false,
	): Promise<string> {
		const bin = join(this.install.dir, 'node_modules', 'n8n', 'bin', 'n8n');
		const node = join(this.install.nodeBinDir, 'node');
		// GNU time reports the peak resident memory of the process it runs.
		const [command, commandArgs] = measureMemory
			? ['/usr/bin/time', ['-v', node, bin, ...args]]
			: [node, [bin, ...args]];
		const { stdout, stderr } = await run(command, commandArgs, {
			env: this.env(env),
			// n8n prints the whole run data; with inline binaries (n8n 1.x default mode) that is large.
			maxBuffer: 1024 * 1024 * 1024,
		}).catch((error: { stdout?: string; stderr?: string; message?: string }) => ({
			stdout: error.stdout ?? '',
			stderr: `${error.stderr ?? ''}\n${error.message ?? ''}`,
		}));
		return `${stdout}\n${stderr}`;
	}

	/** Rewrites an example's simulator address and work folder to this run's. */
	localise(text: string): string {
		return text
			.split(EXAMPLE_SIMULATOR_URL)
			.join(this.simulatorUrl)
			.split(EXAMPLE_WORK_DIR)
			.join(this.workDir);
	}

	async importCredentials(credentials: CredentialData[]): Promise<void> {
		const file = join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		const log = await this.n8n(['import:credentials', `--input=${file}`]);
		rmSync(file);
		if (!/Successfully imported/.test(log)) throw new Error(`credential import failed:\n${log}`);
	}

	/**
	 * Makes an imported workflow's triggers (webhooks) live at the next `n8n start`: n8n 2.x
	 * publishes it, n8n 1.x marks it active.
	 */
	async activateWorkflow(workflowId: string): Promise<void> {
		const [args, success] = this.install.version.startsWith('1.')
			? [
					['update:workflow', `--id=${workflowId}`, '--active=true'],
					/Activating workflow|activated/i,
				]
			: [['publish:workflow', `--id=${workflowId}`], /Publishing workflow with ID/];
		const log = await this.n8n(args);
		if (!success.test(log)) throw new Error(`activating workflow ${workflowId} failed:\n${log}`);
	}

	async importWorkflowFile(path: string): Promise<void> {
		const file = join(this.userFolder, `import-${readdirSync(this.userFolder).length}.json`);
		writeFileSync(file, this.localise(readFileSync(path, 'utf8')));
		const log = await this.n8n(['import:workflow', `--input=${file}`]);
		if (!/Successfully imported/.test(log)) throw new Error(`workflow import failed:\n${log}`);
	}

	/** `n8n execute --id`, with the run data n8n prints after a line of "=" parsed. */
	async execute(
		workflowId: string,
		options: { env?: Record<string, string>; measureMemory?: boolean; parseRunData?: boolean } = {},
	): Promise<ExecutionResult> {
		const log = await this.n8n(
			['execute', `--id=${workflowId}`],
			options.env,
			options.measureMemory,
		);
		const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(log);
		const maxRssKb = rss ? Number(rss[1]) : undefined;
		if (options.parseRunData === false) {
			// n8n cuts what it prints of very large run data (inline binaries); the status line is enough.
			const status = /Execution was successful/.test(log) ? 'success' : 'error';
			return { status, nodes: {}, executionTime: {}, log, maxRssKb };
		}
		const lines = log.split('\n');
		const start = lines.findIndex((line) => /^={10,}$/.test(line.trim()));
		const end = lines.findIndex((line, index) => index > start && line === '}');
		if (start < 0 || end < 0) throw new Error(`no run data in n8n's output:\n${log}`);
		const run = JSON.parse(lines.slice(start + 1, end + 1).join('\n')) as {
			status: string;
			data: {
				resultData: {
					runData: Record<
						string,
						Array<{
							executionTime?: number;
							data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
						}>
					>;
					error?: ExecutionResult['error'];
				};
			};
		};
		const nodes: ExecutionResult['nodes'] = {};
		const executionTime: ExecutionResult['executionTime'] = {};
		for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
			const last = runs[runs.length - 1];
			nodes[name] = (last?.data?.main ?? []).flatMap((output) =>
				(output ?? []).map((item) => item.json),
			);
			executionTime[name] = last?.executionTime ?? 0;
		}
		return {
			status: run.status,
			nodes,
			executionTime,
			error: run.data.resultData.error,
			log,
			maxRssKb,
		};
	}

	/** `n8n start` with the editor on a port of loopback; resolves once it answers. */
	async startEditor(port: number): Promise<ChildProcess> {
		const bin = join(this.install.dir, 'node_modules', 'n8n', 'bin', 'n8n');
		const child = spawn(join(this.install.nodeBinDir, 'node'), [bin, 'start'], {
			env: this.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_SECURE_COOKIE: 'false',
				N8N_HOST: '127.0.0.1',
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null) throw new Error(`n8n exited early:\n${output}`);
			const ready = await fetch(`http://127.0.0.1:${port}/healthz/readiness`)
				.then((r) => r.ok)
				.catch(() => false);
			if (ready) return child;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		child.kill('SIGTERM');
		throw new Error(`n8n did not start within 120 s:\n${output}`);
	}

	cleanUp(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
