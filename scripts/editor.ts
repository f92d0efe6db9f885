/**
 * The n8n editor on localhost for a person to click through: this package installed, the
 * simulator running, an "Oz Simulator" credential and the examples imported.
 * Ctrl+C stops n8n and the simulator. OZ_EDITOR_PORT (default 5678), OZ_SIM_PORT (default 4010).
 */
import { join } from 'node:path';

import { REPO } from '../e2e/rig';
import { DEMO_N8N, EDITOR_OWNER, prepareN8n, startEditor } from '../e2e/session';
import { startSimulator } from '../simulator';

async function main() {
	const token = 'editor-simulator-token';
	const simulator = await startSimulator({
		port: Number(process.env.OZ_SIM_PORT ?? 4010),
		tokens: [token],
		samplesDir: join(REPO, 'samples'),
	});
	const n8n = await prepareN8n({ baseUrl: simulator.url, accessToken: token }, simulator.url);
	const editor = await startEditor(n8n, Number(process.env.OZ_EDITOR_PORT ?? 5678));
	process.stdout.write(
		[
			`n8n ${DEMO_N8N.version} editor: ${editor.url}`,
			`  log in as ${EDITOR_OWNER.email} / ${EDITOR_OWNER.password}`,
			`  examples: ${editor.url}/workflow/ozExampleLive001, …/ozExampleMatch02, …/ozExampleBatch03, …/ozExampleSdk0005`,
			`  Oz API simulator: ${simulator.url}; files the examples write go to ${n8n.workDir}`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	const stop = async () => {
		await editor.stop();
		await simulator.close();
		n8n.cleanUp();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
