/**
 * Bursts of webhook executions against one regular-mode n8n 2.41.1 (`n8n start`), the load
 * most users have: one applicant per execution. Each scenario writes its rows to
 * bench/RESULTS.md (see report.ts). Scenarios (all, or those named in OZ_BENCH):
 *   burst     40 and 100 calls, 4 slots × 1 s, 5 s gateway: this node (default options), this
 *             node without the shared limit, n8n's HTTP Request node; the same with Oz dropping
 *             from 4 slots to 2; OZ_BENCH_RUNS runs (3); the plot of the 100-call burst
 *   containerBurst  40 calls at once, each POSTing its own OzCapsula container (raw body),
 *             4 slots × 1 s, 5 s gateway: Folder → Analyze Container against n8n's HTTP
 *             Request node; OZ_BENCH_RUNS runs (3)
 *   fairness  a 200-item batch and 20 webhook calls at once, 4 slots × 250 ms
 *   batches   200 items, 4 slots × 250 ms; 16 slots × 250 ms cold and on a second run
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Answer } from '../e2e/queue/callers';
import { callAnalyze, callFiles } from '../e2e/queue/callers';
import type { RegularN8n } from '../e2e/regular';
import { startRegularN8n } from '../e2e/regular';
import { CURRENT_N8N, installN8n, packPackage, REPO, simulatorCredential } from '../e2e/rig';
import type { CapacitySettings, Simulator } from '../simulator';
import { startSimulator } from '../simulator';
import { mediaWithLiveness } from '../test/support/media';
import type { BurstTrace } from './burstPlot';
import { writeBurstPlot } from './burstPlot';
import { callContainer, capture } from './containers';
import { ratio, seconds } from './measure';
import type { Section } from './report';
import { runBenchmark, writeReport } from './report';
import { ranOn, say, settle, wanted } from './scenarios';
import { containerBurstWorkflow } from './workflows';

const TOKEN = 'bench-burst-token';
const RUNS = Number(process.env.OZ_BENCH_RUNS ?? 3);
const workflow = (name: string) => join(REPO, 'e2e', 'workflows', name);
const WORKFLOWS = [
	'burst-analyze.json',
	'burst-analyze-local.json',
	'burst-http.json',
	'batch-files.json',
];

/** Every fourth applicant's video is a spoof: each caller must get its own decision back. */
const spoof = (caseId: string) => Number(caseId.split('-').at(-1)) % 4 === 3;
const expected = (caseId: string) => (spoof(caseId) ? 'DECLINED' : 'SUCCESS');

interface Sender {
	label: string;
	/** The webhook's path. */
	path: string;
	/** Whether each caller POSTs an OzCapsula container (raw body) rather than a multipart video. */
	container?: boolean;
}

const SENDERS: Sender[] = [
	{ label: 'this node, default options', path: 'burst' },
	{ label: 'this node, shared limit off (per-execution limits only)', path: 'burst-local' },
	{ label: "n8n's HTTP Request node", path: 'burst-http' },
];

const CONTAINER_SENDERS: Sender[] = [
	{
		label: 'this node, Folder → Analyze Container, default options',
		path: 'burst-container',
		container: true,
	},
	{
		label: "n8n's HTTP Request node, the raw body forwarded",
		path: 'burst-container-http',
		container: true,
	},
];

interface Rig {
	simulator: Simulator;
	tarball: string;
	start(): Promise<RegularN8n>;
}

