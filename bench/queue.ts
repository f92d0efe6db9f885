/**
 * The queue-mode rows of bench/RESULTS.md, from the figures the queue-mode suite
 * (e2e/queue/queue.e2e.test.ts) wrote to test-output/queue-mode.json in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CURRENT_N8N, REPO } from '../e2e/rig';
import { writeReport } from './report';
import { ranOn } from './scenarios';

interface QueueFigures {
	startupSeconds: number;
	webhooks: { calls: number; wallMs: number; perWorker: Record<string, number>; slowestMs: number };
	memoryPeakMb: Record<'baseline' | 'n8nReadsEachFile' | 'parallel2' | 'parallel5', number>;
	killWithoutKey: { failedCalls: number; failedAfterMs: number[]; folders: number };
	killWithKey: { failedCalls: number; failedAfterMs: number[]; folders: number };
}

const mb = (value: number) => `${Math.round(value)} MB`;
const versus = (delta: number, what: string) =>
	`${mb(Math.abs(delta))} ${delta < 0 ? 'below' : 'above'} ${what}`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface BurstFigures {
	calls: number;
	answered: number;
	gateway504s: number;
	folders: number;
	wallMs: number;
	maxAtOz: number;
	perWorker: number[];
}

const figures = JSON.parse(
	readFileSync(join(REPO, 'test-output', 'queue-mode.json'), 'utf8'),
) as QueueFigures;
const burst = JSON.parse(
	readFileSync(join(REPO, 'test-output', 'queue-burst.json'), 'utf8'),
) as BurstFigures;
const { webhooks, memoryPeakMb: memory, killWithoutKey, killWithKey } = figures;
const scenario = `Queue mode (n8n ${CURRENT_N8N.version}, main + 2 workers × 5, Postgres 17, Redis, database binary data)`;
const above = (key: 'parallel2' | 'parallel5') =>
	`peak ${mb(memory[key])}: ${versus(memory[key] - memory.n8nReadsEachFile, 'n8n reading the files itself')}, ${versus(memory[key] - memory.baseline, 'the no-upload run')}`;
const killed = (kill: QueueFigures['killWithKey']) =>
	`${kill.failedCalls} of 10 callers got HTTP 500 after ${s(Math.min(...kill.failedAfterMs))}–${s(Math.max(...kill.failedAfterMs))}; after their retries Oz holds ${kill.folders} folders for 10 applicants`;
const rows = [
	`| ${scenario}: 40 concurrent webhook calls, one video each | this node, Simplify | 40 of 40 answered with their own case id and decision; ${s(webhooks.wallMs)} for all; executions per worker ${Object.values(webhooks.perWorker).join(' / ')} |`,
	`| ${scenario}: worker memory, 20 items of 20 MB | no upload (baseline) | peak ${mb(memory.baseline)} |`,
	`| ${scenario}: worker memory, 20 items of 20 MB | n8n's Write Files to Disk reading each file back | peak ${mb(memory.n8nReadsEachFile)}, ${mb(memory.n8nReadsEachFile - memory.baseline)} above the no-upload run |`,
	`| ${scenario}: worker memory, 20 items of 20 MB | this node, Parallel Requests 2 | ${above('parallel2')} |`,
	`| ${scenario}: worker memory, 20 items of 20 MB | this node, Parallel Requests 5 | ${above('parallel5')} |`,
	`| ${scenario}: a worker killed (SIGKILL) with 10 calls at Oz, callers retry | this node, no Idempotency Key | ${killed(killWithoutKey)} |`,
	`| ${scenario}: a worker killed (SIGKILL) with 10 calls at Oz, callers retry | this node, Idempotency Key = case id | ${killed(killWithKey)} |`,
	`| Queue mode (n8n ${CURRENT_N8N.version}, main + 4 workers × 10): ${burst.calls} webhook calls at once against 2 slots × 1 s, 5 s gateway (workers outnumber slots) | this node, default options | ${burst.answered} of ${burst.calls} callers got their own decision; gateway 504s ${burst.gateway504s}; Oz made ${burst.folders} folders; at most ${burst.maxAtOz} at Oz at once; ${s(burst.wallMs)} for all, ${(burst.wallMs / ((burst.calls * 1000) / 2)).toFixed(2)} × the ideal; executions per worker ${burst.perWorker.join(' / ')} |`,
];
const notes = [
	`Queue mode: from \`e2e/queue/queue.e2e.test.ts\` and \`e2e/queue/burst.e2e.test.ts\` (cluster start-up ${figures.startupSeconds} s). Memory is the peak resident memory (VmHWM) of the worker that ran the execution, a fresh worker for each row with the others stopped; n8n 2.41 reads a stored file whole through Postgres' hex text, which the Write Files row shows.`,
];
const ran = ranOn(`n8n ${CURRENT_N8N.version} in queue mode`);
process.stdout.write(`${writeReport(join(REPO, 'bench'), { queue: { rows, notes, ran } })}\n`);
