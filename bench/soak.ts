/**
 * OZ_BENCH=soak (issue #28): hours, not minutes. One regular-mode n8n 2.41.1 serves a steady
 * stream of webhook calls, each one applicant (its own case id and video), through
 * Webhook → Oz Forensics Analyze (default options, Email and Password) → Respond, against an
 * Oz of 8 slots × 200 ms behind a 5 s gateway that loses answers, cuts uploads, throttles,
 * expires the login session every 300 requests and has half its slots for 20 s; then the same
 * stream through n8n's HTTP Request node without faults, in a fresh n8n. For each: what every
 * caller got, what Oz billed, n8n's resident memory from the first to the last thousand calls
 * (plotted into bench/soak.svg), and for this node the process-wide state it logs at debug
 * level against its bounds. OZ_BENCH_RUNS runs (3); OZ_SOAK_CALLS (10,500) calls at
 * OZ_SOAK_RATE (35) a second; OZ_SOAK_SENDERS (oz,http) picks senders; OZ_SOAK_NOTE is added
 * to this node's label (say, for a patched build).
 *
 * OZ_BENCH=soakQueue: the same faults on 1,000 calls at 10 a second through a queue-mode
 * main and two workers (e2e/queue/cluster.ts), the case id as Idempotency Key; one worker is
 * killed (SIGKILL) after call 400 and a new one started; callers whose call failed call again
 * once when the stream is over. One run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SoakFigures, SoakSender, StreamResult } from '../e2e/soak';
import type { N8nInstall } from '../e2e/rig';
import type { Simulator } from '../simulator';
import {
	callOnce,
	setSoakFaults,
	settleOz,
	SOAK_CAPACITY,
	SOAK_RATES,
	soakCredential,
	soakFigures,
	soakSecrets,
	soakWorkflowFiles,
	startSoakN8n,
	startSoakSimulator,
	streamCalls,
} from '../e2e/soak';
import { startQueueCluster } from '../e2e/queue/cluster';
import { CURRENT_N8N, installN8n, packPackage, REPO } from '../e2e/rig';
import { megabytes, seconds } from './measure';
import type { Section } from './report';
import { runBenchmark, writeReport } from './report';
import { ranOn, say, wanted } from './scenarios';
import type { SoakTrace } from './soakPlot';
import { writeSoakPlot } from './soakPlot';

const RUNS = Number(process.env.OZ_BENCH_RUNS ?? 3);
const RATE = Number(process.env.OZ_SOAK_RATE ?? 35);
const CALLS = Number(process.env.OZ_SOAK_CALLS ?? RATE * 300);
const SENDERS = (process.env.OZ_SOAK_SENDERS ?? 'oz,http').split(',') as SoakSender[];
const NOTE = process.env.OZ_SOAK_NOTE ? `, ${process.env.OZ_SOAK_NOTE}` : '';
/** The stream's bounds: at most 300 calls open, nothing sent after twice its planned time. */
const BOUNDS = { maxOpen: 300, maxSendMs: Math.max(60_000, (2 * CALLS * 1000) / RATE) };
/** Calls in each end of the memory comparison. */
const THOUSAND = 1000;
/** The issue's target: the node's growth at most this much above the HTTP Request node's. */
const TARGET_KB = 20 * 1024;
/** Oz halves its slots from 2 minutes into the stream, for 20 s. */
const WINDOW = { fromMs: 120_000, forMs: 20_000, slots: SOAK_CAPACITY.slots / 2 };
const EXPIRE_EVERY = 300;

const LABELS: Record<SoakSender, string> = {
	oz: `this node, default options, Email and Password, under the faults${NOTE}`,
	http: "n8n's HTTP Request node (token header), no faults",
	ozIdempotent: `this node, Idempotency Key = case id, Email and Password, under the faults${NOTE}`,
};

