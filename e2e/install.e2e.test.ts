/**
 * README → Installation, word for word. The bash block between `<!-- install-steps -->` and
 * `<!-- /install-steps -->` runs unchanged in a temporary home folder that holds a copy of this
 * repository's files as `~/n8n-nodes-oz-forensics` (the files git tracks or would track, no
 * node_modules, no dist): npm ci, the build, npm pack, and the install into `~/.n8n/nodes`.
 * Only the paths are elsewhere: HOME is the temporary folder, so `~` in the steps is it, and
 * n8n's user folder is its `.n8n` as on a machine without N8N_USER_FOLDER. Then n8n 2.41.1
 * starts there ("restart n8n"), imports example 1 and runs it against the simulator, which
 * takes the node type loaded from the tarball.
 *
 * The Dockerfile below the steps is checked as text only (its instructions, the base image's
 * version, the same tarball and npm flags as the steps, its shell with `sh -n`): Docker cannot
 * run here, there is no engine.
 */
import { execFile } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { startSimulator, type Simulator } from '../simulator';
import {
	CURRENT_N8N,
	freePort,
	INSTALL_TIMEOUT_MS,
	installN8n,
	REPO,
	simulatorCredential,
	type N8nInstall,
} from './rig';

const run = promisify(execFile);

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;
const CLONE = 'n8n-nodes-oz-forensics';
const TOKEN = ['install', 'e2e', 'token'].join('-');
/** Where example 1 points, put to this run's simulator on import. */
const EXAMPLE_SIMULATOR_URL = 'http://127.0.0.1:4010';

/** The README's Installation section. */
function installationSection(): string {
	const start = README.indexOf('\n## Installation\n');
	const end = README.indexOf('\n## ', start + 1);
	if (start < 0 || end < 0) throw new Error('README.md has no "## Installation" section');
	return README.slice(start, end);
}

/** The one fenced block of this language between the markers (or anywhere in the section). */
function fencedBlock(text: string, language: string): string {
	const blocks = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter(
		([, lang]) => lang === language,
	);
	if (blocks.length !== 1)
		throw new Error(`expected one \`\`\`${language} block, found ${blocks.length}`);
	return blocks[0][2];
}

function installSteps(): string {
	const section = installationSection();
	const open = section.indexOf('<!-- install-steps -->');
	const close = section.indexOf('<!-- /install-steps -->');
	if (open < 0 || close < open)
		throw new Error('no <!-- install-steps --> markers in Installation');
	return fencedBlock(section.slice(open, close), 'bash');
}

/** The Dockerfile's instructions, continuation lines joined, comments left out. */
function dockerInstructions(): Array<{ keyword: string; args: string }> {
	return fencedBlock(installationSection(), 'dockerfile')
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => {
			const [keyword, ...rest] = line.split(/\s+/);
			return { keyword, args: rest.join(' ') };
		});
}

/** The files of a clone of this repository as it stands: what git tracks or would track. */
async function copyRepository(destination: string): Promise<void> {
	const { stdout } = await run(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{
			cwd: REPO,
			maxBuffer: 64 * 1024 * 1024,
		},
	);
	for (const file of stdout.split('\0').filter(Boolean)) {
		const from = join(REPO, file);
		// A file deleted in the working tree is not in a clone made from it either.
		if (!existsSync(from)) continue;
		mkdirSync(dirname(join(destination, file)), { recursive: true });
		copyFileSync(from, join(destination, file));
	}
}

describe('README installation steps', () => {
	it('name the tarball npm pack makes of this package', () => {
		const steps = installSteps();
		expect(steps).toContain('npm pack');
		expect(steps).toContain(`cp ~/${CLONE}/${TARBALL} .`);
		expect(steps).toContain(`npm install ./${TARBALL}`);
	});

	it('have a Dockerfile on the n8n image the suite tests, installing as the steps do', async () => {
		const instructions = dockerInstructions();
		const known = ['FROM', 'USER', 'COPY', 'RUN', 'ENV', 'ARG', 'WORKDIR'];
		for (const { keyword } of instructions) expect(known).toContain(keyword);
		expect(instructions[0]).toEqual({
			keyword: 'FROM',
			args: `n8nio/n8n:${CURRENT_N8N.version}`,
		});
		// The image's user folder is the user node's: the install must run as that user.
		expect(instructions.filter((i) => i.keyword === 'USER')).toEqual([
			{ keyword: 'USER', args: 'node' },
		]);
		expect(instructions.filter((i) => i.keyword === 'COPY')).toEqual([
			{ keyword: 'COPY', args: `${TARBALL} /tmp/` },
		]);
		const [install] = instructions.filter((i) => i.keyword === 'RUN');
		expect(install.args).toContain('cd /home/node/.n8n/nodes');
		expect(install.args).toContain(`cp /tmp/${TARBALL} .`);
		const npmInstall = installSteps()
			.split('\n')
			.find((line) => line.startsWith('npm install '));
		expect(npmInstall).toBeDefined();
		expect(install.args).toContain(npmInstall);
		// The shell of the RUN line parses (sh -n reads without running).
		await expect(run('sh', ['-n', '-c', install.args])).resolves.toBeDefined();
	});
});

