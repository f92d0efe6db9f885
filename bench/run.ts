/**
 * npm run bench: this node against n8n's HTTP Request node, in the same real n8n and the same
 * run, against the simulator. Prints a table and writes it to bench/RESULTS.md.
 * Scenarios (all, or those named in OZ_BENCH, e.g. OZ_BENCH=capacity,rate):
 *   capacity  200 items, 4 slots × 250 ms, gateway timeout 5 s
 *   rate      120 items at 600 analyses per minute
 *   memory    40 items of 20 MB each, peak RSS above the same workflow without the upload
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';

import { CURRENT_N8N, installN8n, N8N_VERSIONS, N8nInstance, packPackage, REPO } from '../e2e/rig';
import { startSimulator, type Simulator } from '../simulator';
import { maxInWindow, megabytes, ratePerMinute, ratio, seconds } from './measure';
import type { Section } from './report';
import { runBenchmark, writeReport } from './report';
import { benchWorkflow, CREDENTIAL } from './workflows';

const TOKEN = 'bench-token';
const IN_MEMORY_ITEMS = 10;
const say = (line = '') => process.stdout.write(`${line}\n`);
const wanted = (name: string) =>
	!process.env.OZ_BENCH || process.env.OZ_BENCH.split(',').includes(name);

async function instance(
	version: string,
	nodeMajor: number,
	simulator: Simulator,
	packDir: string,
): Promise<N8nInstance> {
	const n8n = await N8nInstance.create(
		installN8n(version, nodeMajor),
		packPackage(packDir),
		simulator.url,
	);
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'ozForensicsApi', data: { baseUrl: simulator.url, accessToken: TOKEN } },
	]);
	return n8n;
}

async function importWorkflow(
	n8n: N8nInstance,
	workflow: ReturnType<typeof benchWorkflow>,
): Promise<void> {
	const file = join(n8n.userFolder, `${workflow.id}.json`);
	writeFileSync(file, JSON.stringify(workflow));
	await n8n.importWorkflowFile(file);
}

function folderOf(
	n8n: N8nInstance,
	name: string,
	files: number,
	make: (path: string, index: number) => void,
): string {
	const folder = join(n8n.workDir, name);
	mkdirSync(folder, { recursive: true });
	for (let i = 0; i < files; i++) make(join(folder, `item-${String(i).padStart(3, '0')}.mp4`), i);
	return folder;
}

/** Waits until the simulator has finished the work of every request it took (after 504s too). */
async function settle(simulator: Simulator): Promise<void> {
	for (let quiet = 0; quiet < 3; ) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		quiet = simulator.store.inFlight === 0 ? quiet + 1 : 0;
	}
}

const answered = (items: Array<Record<string, unknown>> | undefined) =>
	(items ?? []).filter((item) => !item.error && item.folder_id).length;