async function rig(): Promise<Rig> {
	const simulator = await startSimulator({ tokens: [TOKEN], samplesDir: join(REPO, 'samples') });
	const packDir = mkdtempSync(join(tmpdir(), 'oz-bench-pack-'));
	const tarball = packPackage(packDir);
	const install = installN8n(CURRENT_N8N.version, CURRENT_N8N.nodeMajor);
	const credential = simulatorCredential(simulator.url, TOKEN);
	// The container burst's workflows are made here; the others are the e2e suite's.
	const containerWorkflows = (['oz', 'http'] as const).map((sender, i) => {
		const file = join(packDir, `container-burst-${sender}.json`);
		const workflow = containerBurstWorkflow(
			sender,
			CONTAINER_SENDERS[i].path,
			simulator.url,
			credential,
		);
		writeFileSync(file, JSON.stringify(workflow));
		return file;
	});
	return {
		simulator,
		tarball,
		start: async () =>
			await startRegularN8n({
				install,
				tarball,
				simulatorUrl: simulator.url,
				credentials: [credential],
				workflows: [...WORKFLOWS.map(workflow), ...containerWorkflows],
			}),
	};
}

/** Oz's single requests: multipart to `/api/folders/`, containers to `/api/folders`. */
const singleRequests = (simulator: Simulator) =>
	simulator.store.requests.filter(
		(r) => r.method === 'POST' && r.path.replace(/\/+$/, '') === '/api/folders',
	);

interface BurstFigures {
	calls: number;
	correct: number;
	processing: number;
	gateway504s: number;
	folders: number;
	twice: number;
	wallMs: number;
	/** From the first call to the first single request at Oz: n8n taking in the burst. */
	firstAtOzMs: number;
	trace: BurstTrace;
}

/**
 * `calls` webhook calls at once, each with its own video and case id; for a container sender
 * each video sealed in its own container (a fresh session token each) before the burst.
 */
async function burst(
	rig: Rig,
	n8n: RegularN8n,
	sender: Sender,
	calls: number,
	capacity: CapacitySettings,
): Promise<BurstFigures> {
	const { simulator } = rig;
	simulator.store.reset();
	const caseIds = Array.from({ length: calls }, (_, i) => `case-${i}`);
	const videos = caseIds.map((caseId) =>
		mediaWithLiveness(spoof(caseId) ? 'spoof' : 'live', caseId),
	);
	const containers = sender.container
		? await Promise.all(
				caseIds.map(async (caseId, i) => await capture(simulator, TOKEN, caseId, videos[i])),
			)
		: [];
	simulator.settings.capacity = { ...capacity };
	const headers = { 'x-oz-token': TOKEN };
	const started = Date.now();
	const answers: Answer[] = await Promise.all(
		caseIds.map(async (caseId, i) =>
			sender.container
				? await callContainer(n8n, sender.path, caseId, containers[i], headers)
				: await callAnalyze(n8n, sender.path, caseId, videos[i], headers),
		),
	);
	const wallMs = Math.max(...answers.map((a) => a.sentAt + a.ms)) - started;
	await settle(simulator);
	simulator.settings.capacity = null;
	const decisionOf = (answer: Answer) => (answer.body as { decision?: unknown } | null)?.decision;
	const perCase = new Map<string, number>();
	for (const folder of simulator.store.folders.values()) {
		const name = String(folder.media[0]?.json.original_name ?? '');
		perCase.set(name, (perCase.get(name) ?? 0) + 1);
	}
	const requests = singleRequests(simulator);
	return {
		calls,
		correct: answers.filter((a) => a.status === 200 && decisionOf(a) === expected(a.caseId)).length,
		processing: answers.filter((a) => decisionOf(a) === 'PROCESSING').length,
		gateway504s: requests.filter((r) => r.gatewayAt !== undefined).length,
		folders: simulator.store.folders.size,
		twice: [...perCase.values()].filter((count) => count > 1).length,
		wallMs,
		firstAtOzMs: Math.min(...requests.map((r) => r.at)) - started,
		trace: { sender: sender.label, answers, requests },
	};
}

const range = (values: number[], format = ratio) => {
	const [low, high] = [format(Math.min(...values)), format(Math.max(...values))];
	return low === high ? low : `${low}–${high}`;
};
const most = (values: number[]) => Math.max(...values);

