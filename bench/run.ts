/**
 * npm run bench: this node against n8n's HTTP Request node, in the same real n8n and the same
 * run, against the simulator. Prints a table and writes it to bench/RESULTS.md.
 * Scenarios (all, or those named in OZ_BENCH, e.g. OZ_BENCH=capacity,rate):
 *   capacity  200 items, 4 slots × 250 ms, gateway timeout 5 s
 *   rate      120 items at 600 analyses per minute
 *   memory    40 items of 20 MB each, peak RSS above the same workflow without the upload
 *   containerMemory  40 OzCapsula containers of 20 MB each forwarded as the raw body: this node's
 *             Folder → Analyze Container and the HTTP Request node, peak RSS above the baseline
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CURRENT_N8N, installN8n, N8N_VERSIONS, N8nInstance, packPackage, REPO } from '../e2e/rig';
import { startSimulator, type Simulator } from '../simulator';
import { aboveOrBelow, maxInWindow, megabytes, ratePerMinute, ratio, seconds } from './measure';
import type { Section } from './report';
import { runBenchmark, writeReport } from './report';
import { ranOn, say, settle, wanted } from './scenarios';
import { CONTAINER_FILES, writeContainers } from './containers';
import { benchWorkflow, CREDENTIAL, type Upload } from './workflows';

const TOKEN = 'bench-token';
const IN_MEMORY_ITEMS = 10;
const SAMPLE = join(REPO, 'samples', 'selfie-live.mp4');

/** One n8n (the current version) and the simulator, shared by the scenarios of this script. */
interface Bench {
	simulator: Simulator;
	n8n: N8nInstance;
	packDir: string;
}

async function instance(version: string, nodeMajor: number, bench: Omit<Bench, 'n8n'>) {
	const n8n = await N8nInstance.create(
		installN8n(version, nodeMajor),
		packPackage(bench.packDir),
		bench.simulator.url,
	);
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'ozForensicsApi',
			data: { baseUrl: bench.simulator.url, accessToken: TOKEN },
		},
	]);
	return n8n;
}

/**
 * Imports the bench workflow that reads `folder` (its `files`, the videos by default) and sends
 * them with `upload`, then runs it with `n8n execute` against an emptied simulator store.
 */
async function runWorkflow(
	n8n: N8nInstance,
	simulator: Simulator,
	sent: { name: string; folder: string; files?: string; upload: Upload },
	options?: Parameters<N8nInstance['execute']>[1],
) {
	const id = sent.name.padEnd(16, '0');
	const file = join(n8n.userFolder, `${id}.json`);
	const files = join(sent.folder, sent.files ?? '*.mp4');
	writeFileSync(file, JSON.stringify(benchWorkflow(id, files, sent.upload, simulator.url, TOKEN)));
	await n8n.importWorkflowFile(file);
	simulator.store.reset();
	return await n8n.execute(id, options);
}

const itemFile = (folder: string, index: number) =>
	join(folder, `item-${String(index).padStart(3, '0')}.mp4`);

function folderOf(
	n8n: N8nInstance,
	name: string,
	files: number,
	make: (path: string, index: number) => void,
): string {
	const folder = join(n8n.workDir, name);
	mkdirSync(folder, { recursive: true });
	for (let i = 0; i < files; i++) make(itemFile(folder, i), i);
	return folder;
}

const answered = (items: Array<Record<string, unknown>> | undefined) =>
	(items ?? []).filter((item) => !item.error && item.folder_id).length;
const uploads = (simulator: Simulator) =>
	simulator.store.requests.filter((r) => r.method === 'POST');
const SENDER_NAMES: Record<Upload['kind'], string> = {
	oz: 'Oz',
	http: 'Http',
	ozContainer: 'Oz',
	httpContainer: 'Http',
	none: 'Base',
};
const senderName = (upload: Upload) => SENDER_NAMES[upload.kind];

async function capacityScenario({ n8n, simulator }: Bench): Promise<Section> {
	say('capacity: 200 items, 4 slots × 250 ms, gateway timeout 5 s …');
	const folder = folderOf(n8n, 'capacity', 200, (path) => copyFileSync(SAMPLE, path));
	const capacity = 4 / 0.25;
	const rows: string[] = [];
	for (const [label, upload] of [
		['this node, Parallel Requests 4', { kind: 'oz', parallelRequests: 4 }],
		['HTTP Request node', { kind: 'http' }],
	] as const) {
		simulator.settings.capacity = { slots: 4, msPerAnalysis: 250, gatewayTimeoutMs: 5000 };
		const name = `benchCap${senderName(upload)}`;
		const result = await runWorkflow(n8n, simulator, { name, folder, upload });
		const ok = answered(result.nodes.Upload);
		const wall = result.executionTime.Upload;
		await settle(simulator);
		const throughput = ratio(ok / (wall / 1000) / capacity);
		const folders = simulator.store.folders.size;
		rows.push(
			`| Capacity | ${label} | ${ok} of 200 answered, ${200 - ok} errors; ${seconds(wall)}; throughput ${throughput} of capacity; Oz created ${folders} folders |`,
		);
		say(
			`  ${label}: ${ok}/200 answered in ${seconds(wall)}, throughput ${throughput} of capacity, ${folders} folders created`,
		);
	}
	simulator.settings.capacity = null;
	return { rows, notes: [], ran: ranOn(`n8n ${CURRENT_N8N.version}`) };
}

