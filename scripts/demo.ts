/**
 * The one-command demo: starts the Oz API simulator, installs this package into a real n8n,
 * runs example 1 (selfie video → liveness → IF) with `n8n execute`, prints what Oz decided,
 * and stops everything it started. With OZ_BASE_URL and OZ_ACCESS_TOKEN set, the Oz
 * Forensics node talks to that host instead (the sample video still comes from the simulator).
 */
import { join } from 'node:path';

import { startSimulator } from '../simulator';
import { REPO } from '../e2e/rig';
import type { N8nInstance } from '../e2e/rig';
import { DEMO_N8N, prepareN8n } from '../e2e/session';

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
	const token = 'demo-simulator-token';
	const simulator = await startSimulator({ tokens: [token], samplesDir: join(REPO, 'samples') });
	const realHost = process.env.OZ_BASE_URL && process.env.OZ_ACCESS_TOKEN;
	const target = realHost
		? { baseUrl: process.env.OZ_BASE_URL ?? '', accessToken: process.env.OZ_ACCESS_TOKEN ?? '' }
		: { baseUrl: simulator.url, accessToken: token };
	let n8n: N8nInstance | undefined;
	try {
		say(
			`Oz Forensics demo: example 1 in n8n ${DEMO_N8N.version}, Oz API at ${realHost ? target.baseUrl : `${simulator.url} (simulator)`}`,
		);
		n8n = await prepareN8n(target, simulator.url, ['01-selfie-liveness-decision.json']);
		const result = await n8n.execute('ozExampleLive001');
		if (result.status !== 'success') {
			say(`The workflow failed: ${result.error?.message ?? 'see the log below'}`);
			if (result.error?.description) say(`  ${result.error.description}`);
			return 1;
		}
		const [folder] = result.nodes['Check Liveness'] as Array<{
			folder_id: string;
			system_resolution: string;
			best_shot_url?: string;
			analyses: Array<{ type: string; resolution: string; confidence_spoofing?: number | null }>;
		}>;
		const branch = result.nodes.Approve ? 'Approve' : 'Send to Manual Review';
		say();
		say(`  Selfie video   samples/selfie-live.mp4`);
		say(`  Folder         ${folder.folder_id}`);
		say(`  Decision       ${folder.system_resolution}  → IF took "${branch}"`);
		for (const analysis of folder.analyses) {
			const score =
				analysis.confidence_spoofing === undefined
					? ''
					: `, confidence_spoofing ${analysis.confidence_spoofing}`;
			say(`  ${analysis.type.padEnd(14)} ${analysis.resolution}${score}`);
		}
		if (folder.best_shot_url) say(`  Best shot      ${folder.best_shot_url}`);
		say();
		say('Done. Everything the demo started has been stopped.');
		return 0;
	} finally {
		n8n?.cleanUp();
		await simulator.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	},
);