function burstRow(scenario: string, sender: string, runs: BurstFigures[], idealMs: number): string {
	const calls = runs[0].calls;
	return `| ${scenario} | ${sender} (${runs.length} runs) | ${range(
		runs.map((r) => r.correct),
		String,
	)} of ${calls} callers got their own decision; at most ${most(runs.map((r) => r.processing))} "PROCESSING"; gateway 504s ${range(
		runs.map((r) => r.gateway504s),
		String,
	)}; Oz made ${range(
		runs.map((r) => r.folders),
		String,
	)} folders, at most ${most(runs.map((r) => r.twice))} twice; all done in ${range(runs.map((r) => r.wallMs / idealMs))} × the ideal ${seconds(idealMs)}, the first request at Oz ${range(runs.map((r) => r.firstAtOzMs / 1000))} s after the first call |`;
}

const BURST_CAPACITY = { slots: 4, msPerAnalysis: 1000, gatewayTimeoutMs: 5000 };

/**
 * RUNS runs of a burst of `calls`, each sender in turn on a fresh n8n per run (the shared limit
 * starts cold, as after a restart); each sender's figures, run by run.
 */
async function burstRuns(
	rig: Rig,
	senders: Sender[],
	calls: number,
	seen?: (sender: Sender, run: number, result: BurstFigures) => void,
): Promise<Map<Sender, BurstFigures[]>> {
	const figures = new Map<Sender, BurstFigures[]>(senders.map((sender) => [sender, []]));
	for (let run = 1; run <= RUNS; run++) {
		const n8n = await rig.start();
		try {
			for (const sender of senders) {
				const result = await burst(rig, n8n, sender, calls, BURST_CAPACITY);
				figures.get(sender)?.push(result);
				seen?.(sender, run, result);
				say(
					`  ${calls} calls, run ${run}, ${sender.label}: ${result.correct}/${calls} right, ${result.gateway504s} × 504, ${result.processing} PROCESSING, ${result.folders} folders (${result.twice} twice), ${seconds(result.wallMs)}`,
				);
			}
		} finally {
			await n8n.stop();
		}
	}
	return figures;
}

async function burstScenario(rig: Rig): Promise<Section> {
	const rows: string[] = [];
	const traces: BurstTrace[] = [];
	for (const calls of [40, 100]) {
		const figures = await burstRuns(rig, SENDERS, calls, (sender, run, result) => {
			if (calls === 100 && run === 1 && sender.path !== 'burst-local') traces.push(result.trace);
		});
		for (const sender of SENDERS)
			rows.push(
				burstRow(
					`Burst: ${calls} webhook calls at once, 4 slots × 1 s, 5 s gateway`,
					sender.label,
					figures.get(sender) ?? [],
					(calls * 1000) / 4,
				),
			);
	}
	const step: BurstFigures[] = [];
	for (let run = 1; run <= RUNS; run++) {
		const n8n = await rig.start();
		try {
			const result = await burst(rig, n8n, SENDERS[0], 40, {
				...BURST_CAPACITY,
				slotsAfter: { requests: 20, slots: 2 },
			});
			step.push(result);
			say(
				`  step, run ${run}: ${result.correct}/40 right, ${result.gateway504s} × 504, ${seconds(result.wallMs)}`,
			);
		} finally {
			await n8n.stop();
		}
	}
	rows.push(
		burstRow(
			'Burst: 40 webhook calls, Oz drops from 4 slots to 2 after 20 requests, 5 s gateway',
			SENDERS[0].label,
			step,
			(20 * 1000) / 4 + (20 * 1000) / 2,
		),
	);
	await writeBurstPlot(
		join(REPO, 'bench', 'burst-100.svg'),
		'100 webhook calls at once against Oz with 4 slots × 1 s behind a 5 s gateway',
		traces,
	);
	return {
		rows,
		notes: [
			'Burst: each call is one execution of a Webhook → Oz Forensics (or HTTP Request) → Respond to Webhook workflow in one `n8n start`, a fresh process for each run; "own decision" is the caller\'s case answered with its video\'s decision (every fourth a spoof); the ideal is calls × 1 s ÷ slots. Plot of the 100-call burst, this node against the HTTP Request node: [burst-100.svg](burst-100.svg).',
		],
		ran: ranOn(`n8n ${CURRENT_N8N.version}, regular mode`),
	};
}

