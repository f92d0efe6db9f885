import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CURRENT_N8N, freePort, installN8n, N8nInstance, packPackage, REPO } from './rig';
import type { CredentialData } from './rig';

const EXAMPLE_CREDENTIAL_ID = 'ozSimulatorCred1';
const EXAMPLE_FILES = [
	'01-selfie-liveness-decision.json',
	'02-liveness-face-match-to-file.json',
	'03-nightly-batch-summary.json',
	'04-blacklist-named-hit.json',
	'05-backend-for-oz-web-sdk.json',
];

/** The stable n8n the demo and the editor run on. */
export const DEMO_N8N = CURRENT_N8N;

export interface OzTarget {
	baseUrl: string;
	accessToken: string;
}

/** A real n8n with this package installed, the Oz credential and the examples imported. */
export async function prepareN8n(
	target: OzTarget,
	samplesUrl: string,
	examples = EXAMPLE_FILES,
): Promise<N8nInstance> {
	const install = installN8n(DEMO_N8N.version, DEMO_N8N.nodeMajor);
	const packDir = mkdtempSync(join(tmpdir(), 'oz-n8n-pack-'));
	try {
		const n8n = await N8nInstance.create(install, packPackage(packDir), samplesUrl);
		const credential: CredentialData = {
			id: EXAMPLE_CREDENTIAL_ID,
			name: 'Oz Simulator',
			type: 'ozForensicsApi',
			data: { baseUrl: target.baseUrl, accessToken: target.accessToken },
		};
		await n8n.importCredentials([credential]);
		for (const file of examples) await n8n.importWorkflowFile(join(REPO, 'examples', file));
		return n8n;
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

export const EDITOR_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'OzDemo-Passw0rd',
};

export interface EditorSession {
	url: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/** Starts the n8n editor on loopback and creates its owner account, ready to log in. */
export async function startEditor(n8n: N8nInstance, port?: number): Promise<EditorSession> {
	const editorPort = port ?? (await freePort());
	const child = await n8n.startEditor(editorPort);
	const url = `http://127.0.0.1:${editorPort}`;
	const setup = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(EDITOR_OWNER),
	});
	if (!setup.ok) throw new Error(`owner setup failed: HTTP ${setup.status} ${await setup.text()}`);
	return {
		url,
		process: child,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
				setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
			}),
	};
}