async function main(): Promise<void> {
	const simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
	const packDir = mkdtempSync(join(tmpdir(), 'oz-bench-pack-'));
	const rows: string[] = [];
	const notes: string[] = [];
	const sections: Record<string, Section> = {};
	const finish = (name: string, where: string) => {
		const ran = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${where}`;
		sections[name] = { rows: rows.splice(0), notes: notes.splice(0), ran };
	};
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
	const n8n = await instance(CURRENT_N8N.version, CURRENT_N8N.nodeMajor, simulator, packDir);
	const sample = join(REPO, 'samples', 'selfie-live.mp4');
	try {
		if (wanted('capacity')) {
			say('capacity: 200 items, 4 slots × 250 ms, gateway timeout 5 s …');
			const folder = folderOf(n8n, 'capacity', 200, (path) => copyFileSync(sample, path));
			const capacity = 4 / 0.25;
			for (const [label, upload] of [
				['this node, Parallel Requests 4', { kind: 'oz', parallelRequests: 4 }],
				['HTTP Request node', { kind: 'http' }],
			] as const) {
				const id = `benchCap${upload.kind === 'oz' ? 'Oz' : 'Http'}`.padEnd(16, '0');
				await importWorkflow(n8n, benchWorkflow(id, folder, upload, simulator.url, TOKEN));
				simulator.store.reset();
				simulator.settings.capacity = { slots: 4, msPerAnalysis: 250, gatewayTimeoutMs: 5000 };
				const result = await n8n.execute(id);
				const ok = answered(result.nodes.Upload);
				const wall = result.executionTime.Upload;
				await settle(simulator);
				rows.push(
					`| Capacity | ${label} | ${ok} of 200 answered, ${200 - ok} errors; ${seconds(wall)}; throughput ${ratio(ok / (wall / 1000) / capacity)} of capacity; Oz created ${simulator.store.folders.size} folders |`,
				);
				say(
					`  ${label}: ${ok}/200 answered in ${seconds(wall)}, throughput ${ratio(ok / (wall / 1000) / capacity)} of capacity, ${simulator.store.folders.size} folders created`,
				);
			}
			simulator.settings.capacity = null;
		}

		if (wanted('capacity')) finish('capacity', `${machine}, n8n ${CURRENT_N8N.version}`);

		if (wanted('rate')) {
			say('rate: 120 items at 600 analyses per minute …');
			const folder = folderOf(n8n, 'rate', 120, (path) => copyFileSync(sample, path));
			for (const [label, upload] of [
				[
					'this node, Max Analyses per Minute 600, Parallel Requests 4',
					{ kind: 'oz', parallelRequests: 4, maxAnalysesPerMinute: 600 },
				],
				[
					'HTTP Request node, batches of 10 every 1000 ms',
					{ kind: 'http', batch: { size: 10, intervalMs: 1000 } },
				],
			] as const) {
				const id = `benchRate${upload.kind === 'oz' ? 'Oz' : 'Http'}`.padEnd(16, '0');
				await importWorkflow(n8n, benchWorkflow(id, folder, upload, simulator.url, TOKEN));
				simulator.store.reset();
				const result = await n8n.execute(id);
				const starts = simulator.store.requests.filter((r) => r.method === 'POST').map((r) => r.at);
				const rate = ratePerMinute(starts);
				const window = maxInWindow(starts, 6000);
				rows.push(
					`| Rate limit | ${label} | ${answered(result.nodes.Upload)} of 120 answered; achieved ${Math.round(rate)}/min = ${ratio(rate / 600)} of the limit; most in a 6 s window ${window} = ${ratio(window / 60)} of the limit's 60 |`,
				);
				say(
					`  ${label}: ${Math.round(rate)}/min (${ratio(rate / 600)}), 6 s window max ${window} (${ratio(window / 60)})`,
				);
			}
		}

		if (wanted('rate')) finish('rate', `${machine}, n8n ${CURRENT_N8N.version}`);

		if (wanted('memory')) {
			say('memory: 40 items of 20 MB, peak RSS of the n8n process …');
			const folder = folderOf(n8n, 'memory', 40, (path) =>
				writeFileSync(path, randomBytes(20 * 1024 * 1024)),
			);
			const peaks: Record<string, number> = {};
			for (const [label, upload] of [
				['no upload (baseline)', { kind: 'none' }],
				['this node, Parallel Requests 5 (streamed)', { kind: 'oz', parallelRequests: 5 }],
				['HTTP Request node', { kind: 'http' }],
			] as const) {
				const id =
					`benchMem${upload.kind === 'oz' ? 'Oz' : upload.kind === 'http' ? 'Http' : 'Base'}`.padEnd(
						16,
						'0',
					);
				await importWorkflow(n8n, benchWorkflow(id, folder, upload, simulator.url, TOKEN));
				simulator.store.reset();
				const result = await n8n.execute(id, { measureMemory: true });
				peaks[label] = result.maxRssKb ?? NaN;
				const sent = simulator.store.requests.filter((r) => r.method === 'POST').length;
				say(
					`  ${label}: peak RSS ${megabytes(peaks[label])}${upload.kind === 'none' ? '' : `, ${answered(result.nodes.Upload)}/40 answered, ${sent} uploads`}`,
				);
				simulator.store.reset();
			}
			const base = peaks['no upload (baseline)'];
			for (const label of ['this node, Parallel Requests 5 (streamed)', 'HTTP Request node']) {
				rows.push(
					`| Memory (n8n ${CURRENT_N8N.version}) | ${label} | peak RSS ${megabytes(peaks[label])}, ${megabytes(peaks[label] - base)} above the no-upload baseline (${megabytes(base)}) |`,
				);
			}
			// The in-memory path: n8n 1.x in its default binary mode keeps binaries in the item (no id).
			const [, legacy] = N8N_VERSIONS;
			const old = await instance(legacy.version, legacy.nodeMajor, simulator, packDir);
			try {
				const oldFolder = join(old.workDir, 'memory');
				mkdirSync(oldFolder, { recursive: true });
				// Ten items: with 40, n8n 1.x itself cannot print the run data of inline binaries (V8's string limit).
				for (let i = 0; i < IN_MEMORY_ITEMS; i++)
					copyFileSync(
						join(folder, `item-${String(i).padStart(3, '0')}.mp4`),
						join(oldFolder, `item-${String(i).padStart(3, '0')}.mp4`),
					);
				const oldPeaks: Record<string, number> = {};
				for (const [label, upload] of [
					['no upload (baseline)', { kind: 'none' }],
					[
						'this node, Parallel Requests 5 (in memory: inline binaries)',
						{ kind: 'oz', parallelRequests: 5 },
					],
				] as const) {
					const id = `benchOld${upload.kind === 'oz' ? 'Oz' : 'Base'}`.padEnd(16, '0');
					await importWorkflow(old, benchWorkflow(id, oldFolder, upload, simulator.url, TOKEN));
					simulator.store.reset();
					const result = await old.execute(id, {
						measureMemory: true,
						parseRunData: false,
						env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' },
					});
					oldPeaks[label] = result.maxRssKb ?? NaN;
					const uploads = simulator.store.requests.filter((r) => r.method === 'POST').length;
					say(
						`  n8n ${legacy.version}, binary mode default, ${label}: ${result.status}, peak RSS ${megabytes(oldPeaks[label])}, ${uploads} uploads`,
					);
					simulator.store.reset();
				}
				const label = 'this node, Parallel Requests 5 (in memory: inline binaries)';
				rows.push(
					`| Memory (n8n ${legacy.version}, binary mode default, ${IN_MEMORY_ITEMS} items) | ${label} | peak RSS ${megabytes(oldPeaks[label])}, ${megabytes(oldPeaks[label] - oldPeaks['no upload (baseline)'])} above its no-upload baseline (${megabytes(oldPeaks['no upload (baseline)'])}) |`,
				);
			} finally {
				old.cleanUp();
			}
			notes.push(
				'Memory: GNU time\'s "Maximum resident set size" of the `n8n execute` process; each row is its own process.',
			);
		}
		if (wanted('memory'))
			finish('memory', `${machine}, n8n ${N8N_VERSIONS.map((n8n) => n8n.version).join(' and ')}`);
	} finally {
		n8n.cleanUp();
		rmSync(packDir, { recursive: true, force: true });
		await simulator.close();
	}

	const table = writeReport(join(REPO, 'bench'), sections);
	say();
	say(table);
	say(`\nWritten to bench/RESULTS.md and bench/results.json.`);
}

runBenchmark(main);