async function containerBurstScenario(rig: Rig): Promise<Section> {
	const calls = 40;
	const figures = await burstRuns(rig, CONTAINER_SENDERS, calls);
	return {
		rows: CONTAINER_SENDERS.map((sender) =>
			burstRow(
				`Burst: ${calls} webhook calls at once, each POSTing its own OzCapsula container, 4 slots × 1 s, 5 s gateway`,
				sender.label,
				figures.get(sender) ?? [],
				(calls * 1000) / 4,
			),
		),
		notes: [
			"Container burst: each call POSTs its own stand-in OzCapsula container (the simulator's test format, simulator/README.md: the caller's 2 kB video, every fourth a spoof, its case id in the metadata, sealed with its own single-use session token) as the raw body to a Webhook (Raw Body on) → Folder → Analyze Container (Simplify, default options) or HTTP Request (the binary as the body, application/octet-stream, the token header) → Respond to Webhook workflow; both senders in the same `n8n start`, a fresh process for each run; figures as in the burst rows.",
		],
		ran: ranOn(`n8n ${CURRENT_N8N.version}, regular mode`),
	};
}

function copies(dir: string, name: string, count: number): string {
	const folder = join(dir, name);
	mkdirSync(folder, { recursive: true });
	const sample = join(REPO, 'samples', 'selfie-live.mp4');
	for (let i = 0; i < count; i++)
		copyFileSync(sample, join(folder, `item-${String(i).padStart(3, '0')}.mp4`));
	return name;
}

/** Oz's view of a batch: from the first single request's arrival to the last answer. */
function ozSpanMs(simulator: Simulator): number {
	const requests = singleRequests(simulator);
	return (
		Math.max(...requests.map((r) => r.doneAt ?? r.at)) - Math.min(...requests.map((r) => r.at))
	);
}

async function fairnessScenario(rig: Rig): Promise<Section> {
	const { simulator } = rig;
	const n8n = await rig.start();
	try {
		const folder = copies(n8n.workDir, 'fair', 200);
		simulator.settings.capacity = { slots: 4, msPerAnalysis: 250 };
		const video = (caseId: string) => mediaWithLiveness(spoof(caseId) ? 'spoof' : 'live', caseId);
		// One call at a time with nothing else running: a webhook call's time alone.
		const alone: number[] = [];
		for (let i = 0; i < 5; i++)
			alone.push((await callAnalyze(n8n, 'burst', `alone-${i}`, video(`alone-${i}`))).ms);
		const aloneMs = [...alone].sort((a, b) => a - b)[2];
		simulator.store.reset();
		const batch = callFiles(n8n, 'batch', { folder });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const hooks = await Promise.all(
			Array.from(
				{ length: 20 },
				async (_, i) => await callAnalyze(n8n, 'burst', `hook-${i}`, video(`hook-${i}`)),
			),
		);
		const batchResult = await batch;
		simulator.settings.capacity = null;
		const times = hooks.map((hook) => hook.ms).sort((a, b) => a - b);
		const fairShare = (21 * 250) / 4;
		const bound = 3 * aloneMs + fairShare;
		const right = hooks.filter(
			(hook) => (hook.body as { decision?: unknown }).decision === expected(hook.caseId),
		).length;
		say(
			`  fairness: alone ${aloneMs} ms, webhooks p50 ${times[9]} p95 ${times[18]} max ${times[19]} ms, bound ${bound} ms`,
		);
		return {
			rows: [
				`| Fairness: a 200-item batch running, 20 webhook calls at once, 4 slots × 250 ms | this node, default options | webhook answers p50 ${seconds(times[9])}, p95 ${seconds(times[18])}, slowest ${seconds(times[19])}; the bound 3 × alone (${seconds(aloneMs)}) + a fair share (${seconds(fairShare)}) = ${seconds(bound)}: ${times.filter((t) => t <= bound).length} of 20 within it; ${right} of 20 with their own decision; the batch answered ${batchResult.items.filter((item) => item.folder_id).length} of 200 |`,
			],
			notes: [
				'Fairness: the fair share is one turn among 21 executions at 4 slots (21 × 250 ms ÷ 4); "alone" is the median of 5 calls made one at a time on the same n8n.',
			],
			ran: ranOn(`n8n ${CURRENT_N8N.version}, regular mode`),
		};
	} finally {
		await n8n.stop();
	}
}