async function rateScenario({ n8n, simulator }: Bench): Promise<Section> {
	say('rate: 120 items at 600 analyses per minute …');
	const folder = folderOf(n8n, 'rate', 120, (path) => copyFileSync(SAMPLE, path));
	const rows: string[] = [];
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
		const name = `benchRate${senderName(upload)}`;
		const result = await runWorkflow(n8n, simulator, { name, folder, upload });
		const starts = uploads(simulator).map((r) => r.at);
		const rate = ratePerMinute(starts);
		const window = maxInWindow(starts, 6000);
		rows.push(
			`| Rate limit | ${label} | ${answered(result.nodes.Upload)} of 120 answered; achieved ${Math.round(rate)}/min = ${ratio(rate / 600)} of the limit; most in a 6 s window ${window} = ${ratio(window / 60)} of the limit's 60 |`,
		);
		say(
			`  ${label}: ${Math.round(rate)}/min (${ratio(rate / 600)}), 6 s window max ${window} (${ratio(window / 60)})`,
		);
	}
	return { rows, notes: [], ran: ranOn(`n8n ${CURRENT_N8N.version}`) };
}

const BASELINE = 'no upload (baseline)';
const STREAMED = 'this node, Parallel Requests 5 (streamed)';
const INLINE = 'this node, Parallel Requests 5 (in memory: inline binaries)';

async function memoryScenario(bench: Bench): Promise<Section> {
	const { n8n, simulator } = bench;
	say('memory: 40 items of 20 MB, peak RSS of the n8n process …');
	const folder = folderOf(n8n, 'memory', 40, (path) =>
		writeFileSync(path, randomBytes(20 * 1024 * 1024)),
	);
	const peaks: Record<string, number> = {};
	for (const [label, upload] of [
		[BASELINE, { kind: 'none' }],
		[STREAMED, { kind: 'oz', parallelRequests: 5 }],
		['HTTP Request node', { kind: 'http' }],
	] as const) {
		const name = `benchMem${senderName(upload)}`;
		const result = await runWorkflow(
			n8n,
			simulator,
			{ name, folder, upload },
			{ measureMemory: true },
		);
		peaks[label] = result.maxRssKb ?? NaN;
		const sent =
			upload.kind === 'none'
				? ''
				: `, ${answered(result.nodes.Upload)}/40 answered, ${uploads(simulator).length} uploads`;
		say(`  ${label}: peak RSS ${megabytes(peaks[label])}${sent}`);
		simulator.store.reset();
	}
	const rows = [STREAMED, 'HTTP Request node'].map(
		(label) =>
			`| Memory (n8n ${CURRENT_N8N.version}) | ${label} | peak RSS ${megabytes(peaks[label])}, ${aboveOrBelow(peaks[label] - peaks[BASELINE])} the no-upload baseline (${megabytes(peaks[BASELINE])}) |`,
	);
	rows.push(await inMemoryRow(bench, folder));
	return {
		rows,
		notes: [
			'Memory: GNU time\'s "Maximum resident set size" of the `n8n execute` process; each row is its own process.',
		],
		ran: ranOn(`n8n ${N8N_VERSIONS.map((n8n) => n8n.version).join(' and ')}`),
	};
}

/** The in-memory path: n8n 1.x in its default binary mode keeps binaries in the item (no id). */
async function inMemoryRow(bench: Bench, folder: string): Promise<string> {
	const { simulator } = bench;
	const [, legacy] = N8N_VERSIONS;
	const old = await instance(legacy.version, legacy.nodeMajor, bench);
	try {
		const oldFolder = join(old.workDir, 'memory');
		mkdirSync(oldFolder, { recursive: true });
		// Ten items: with 40, n8n 1.x itself cannot print the run data of inline binaries (V8's string limit).
		for (let i = 0; i < IN_MEMORY_ITEMS; i++)
			copyFileSync(itemFile(folder, i), itemFile(oldFolder, i));
		const peaks: Record<string, number> = {};
		for (const [label, upload] of [
			[BASELINE, { kind: 'none' }],
			[INLINE, { kind: 'oz', parallelRequests: 5 }],
		] as const) {
			const name = `benchOld${senderName(upload)}`;
			const result = await runWorkflow(
				old,
				simulator,
				{ name, folder: oldFolder, upload },
				{
					measureMemory: true,
					parseRunData: false,
					env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' },
				},
			);
			peaks[label] = result.maxRssKb ?? NaN;
			say(
				`  n8n ${legacy.version}, binary mode default, ${label}: ${result.status}, peak RSS ${megabytes(peaks[label])}, ${uploads(simulator).length} uploads`,
			);
			simulator.store.reset();
		}
		return `| Memory (n8n ${legacy.version}, binary mode default, ${IN_MEMORY_ITEMS} items) | ${INLINE} | peak RSS ${megabytes(peaks[INLINE])}, ${aboveOrBelow(peaks[INLINE] - peaks[BASELINE])} its no-upload baseline (${megabytes(peaks[BASELINE])}) |`;
	} finally {
		old.cleanUp();
	}
}

