/**
 * One n8n in regular mode (`n8n start`, SQLite, the package installed as a community package)
 * with webhook workflows live: the shape most users run, where every webhook call is its own
 * execution in the same process. `stop()` ends it by PID.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CredentialData, N8nInstall } from './rig';
import { freePort, N8nInstance } from './rig';
import { spawnLogged, tail, waitFor } from './queue/processes';

export interface RegularN8n {
	url: string;
	pid: number;
	workDir: string;
	webhookUrl(path: string): string;
	log(): string;
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

/** Webhook paths of a workflow file, to wait for until n8n has registered each. */
function webhookPaths(file: string): Array<{ path: string; method: string }> {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: Array<{ type: string; parameters: { path?: string; httpMethod?: string } }>;
	};
	return workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-base.webhook' && node.parameters.path)
		.map((node) => ({
			path: String(node.parameters.path),
			method: node.parameters.httpMethod ?? 'GET',
		}));
}

/**
 * A GET on a POST webhook answers n8n's "not registered for GET requests. Did you mean to make
 * a POST request?" once the webhook is live, and "is not registered" before: no execution runs.
 * A GET webhook is probed with a POST the same way.
 */
async function registered(url: string, method: string): Promise<boolean> {
	const probe = method === 'GET' ? 'POST' : 'GET';
	const text = await (await fetch(url, { method: probe })).text();
	return text.includes(`Did you mean to make a ${method} request`);
}

export async function startRegularN8n(options: {
	install: N8nInstall;
	tarball: string;
	simulatorUrl: string;
	credentials: CredentialData[];
	workflows: string[];
	env?: Record<string, string>;
}): Promise<RegularN8n> {
	const instance = await N8nInstance.create(options.install, options.tarball, options.simulatorUrl);
	try {
		await instance.importCredentials(options.credentials);
		for (const file of options.workflows) {
			await instance.importWorkflowFile(file);
			const { id } = JSON.parse(readFileSync(file, 'utf8')) as { id: string };
			await instance.activateWorkflow(id);
		}
		const port = await freePort();
		const env = instance.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			...options.env,
		});
		const bin = join(instance.install.dir, 'node_modules', 'n8n', 'bin', 'n8n');
		const logFile = join(instance.userFolder, 'n8n-start.log');
		writeFileSync(logFile, '');
		const n8n = spawnLogged(
			'n8n',
			join(instance.install.nodeBinDir, 'node'),
			[bin, 'start'],
			logFile,
			{
				env,
			},
		);
		const url = `http://127.0.0.1:${port}`;
		const stop = async () => {
			await n8n.stop('SIGTERM', 40_000);
			instance.cleanUp();
		};
		try {
			await waitFor(
				'n8n start',
				async () => (await fetch(`${url}/healthz/readiness`)).ok,
				n8n,
				START_TIMEOUT_MS,
			);
			const hooks = options.workflows.flatMap(webhookPaths);
			await waitFor(
				'webhooks',
				async () =>
					(
						await Promise.all(
							hooks.map(
								async ({ path, method }) => await registered(`${url}/webhook/${path}`, method),
							),
						)
					).every(Boolean),
				n8n,
				START_TIMEOUT_MS,
			);
		} catch (error) {
			await stop();
			throw new Error(`${String(error)}\n${tail(n8n.log())}`);
		}
		return {
			url,
			pid: n8n.pid,
			workDir: instance.workDir,
			webhookUrl: (path) => `${url}/webhook/${path}`,
			log: () => n8n.log(),
			stop,
		};
	} catch (error) {
		instance.cleanUp();
		throw error;
	}
}