async function batch(rig: Rig, n8n: RegularN8n, folder: string, slots: number): Promise<number> {
	const { simulator } = rig;
	simulator.store.reset();
	simulator.settings.capacity = { slots, msPerAnalysis: 250, gatewayTimeoutMs: 5000 };
	const result = await callFiles(n8n, 'batch', { folder });
	await settle(simulator);
	simulator.settings.capacity = null;
	const answered = result.items.filter((item) => item.folder_id && !item.error).length;
	if (answered !== 200) say(`  warning: ${answered} of 200 answered`);
	return (200 * 250) / slots / ozSpanMs(simulator);
}

async function batchesScenario(rig: Rig): Promise<Section> {
	const four: number[] = [];
	const cold: number[] = [];
	const warm: number[] = [];
	for (let run = 1; run <= RUNS; run++) {
		for (const sixteen of [false, true]) {
			// A fresh process for each: the shared limit starts cold.
			const n8n = await rig.start();
			try {
				const folder = copies(n8n.workDir, 'bench-batch', 200);
				if (!sixteen) four.push(await batch(rig, n8n, folder, 4));
				else {
					cold.push(await batch(rig, n8n, folder, 16));
					warm.push(await batch(rig, n8n, folder, 16));
				}
			} finally {
				await n8n.stop();
			}
		}
		say(
			`  batches run ${run}: 4 slots ${ratio(four.at(-1) ?? 0)}, 16 slots cold ${ratio(cold.at(-1) ?? 0)}, second run ${ratio(warm.at(-1) ?? 0)}`,
		);
	}
	const scenario = (slots: number) =>
		`Batch: 200 items through one webhook execution, ${slots} slots × 250 ms`;
	return {
		rows: [
			`| ${scenario(4)} | this node, default options, cold process (${RUNS} runs) | ${range(four)} of capacity |`,
			`| ${scenario(16)} | this node, default options, cold process (${RUNS} runs) | ${range(cold)} of capacity |`,
			`| ${scenario(16)} | this node, default options, second run in the same process (${RUNS} runs) | ${range(warm)} of capacity |`,
		],
		notes: [
			"Batch: capacity is the ideal time (200 × 250 ms ÷ slots) over Oz's own span, from the first single request's arrival to the last answer.",
		],
		ran: ranOn(`n8n ${CURRENT_N8N.version}, regular mode`),
	};
}

async function main(): Promise<void> {
	const bench = await rig();
	const sections: Record<string, Section> = {};
	try {
		if (wanted('burst')) {
			say('burst: webhook calls at once, 4 slots × 1 s, 5 s gateway …');
			sections.burst = await burstScenario(bench);
		}
		if (wanted('containerBurst')) {
			say('containerBurst: 40 webhook calls at once, each with its own container …');
			sections.containerBurst = await containerBurstScenario(bench);
		}
		if (wanted('fairness')) {
			say('fairness: a batch and 20 webhook calls …');
			sections.fairness = await fairnessScenario(bench);
		}
		if (wanted('batches')) {
			say('batches: 200 items, cold and warm …');
			sections.batches = await batchesScenario(bench);
		}
	} finally {
		await bench.simulator.close();
		rmSync(join(bench.tarball, '..'), { recursive: true, force: true });
	}
	say(writeReport(join(REPO, 'bench'), sections));
}

runBenchmark(main);