interface Run {
	figures: SoakFigures;
	result: StreamResult;
	growthKb: number;
	firstKb: number;
	lastKb: number;
	/** The last sample, once every call was answered. */
	endKb: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / (values.length || 1);

/**
 * Mean VmRSS while the first thousand calls were sent, and while the last thousand were (up
 * to the last call sent): the growth between them is what serving thousands of applicants left.
 */
function growth(result: StreamResult): Pick<Run, 'growthKb' | 'firstKb' | 'lastKb' | 'endKb'> {
	const sent = result.answers.length;
	const first = result.samples.filter((s) => s.sent >= 1 && s.sent <= THOUSAND);
	const last = result.samples.filter(
		(s) => s.sent > sent - THOUSAND && s.atMs <= result.sendMs + 1000,
	);
	const firstKb = mean(first.map((s) => s.rssKb));
	const lastKb = mean(last.map((s) => s.rssKb));
	return { firstKb, lastKb, growthKb: lastKb - firstKb, endKb: result.samples.at(-1)?.rssKb ?? 0 };
}

async function soakRun(
	sender: SoakSender,
	run: number,
	simulator: Simulator,
	install: N8nInstall,
	tarball: string,
	dir: string,
): Promise<Run> {
	const n8n = await startSoakN8n(install, tarball, simulator, dir);
	try {
		setSoakFaults(
			simulator,
			sender === 'oz'
				? { rates: SOAK_RATES, expireSessionsEvery: EXPIRE_EVERY, slotsWindow: WINDOW }
				: {},
		);
		say(`  run ${run}, ${LABELS[sender]}: ${CALLS} calls at ${RATE}/s …`);
		const result = await streamCalls(n8n, sender, CALLS, RATE, { progress: say, bounds: BOUNDS });
		await settleOz(simulator);
		const secrets = sender === 'oz' ? soakSecrets(simulator) : [];
		const figures = soakFigures(simulator, n8n.log(), result, secrets);
		const memory = growth(result);
		say(
			`  run ${run}, ${sender}: ${figures.ownDecision}/${figures.calls} own decisions, ${figures.lost.length} lost, ${figures.twice} twice, ${figures.processing} PROCESSING, errors ${JSON.stringify(figures.errors)}, RSS ${megabytes(memory.firstKb)} → ${megabytes(memory.lastKb)}, ${seconds(result.wallMs)}`,
		);
		for (const line of figures.lost.slice(0, 10)) say(`    lost: ${line}`);
		for (const line of figures.twiceCases) say(`    twice: ${line}`);
		return { figures, result, ...memory };
	} finally {
		await n8n.stop();
	}
}

const range = (values: number[], format: (v: number) => string = String) => {
	const [low, high] = [format(Math.min(...values)), format(Math.max(...values))];
	return low === high ? low : `${low}–${high}`;
};
const signedMb = (kb: number) => `${kb < 0 ? '−' : '+'}${megabytes(Math.abs(kb))}`;

/** Errors by kind over all runs, the most frequent first. */
function errorKinds(runs: Run[]): string {
	const all: Record<string, number> = {};
	for (const run of runs)
		for (const [kind, count] of Object.entries(run.figures.errors))
			all[kind] = (all[kind] ?? 0) + count;
	const kinds = Object.entries(all).sort((a, b) => b[1] - a[1]);
	return kinds.length === 0
		? 'no errors'
		: `errors: ${kinds.map(([kind, count]) => `${count} × "${kind}"`).join(', ')}`;
}

const oneDecimal = (v: number) => v.toFixed(1);

/** What both senders' rows say: answers, billing, times, memory. */
function commonPhrases(runs: Run[]): { answers: string[]; times: string; memory: string } {
	const f = runs.map((r) => r.figures);
	const of = (pick: (x: SoakFigures) => number, format?: (v: number) => string) =>
		range(f.map(pick), format);
	return {
		answers: [
			`${of((x) => x.ownDecision)} of ${of((x) => x.calls)} callers got their own decision (${of((x) => x.unsent)} unsent)`,
			errorKinds(runs),
			`lost, misrouted or wrong ${of((x) => x.lost.length)}`,
			`Oz made ${of((x) => x.folders)} folders, ${of((x) => x.twice)} twice`,
			`errors with a folder at Oz ${of((x) => x.errorsWithFolder)}`,
			`${of((x) => x.processing)} "PROCESSING"`,
		],
		times: `answers p50 ${of((x) => x.p50Ms / 1000, oneDecimal)} s, p99 ${of((x) => x.p99Ms / 1000, oneDecimal)} s; sent ${of((x) => x.sentPerSecond, oneDecimal)}/s`,
		memory: `RSS growth from the first to the last ${THOUSAND} calls ${range(
			runs.map((r) => r.growthKb),
			signedMb,
		)} (${range(
			runs.map((r) => r.firstKb),
			megabytes,
		)} → ${range(
			runs.map((r) => r.lastKb),
			megabytes,
		)}; ${range(
			runs.map((r) => r.endKb),
			megabytes,
		)} once all were answered)`,
	};
}

const runsLabel = (runs: Run[]) => `${runs.length} run${runs.length > 1 ? 's' : ''}`;

/** The process-wide state from the node's last debug line of each run, against its bounds. */
function statePhrase(figures: SoakFigures[]): string {
	const last = figures.map((x) => x.sizes.at(-1));
	const first = last[0];
	if (!first) return 'no process-state line in the log';
	type Key = 'sentMarkers' | 'inFlight' | 'retryMemoItems' | 'limiters';
	const end = (key: Key) => range(last.map((size) => size?.[key] ?? 0));
	const most = (key: Key) => Math.max(...figures.flatMap((x) => x.sizes.map((size) => size[key])));
	return `process state at the last debug line (one every ${first.sends} sends): limiters ${end('limiters')}, sent markers ${end('sentMarkers')} (most ${most('sentMarkers')}; bound ${first.maxMarkers} and ${first.markerHours} h), in flight ${end('inFlight')} (most ${most('inFlight')}), Retry On Fail memo ${end('retryMemoItems')} items (most ${most('retryMemoItems')}; bound ${first.maxMemoItems} and ${first.memoHours} h)`;
}

function ozRow(scenario: string, runs: Run[], http: Run[]): string {
	const f = runs.map((r) => r.figures);
	const of = (pick: (x: SoakFigures) => number) => range(f.map(pick));
	const common = commonPhrases(runs);
	const ours = mean(runs.map((r) => r.growthKb));
	const theirs = http.length > 0 ? mean(http.map((r) => r.growthKb)) : undefined;
	const phrases = [
		...common.answers,
		`password and tokens in n8n's log ${of((x) => x.secretsInLog)} times (${of((x) => Math.round(x.logBytes / 1024 ** 2))} MB of debug log)`,
		`faults met: lost answers ${of((x) => x.faults['lost-502'])} × 502, ${of((x) => x.faults['lost-504'])} × 504, ${of((x) => x.faults['lost-cut'])} × cut, uploads cut ${of((x) => x.faults.reset)}, 429 ${of((x) => x.faults.throttle)}, session expiries ${of((x) => x.expiries)} (${of((x) => x.logins)} logins)`,
		`delivery ${Object.entries(f[0].delivery)
			.map(([how]) => `${how} ${of((x) => x.delivery[how] ?? 0)}`)
			.join(', ')}`,
		common.times,
		common.memory +
			(theirs === undefined
				? ''
				: `, mean ${megabytes(Math.abs(ours - theirs))} ${ours > theirs ? 'above' : 'below'} the HTTP Request node's: target (at most 20 MB above) ${ours - theirs <= TARGET_KB ? 'met' : 'not met'}`),
		statePhrase(f),
	];
	return `| ${scenario} | ${LABELS.oz} (${runsLabel(runs)}) | ${phrases.join('; ')} |`;
}

function httpRow(scenario: string, runs: Run[]): string {
	const common = commonPhrases(runs);
	const phrases = [...common.answers, common.times, common.memory];
	return `| ${scenario} | ${LABELS.http} (${runsLabel(runs)}) | ${phrases.join('; ')} |`;
}

/**
 * A section's rows of an earlier run whose scenario and sender differ from this run's
 * (another sender, or a build named by OZ_SOAK_NOTE), kept beside the new ones.
 */
function keptRows(name: string, rows: string[]): string[] {
	const file = join(REPO, 'bench', 'results.json');
	if (!existsSync(file)) return [];
	const earlier = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Section>)[name];
	const key = (row: string) =>
		row
			.split(' | ')
			.slice(0, 2)
			.join(' | ')
			.replace(/ \(\d+ runs?\)$/, '');
	const fresh = new Set(rows.map(key));
	return (earlier?.rows ?? []).filter((row) => !fresh.has(key(row)));
}