describe(`README installation steps, run as written, then n8n ${CURRENT_N8N.version}`, () => {
	let install: N8nInstall;
	let home: string;
	let simulator: Simulator;
	let stepsLog = '';

	/** n8n's CLI as the user starts it: n8n's user folder is ~/.n8n of the temporary HOME. */
	async function n8n(args: string[]): Promise<string> {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			HOME: home,
			PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			// jest sets NODE_ENV=test, which silences n8n's output: run it as users do.
			NODE_ENV: 'production',
		};
		delete env.N8N_USER_FOLDER;
		const bin = join(install.dir, 'node_modules', 'n8n', 'bin', 'n8n');
		const { stdout, stderr } = await run(join(install.nodeBinDir, 'node'), [bin, ...args], {
			env,
			cwd: home,
			maxBuffer: 256 * 1024 * 1024,
		}).catch((error: { stdout?: string; stderr?: string; message?: string }) => ({
			stdout: error.stdout ?? '',
			stderr: `${error.stderr ?? ''}\n${error.message ?? ''}`,
		}));
		return `${stdout}\n${stderr}`;
	}

	beforeAll(async () => {
		install = installN8n(CURRENT_N8N.version, CURRENT_N8N.nodeMajor);
		home = mkdtempSync(join(tmpdir(), 'oz-readme-home-'));
		await copyRepository(join(home, CLONE));
		const steps = installSteps();
		const { stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', steps], {
			cwd: home,
			env: {
				...process.env,
				HOME: home,
				// The Node.js that n8n runs on, as on the machine the README speaks to.
				PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
				// npm's cache stays the machine's: only the paths of the steps move.
				npm_config_cache: join(process.env.HOME ?? tmpdir(), '.npm'),
			},
			maxBuffer: 256 * 1024 * 1024,
		}).catch((error: { stdout?: string; stderr?: string; message?: string }) => {
			throw new Error(
				`the README's steps failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
			);
		});
		stepsLog = `${stdout}\n${stderr}`;
		simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await simulator?.close();
		if (home) rmSync(home, { recursive: true, force: true });
	});

	it('install the package into ~/.n8n/nodes, without a second n8n-workflow', () => {
		const nodes = join(home, '.n8n', 'nodes');
		const installed = JSON.parse(
			readFileSync(join(nodes, 'node_modules', PACKAGE.name, 'package.json'), 'utf8'),
		) as { version: string };
		expect(installed.version).toBe(PACKAGE.version);
		expect(existsSync(join(nodes, 'node_modules', PACKAGE.name, 'dist', 'nodes'))).toBe(true);
		expect(existsSync(join(nodes, 'node_modules', 'n8n-workflow'))).toBe(false);
		// The folder's package.json names the tarball kept beside it.
		const folder = JSON.parse(readFileSync(join(nodes, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		expect(folder.dependencies).toEqual({ [PACKAGE.name]: `file:${TARBALL}` });
		expect(existsSync(join(nodes, TARBALL))).toBe(true);
		expect(stepsLog).toContain(TARBALL);
	});

	it('give an n8n that loads the node: example 1 runs against the simulator', async () => {
		const credentials = join(home, 'credentials.json');
		writeFileSync(credentials, JSON.stringify([simulatorCredential(simulator.url, TOKEN)]));
		expect(await n8n(['import:credentials', `--input=${credentials}`])).toMatch(
			/Successfully imported/,
		);
		const example = join(home, 'example-01.json');
		writeFileSync(
			example,
			readFileSync(join(REPO, 'examples', '01-selfie-liveness-decision.json'), 'utf8')
				.split(EXAMPLE_SIMULATOR_URL)
				.join(simulator.url),
		);
		expect(await n8n(['import:workflow', `--input=${example}`])).toMatch(/Successfully imported/);

		const log = await n8n(['execute', '--id=ozExampleLive001']);
		expect(log).not.toMatch(/Unrecognized node type/i);
		// n8n prints the run data after a line of "=".
		const lines = log.split('\n');
		const start = lines.findIndex((line) => /^={10,}$/.test(line.trim()));
		const end = lines.findIndex((line, index) => index > start && line === '}');
		if (start < 0 || end < 0) throw new Error(`no run data in n8n's output:\n${log}`);
		const runData = JSON.parse(lines.slice(start + 1, end + 1).join('\n')) as {
			status: string;
			data: {
				resultData: {
					runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: object }>> } }>>;
				};
			};
		};
		expect(runData.status).toBe('success');
		const [checked] = runData.data.resultData.runData['Check Liveness'][0].data?.main?.[0] ?? [];
		expect(checked?.json).toMatchObject({ system_resolution: 'SUCCESS' });
		expect(simulator.store.requests).toHaveLength(1);
	});
});