const CONTAINER_NODE = 'this node, Folder → Analyze Container, Parallel Requests 5';
const CONTAINER_HTTP = 'HTTP Request node, the raw body';
/** The target for this node: extra peak RSS above the baseline. */
const CONTAINER_TARGET_MB = 64;

/**
 * 40 containers of 20 MB read from disk, then forwarded by each sender; the baseline reads them
 * and sends nothing. Fresh containers before each row (the tokens are single use), so every
 * row reads files just written.
 */
async function containerMemoryScenario({ n8n, simulator }: Bench): Promise<Section> {
	say('containerMemory: 40 OzCapsula containers of 20 MB, peak RSS of the n8n process …');
	const folder = join(n8n.workDir, 'containers');
	mkdirSync(folder, { recursive: true });
	const peaks: Record<string, number> = {};
	const answers: Record<string, number> = {};
	for (const [label, upload] of [
		[BASELINE, { kind: 'none' }],
		[CONTAINER_NODE, { kind: 'ozContainer', parallelRequests: 5 }],
		[CONTAINER_HTTP, { kind: 'httpContainer' }],
	] as const) {
		await writeContainers(folder, 40, simulator, TOKEN, () => randomBytes(20 * 1024 * 1024));
		const name = `benchCtr${senderName(upload)}`;
		const result = await runWorkflow(
			n8n,
			simulator,
			{ name, folder, files: CONTAINER_FILES, upload },
			{ measureMemory: true },
		);
		peaks[label] = result.maxRssKb ?? NaN;
		answers[label] = answered(result.nodes.Upload);
		const sent =
			upload.kind === 'none'
				? ''
				: `, ${answers[label]}/40 answered, ${uploads(simulator).length} uploads, ${simulator.store.folders.size} folders`;
		say(`  ${label}: peak RSS ${megabytes(peaks[label])}${sent}`);
		simulator.store.reset();
	}
	const above = (label: string) => peaks[label] - peaks[BASELINE];
	const target = above(CONTAINER_NODE) / 1024 <= CONTAINER_TARGET_MB ? 'met' : 'missed';
	const row = (label: string, extra = '') =>
		`| Memory (n8n ${CURRENT_N8N.version}): 40 OzCapsula containers of 20 MB forwarded | ${label} | ${answers[label]} of 40 answered; peak RSS ${megabytes(peaks[label])}, ${aboveOrBelow(above(label))} the no-upload baseline (${megabytes(peaks[BASELINE])})${extra} |`;
	return {
		rows: [
			row(CONTAINER_NODE, `; target ≤ ${CONTAINER_TARGET_MB} MB above: ${target}`),
			row(CONTAINER_HTTP),
		],
		notes: [
			"Container memory: stand-in OzCapsula containers in the simulator's test format (simulator/README.md), one 20 MB media file each, each sealed with its own single-use session token from the simulator, written to disk and read by Read/Write Files from Disk; sent as the raw body (application/octet-stream) to `/api/folders`. The baseline and the two senders ran one after another in the same run, each its own `n8n execute` process reading 40 freshly written containers; this node with per-execution limits (Shared Limit off), the HTTP Request node sending all items at once, as in the multipart memory rows.",
		],
		ran: ranOn(`n8n ${CURRENT_N8N.version}`),
	};
}

const SCENARIOS = {
	capacity: capacityScenario,
	rate: rateScenario,
	memory: memoryScenario,
	containerMemory: containerMemoryScenario,
};

async function main(): Promise<void> {
	const simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
	const packDir = mkdtempSync(join(tmpdir(), 'oz-bench-pack-'));
	const n8n = await instance(CURRENT_N8N.version, CURRENT_N8N.nodeMajor, { simulator, packDir });
	const sections: Record<string, Section> = {};
	try {
		for (const [name, scenario] of Object.entries(SCENARIOS))
			if (wanted(name)) sections[name] = await scenario({ simulator, n8n, packDir });
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