async function soakScenario(
	simulator: Simulator,
	install: N8nInstall,
	tarball: string,
	dir: string,
): Promise<Section> {
	const started = Date.now();
	const runs: Record<SoakSender, Run[]> = { oz: [], http: [], ozIdempotent: [] };
	const traces: SoakTrace[] = [];
	say(`soak: ${RUNS} run(s) of ${CALLS} calls at ${RATE}/s for ${SENDERS.join(' and ')} …`);
	for (let run = 1; run <= RUNS; run++)
		for (const sender of SENDERS) {
			const result = await soakRun(sender, run, simulator, install, tarball, dir);
			runs[sender].push(result);
			traces.push({
				sender: LABELS[sender],
				run,
				samples: result.result.samples,
				sendMs: result.result.sendMs,
			});
		}
	const scenario = `Soak: ${CALLS} webhook calls at ${RATE}/s (${(CALLS / RATE / 60).toFixed(0)} min), each its own applicant, one \`n8n start\`, 8 slots × 200 ms, 5 s gateway`;
	const rows = [
		...(runs.oz.length > 0 ? [ozRow(scenario, runs.oz, runs.http)] : []),
		...(runs.http.length > 0 ? [httpRow(scenario, runs.http)] : []),
	];
	await writeSoakPlot(
		join(REPO, 'bench', 'soak.svg'),
		`n8n's resident memory over ${CALLS} webhook calls at ${RATE}/s`,
		traces,
	);
	return {
		rows: [...keptRows('soak', rows), ...rows],
		notes: [
			`Soak: each sender in its own fresh \`n8n start\` (n8n ${CURRENT_N8N.version}, SQLite, N8N_LOG_LEVEL=debug), one after the other; call i sent at i ÷ ${RATE} s with its own case id and 2 kB video (every fourth a spoof), at most ${BOUNDS.maxOpen} open. The faults (simulator/README.md, "Fault switches for soaks"), on this node's run only: of the single requests, seed ${SOAK_RATES.seed}, ${(SOAK_RATES.lostAnswer ?? 0) * 100} % answered by a 502 page, a 504 page or a cut connection after Oz stored the folder, ${(SOAK_RATES.reset ?? 0) * 100} % cut mid-upload, ${(SOAK_RATES.throttle ?? 0) * 100} % 429 (code 101); all login sessions expire every ${EXPIRE_EVERY} answered requests; ${WINDOW.slots} slots instead of ${SOAK_CAPACITY.slots} from ${WINDOW.fromMs / 1000} s to ${(WINDOW.fromMs + WINDOW.forMs) / 1000} s. "Own decision": HTTP 200 with the caller's case id, its video's decision and a folder holding its video. Memory: VmRSS of the n8n process every second; growth is the mean over the seconds the last ${THOUSAND} calls were sent minus the mean over the first ${THOUSAND}. Plot: [soak.svg](soak.svg). Last run of the scenario took ${seconds(Date.now() - started)}.`,
		],
		ran: ranOn(`n8n ${CURRENT_N8N.version}, regular mode`),
	};
}

const QUEUE_CALLS = 1000;
const QUEUE_RATE = 10;
const KILL_AFTER_CALL = 400;

/**
 * The soak through queue mode: a main and two workers × 10, the case id as Idempotency Key,
 * the faults as above with the window 30 s in; one worker killed after call 400 and another
 * started; failed callers call again once after the stream.
 */
async function soakQueueScenario(
	simulator: Simulator,
	install: N8nInstall,
	tarball: string,
	dir: string,
): Promise<Section> {
	const started = Date.now();
	say(`soakQueue: ${QUEUE_CALLS} calls at ${QUEUE_RATE}/s through a main and 2 workers …`);
	const cluster = await startQueueCluster({
		install,
		tarball,
		simulatorUrl: simulator.url,
		workers: 2,
		workerConcurrency: 10,
		credentials: [soakCredential(simulator)],
		workflows: soakWorkflowFiles(simulator, dir),
		env: { N8N_LOG_LEVEL: 'debug' },
	});
	try {
		setSoakFaults(simulator, {
			rates: SOAK_RATES,
			expireSessionsEvery: EXPIRE_EVERY,
			slotsWindow: { ...WINDOW, fromMs: 30_000 },
		});
		const target = { pid: cluster.mainPid, webhookUrl: cluster.webhookUrl };
		let killedAt = 0;
		const result = await streamCalls(target, 'ozIdempotent', QUEUE_CALLS, QUEUE_RATE, {
			progress: say,
			bounds: { maxOpen: 500, maxSendMs: 4 * (QUEUE_CALLS / QUEUE_RATE) * 1000 },
			midway: {
				afterCall: KILL_AFTER_CALL,
				run: async () => {
					killedAt = Date.now();
					cluster.workers[0].kill('SIGKILL');
					say(`    worker-1 killed after call ${KILL_AFTER_CALL}; starting another …`);
					await cluster.addWorker();
				},
			},
		});
		// Callers whose call failed (no decision, no clear error of the node's) call once more.
		const failed = result.answers.filter(
			(answer) => answer.status !== 200 || typeof answer.body?.caseId !== 'string',
		);
		say(`    ${failed.length} calls failed; calling again …`);
		const retries = await Promise.all(
			failed.map(async (answer) => await callOnce(target, 'ozIdempotent', answer.index)),
		);
		const byIndex = new Map(retries.map((answer) => [answer.index, answer]));
		const final = {
			...result,
			answers: result.answers.map((answer) => byIndex.get(answer.index) ?? answer),
		};
		await settleOz(simulator);
		const log = Object.values(cluster.logs()).join('\n');
		const figures = soakFigures(simulator, log, final, soakSecrets(simulator));
		const perWorker = Object.entries(cluster.executionsPerWorker())
			.map(([name, ids]) => `${name} ${ids.length}`)
			.join(', ');
		const failedAfter = failed.map((answer) => answer.sentAt + answer.ms - killedAt);
		const statuses = [...new Set(failed.map((answer) => answer.status))].join(', ');
		const row = `| Queue soak: ${QUEUE_CALLS} webhook calls at ${QUEUE_RATE}/s through n8n ${CURRENT_N8N.version} in queue mode (main + 2 workers × 10, Postgres 17, Redis), 8 slots × 200 ms, 5 s gateway, the soak's faults; worker-1 killed (SIGKILL) after call ${KILL_AFTER_CALL}, another started | ${LABELS.ozIdempotent} (1 run) | ${[
			`${failed.length} calls failed with the killed worker (HTTP ${statuses || '–'}${failed.length > 0 ? `, answered ${(Math.min(...failedAfter) / 1000).toFixed(0)}–${(Math.max(...failedAfter) / 1000).toFixed(0)} s after the kill` : ''}) and called again once`,
			`after that ${figures.ownDecision} of ${figures.calls} callers got their own decision`,
			Object.keys(figures.errors).length === 0
				? 'no errors'
				: `errors: ${Object.entries(figures.errors)
						.map(([kind, count]) => `${count} × "${kind}"`)
						.join(', ')}`,
			`lost, misrouted or wrong ${figures.lost.length}`,
			`Oz made ${figures.folders} folders, ${figures.twice} twice`,
			`${figures.processing} "PROCESSING"`,
			`password and tokens in the processes' logs ${figures.secretsInLog} times`,
			`faults met: lost answers ${figures.faults['lost-502'] + figures.faults['lost-504'] + figures.faults['lost-cut']}, uploads cut ${figures.faults.reset}, 429 ${figures.faults.throttle}, session expiries ${figures.expiries} (${figures.logins} logins)`,
			`delivery ${Object.entries(figures.delivery)
				.map(([how, count]) => `${how} ${count}`)
				.join(', ')}`,
			`executions per worker ${perWorker}`,
			`answers p50 ${(figures.p50Ms / 1000).toFixed(1)} s, p99 ${(figures.p99Ms / 1000).toFixed(1)} s`,
		].join('; ')} |`;
		say(row);
		for (const line of figures.lost.slice(0, 10)) say(`    lost: ${line}`);
		for (const line of figures.twiceCases) say(`    twice: ${line}`);
		return {
			rows: [...keptRows('soakQueue', [row]), row],
			notes: [
				`Queue soak: every process logs at debug level; the calls as in the soak (its own case id and video each), the Idempotency Key the case id; Oz's half-slot window from 30 s to 50 s; a caller retries when its answer was not HTTP 200 with its case id. Cluster start-up included, the scenario took ${seconds(Date.now() - started)}.`,
			],
			ran: ranOn(`n8n ${CURRENT_N8N.version}, queue mode`),
		};
	} finally {
		await cluster.stop();
	}
}

async function main(): Promise<void> {
	const simulator = await startSoakSimulator();
	const dir = mkdtempSync(join(tmpdir(), 'oz-bench-soak-'));
	const sections: Record<string, Section> = {};
	try {
		const tarball = packPackage(dir);
		const install = installN8n(CURRENT_N8N.version, CURRENT_N8N.nodeMajor);
		if (wanted('soak')) sections.soak = await soakScenario(simulator, install, tarball, dir);
		if (wanted('soakQueue'))
			sections.soakQueue = await soakQueueScenario(simulator, install, tarball, dir);
	} finally {
		await simulator.close();
		rmSync(dir, { recursive: true, force: true });
	}
	say(writeReport(join(REPO, 'bench'), sections));
}

runBenchmark(main);
