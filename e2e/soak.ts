/**
 * The soak: a steady stream of webhook calls, each one applicant with its own case id and
 * video, through one regular-mode n8n (`n8n start`), against a simulator that loses answers,
 * cuts uploads, throttles, expires sessions and loses half its slots for a while. What each
 * caller got, what Oz billed, n8n's resident memory over the calls, and the node's
 * process-wide state as its debug log reports it. e2e/soak.e2e.test.ts runs it short;
 * bench/soak.ts long, beside n8n's HTTP Request node.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';

import type { DrawnFault, FaultRates, Simulator } from '../simulator';
import { startSimulator } from '../simulator';
import { mediaWithLiveness } from '../test/support/media';
import type { RegularN8n } from './regular';
import { startRegularN8n } from './regular';
import type { CredentialData, N8nInstall } from './rig';
import { REPO } from './rig';

/** The Oz user the node logs in as (Email and Password); built so no scanner reads it as a secret. */
const SOAK_LOGIN = {
	email: 'soak-operator@example.com',
	password: ['soak', 'login', 'pass', '7f3a'].join('-'),
};

/** The service token n8n's HTTP Request node sends in its header (the baseline, without faults). */
const SOAK_TOKEN = ['soak', 'service', 'token'].join('-');

/** This node; n8n's HTTP Request node; this node with the case id as its Idempotency Key. */
export type SoakSender = 'oz' | 'http' | 'ozIdempotent';

const SOAK_PATHS: Record<SoakSender, string> = {
	oz: 'soak-oz',
	http: 'soak-http',
	ozIdempotent: 'soak-oz-keyed',
};

const WORKFLOW_IDS: Record<SoakSender, string> = {
	oz: 'ozSoakAnalyze001',
	http: 'ozSoakHttp000001',
	ozIdempotent: 'ozSoakKeyed00001',
};

const CREDENTIAL = { id: 'ozSoakLogin00001', name: 'Oz Soak Login' };

/** Oz for the soak: 8 slots × 200 ms (40 analyses a second) behind a 5 s gateway. */
export const SOAK_CAPACITY = { slots: 8, msPerAnalysis: 200, gatewayTimeoutMs: 5000 };

/** The faults of issue #28: ~3 % answers lost after the work, ~1 % uploads cut, ~1 % 429. */
export const SOAK_RATES: FaultRates = { seed: 28, lostAnswer: 0.03, reset: 0.01, throttle: 0.01 };

/** Every fourth applicant's video is a spoof: each caller must get its own decision back. */
const isSpoof = (index: number) => index % 4 === 3;
const caseIdOf = (index: number) => `soak-${index}`;
const fileNameOf = (caseId: string) => `${caseId}.mp4`;

/** What the caller gets back: its case id, the decision, the folder, or the node's error. */
const RESPOND_BODY =
	"={{ { caseId: $('Webhook').first().json.body.caseId, decision: $json.system_resolution ?? null, folderId: $json.folder_id ?? null, delivery: $json.oz_delivery ?? null, error: $json.error ? String($json.error.message ?? $json.error) : null } }}";

const VIDEO_TAGS = ['video_selfie', 'video_selfie_blank', 'orientation_portrait'];

/** Webhook → sender → Respond to Webhook; the sender's errors go on to the answer. */
function soakWorkflow(sender: SoakSender, simulatorUrl: string) {
	const ozNode = {
		resource: 'folder',
		operation: 'analyze',
		media: { file: [{ binaryPropertyName: 'video', mediaKey: 'video1', tags: VIDEO_TAGS }] },
		analyses: { analysis: [{ type: 'quality' }] },
		simplify: true,
		// Default options: the issue asks what a user gets without tuning anything.
		options: {},
	};
	const httpNode = {
		method: 'POST',
		url: `${simulatorUrl}/api/folders/`,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'X-Forensic-Access-Token', value: SOAK_TOKEN }] },
		sendBody: true,
		contentType: 'multipart-form-data',
		bodyParameters: {
			parameters: [
				{ parameterType: 'formBinaryData', name: 'video1', inputDataFieldName: 'video' },
				{
					name: 'payload',
					value: JSON.stringify({
						'media:tags': { video1: VIDEO_TAGS },
						analyses: [{ type: 'quality' }],
					}),
				},
			],
		},
		options: {},
	};
	const keyed = sender === 'ozIdempotent';
	return {
		id: WORKFLOW_IDS[sender],
		name: `soak: ${sender === 'http' ? "n8n's HTTP Request node" : `this node, default options${keyed ? ', Idempotency Key' : ''}`}`,
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `5c0a4e2d-28aa-4b1c-9d3e-00000000000${Object.keys(SOAK_PATHS).indexOf(sender) + 1}`,
				parameters: {
					httpMethod: 'POST',
					path: SOAK_PATHS[sender],
					responseMode: 'responseNode',
					options: {},
				},
			},
			sender !== 'http'
				? {
						id: 'send',
						name: 'Check Liveness',
						type: 'n8n-nodes-oz-forensics.ozForensics',
						typeVersion: 1,
						position: [220, 0],
						parameters: keyed
							? { ...ozNode, options: { idempotencyKey: '={{ $json.body.caseId }}' } }
							: ozNode,
						credentials: { ozForensicsApi: CREDENTIAL },
						onError: 'continueRegularOutput',
					}
				: {
						id: 'send',
						name: 'Check Liveness',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [220, 0],
						parameters: httpNode,
						onError: 'continueRegularOutput',
					},
			{
				id: 'respond',
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { respondWith: 'json', responseBody: RESPOND_BODY, options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Check Liveness', type: 'main', index: 0 }]] },
			'Check Liveness': { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** The simulator of a soak: the node's login user and the HTTP Request node's token. */
export async function startSoakSimulator(): Promise<Simulator> {
	return await startSimulator({
		tokens: [SOAK_TOKEN],
		users: [SOAK_LOGIN],
		samplesDir: join(REPO, 'samples'),
	});
}

/** The node's credential: Email and Password, so the soak meets login sessions that expire. */
export function soakCredential(simulator: Simulator): CredentialData {
	return {
		...CREDENTIAL,
		type: 'ozForensicsApi',
		data: { baseUrl: simulator.url, authentication: 'emailPassword', ...SOAK_LOGIN },
	};
}

/** The soak's workflows, one per sender, written into `dir` for n8n's import. */
export function soakWorkflowFiles(simulator: Simulator, dir: string): string[] {
	return (Object.keys(SOAK_PATHS) as SoakSender[]).map((sender) => {
		const file = join(dir, `soak-${sender}.json`);
		writeFileSync(file, JSON.stringify(soakWorkflow(sender, simulator.url)));
		return file;
	});
}

/**
 * One regular-mode n8n with the soak workflows live, logging at debug level (the node's
 * process-state line is a debug line), with an Email and Password credential for the node.
 */
export async function startSoakN8n(
	install: N8nInstall,
	tarball: string,
	simulator: Simulator,
	dir: string,
): Promise<RegularN8n> {
	return await startRegularN8n({
		install,
		tarball,
		simulatorUrl: simulator.url,
		credentials: [soakCredential(simulator)],
		workflows: soakWorkflowFiles(simulator, dir),
		env: { N8N_LOG_LEVEL: 'debug' },
	});
}

/** The faults of a soak, set on the simulator (or all off for a baseline). */
export function setSoakFaults(
	simulator: Simulator,
	faults: {
		rates?: FaultRates;
		expireSessionsEvery?: number;
		slotsWindow?: { fromMs: number; forMs: number; slots: number };
	},
): void {
	simulator.store.reset();
	simulator.sessions.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		latencyMs: 0,
		quirks: {},
		faultRates: faults.rates ? { ...faults.rates } : null,
		expireSessionsEvery: faults.expireSessionsEvery ?? 0,
		capacity: { ...SOAK_CAPACITY, slotsWindow: faults.slotsWindow },
	});
}

/** Where the calls go: a regular n8n, or a queue-mode main (its VmRSS is sampled). */
type Webhooks = Pick<RegularN8n, 'pid' | 'webhookUrl'>;

interface SoakAnswer {
	index: number;
	caseId: string;
	status: number;
	body: {
		caseId?: unknown;
		decision?: unknown;
		folderId?: unknown;
		delivery?: unknown;
		error?: unknown;
	} | null;
	/** Why no answer came (network error or the caller's own time limit). */
	failure?: string;
	sentAt: number;
	ms: number;
}

/** One second of the stream: n8n's resident memory and how far the calls had got. */
export interface RssSample {
	atMs: number;
	rssKb: number;
	sent: number;
	answered: number;
}

/** Resident memory of a running process in kB (Linux), undefined once it is gone. */
function rssKb(pid: number): number | undefined {
	const file = `/proc/${pid}/status`;
	if (!existsSync(file)) return undefined;
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(file, 'utf8'));
	return match ? Number(match[1]) : undefined;
}

/** A caller gives up after this long: past the node's default Timeout of 300 s. */
const CALL_TIMEOUT_MS = 330_000;

/**
 * A connection per call: a kept-alive one may be reused just as n8n closes it for idling,
 * and that call would read as lost.
 */
const SOAK_AGENT = new Agent({ keepAlive: false });

/** The bounds of a stream: how many calls may be open at once, and for how long calls are sent. */
interface StreamBounds {
	/** Calls open at most; the stream waits (and counts it) rather than pile up without end. */
	maxOpen: number;
	/** No call is sent after this long; the ones left are counted as unsent. */
	maxSendMs: number;
}

const DEFAULT_BOUNDS: StreamBounds = { maxOpen: 2000, maxSendMs: 30 * 60_000 };

/** One applicant's call: case id `soak-<index>`, its own video. */
export async function callOnce(
	n8n: Webhooks,
	sender: SoakSender,
	index: number,
): Promise<SoakAnswer> {
	const caseId = caseIdOf(index);
	const video = mediaWithLiveness(isSpoof(index) ? 'spoof' : 'live', caseId);
	const form = new FormData();
	form.append('caseId', caseId);
	form.append(
		'video',
		new Blob([new Uint8Array(video)], { type: 'video/mp4' }),
		fileNameOf(caseId),
	);
	// The multipart body and its boundary as fetch would send them.
	const request = new Request(n8n.webhookUrl(SOAK_PATHS[sender]), { method: 'POST', body: form });
	const payload = Buffer.from(await request.arrayBuffer());
	const sentAt = Date.now();
	try {
		const { status, text } = await post(request.url, payload, {
			'content-type': request.headers.get('content-type') ?? '',
			'content-length': String(payload.length),
		});
		let body: SoakAnswer['body'] = null;
		try {
			body = JSON.parse(text) as SoakAnswer['body'];
		} catch {
			body = { error: text.slice(0, 200) };
		}
		return { index, caseId, status, body, sentAt, ms: Date.now() - sentAt };
	} catch (error) {
		const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { index, caseId, status: 0, body: null, failure, sentAt, ms: Date.now() - sentAt };
	}
}

/**
 * A POST with node:http, not fetch: fetch gives up waiting for the answer's headers after
 * 300 s (undici's headersTimeout), just when the node's own Timeout of 300 s would answer.
 */
function post(
	url: string,
	body: Buffer,
	headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { method: 'POST', headers, agent: SOAK_AGENT }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({
					status: response.statusCode ?? 0,
					text: Buffer.concat(chunks).toString('utf8'),
				}),
			);
			response.on('error', reject);
		});
		request.setTimeout(CALL_TIMEOUT_MS, () =>
			request.destroy(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s`)),
		);
		request.on('error', reject);
		request.end(body);
	});
}

export interface StreamResult {
	answers: SoakAnswer[];
	samples: RssSample[];
	/** From the first call to the last answer. */
	wallMs: number;
	/** Calls sent late because `maxOpen` calls were open. */
	heldBack: number;
	/** Calls never sent: `maxSendMs` was over. */
	unsent: number;
	/** When the last call was sent, from the first. */
	sendMs: number;
}

export interface StreamOptions {
	/** Told every 30 s how far the stream got. */
	progress?: (line: string) => void;
	bounds?: StreamBounds;
	/** Run once, right after call number `afterCall` was sent (say, a worker's restart). */
	midway?: { afterCall: number; run: () => Promise<unknown> };
}

/**
 * `calls` webhook calls at a steady `perSecond`, call i at start + i / perSecond, with n8n's
 * VmRSS sampled every second. Bounded: at most `maxOpen` calls open, none sent after
 * `maxSendMs`, each call CALL_TIMEOUT_MS at most.
 */
export async function streamCalls(
	n8n: Webhooks,
	sender: SoakSender,
	calls: number,
	perSecond: number,
	options: StreamOptions = {},
): Promise<StreamResult> {
	const { progress, bounds = DEFAULT_BOUNDS, midway } = options;
	let midwayRun: Promise<unknown> | undefined;
	const answers: SoakAnswer[] = [];
	const samples: RssSample[] = [];
	const open = new Set<Promise<void>>();
	let sent = 0;
	let heldBack = 0;
	let sendMs = 0;
	const started = Date.now();
	const sample = () => {
		const rss = rssKb(n8n.pid);
		if (rss !== undefined)
			samples.push({ atMs: Date.now() - started, rssKb: rss, sent, answered: answers.length });
	};
	sample();
	const sampler = setInterval(sample, 1000);
	const reporter = setInterval(
		() =>
			progress?.(
				`    ${sender}: ${sent}/${calls} sent, ${answers.length} answered, ${open.size} open, RSS ${Math.round((samples.at(-1)?.rssKb ?? 0) / 1024)} MB`,
			),
		30_000,
	);
	try {
		for (let index = 0; index < calls; index++) {
			const due = started + (index * 1000) / perSecond;
			const wait = due - Date.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			if (open.size >= bounds.maxOpen) {
				heldBack++;
				await Promise.race(open);
			}
			if (Date.now() - started > bounds.maxSendMs) break;
			sendMs = Date.now() - started;
			const call: Promise<void> = callOnce(n8n, sender, index).then((answer) => {
				answers.push(answer);
				open.delete(call);
			});
			open.add(call);
			sent++;
			if (midway && sent === midway.afterCall) midwayRun = midway.run();
		}
		// Each call ends by CALL_TIMEOUT_MS at the latest.
		await Promise.all(open);
		await midwayRun;
	} finally {
		clearInterval(sampler);
		clearInterval(reporter);
	}
	sample();
	answers.sort((a, b) => a.index - b.index);
	return {
		answers,
		samples,
		wallMs: Date.now() - started,
		heldBack,
		unsent: calls - sent,
		sendMs,
	};
}

/** One "process state" debug line of the node. */
export interface StateSizes {
	sends: number;
	limiters: number;
	sentMarkers: number;
	maxMarkers: number;
	markerHours: number;
	inFlight: number;
	retryMemoItems: number;
	maxMemoItems: number;
	memoHours: number;
}

const SIZES_LINE =
	/process state after (\d+) sends: limiters (\d+), sent markers (\d+) \(at most (\d+), each (\d+) h\), in flight (\d+), retry memo items (\d+) \(at most (\d+), each (\d+) h\)/g;

/** The numbers of a process-state line, in the order the line gives them. */
const SIZE_KEYS = [
	'sends',
	'limiters',
	'sentMarkers',
	'maxMarkers',
	'markerHours',
	'inFlight',
	'retryMemoItems',
	'maxMemoItems',
	'memoHours',
] as const satisfies ReadonlyArray<keyof StateSizes>;

/** The node's process-state lines in n8n's log, in order. */
export function stateSizes(log: string): StateSizes[] {
	return [...log.matchAll(SIZES_LINE)].map(
		(match) =>
			Object.fromEntries(
				SIZE_KEYS.map((key, i) => [key, Number(match[i + 1])]),
			) as unknown as StateSizes,
	);
}

export interface SoakFigures {
	calls: number;
	/** 200, the caller's own case id, its video's decision, and a folder of its own video. */
	ownDecision: number;
	/** A clear error (the node's message) instead of a decision, by message. */
	errors: Record<string, number>;
	/** Callers with an error whose video Oz did store (billed, yet told it failed). */
	errorsWithFolder: number;
	/** No answer, an answer naming another case or folder, or a wrong decision. */
	lost: string[];
	processing: number;
	/** Applicants with more than one folder at Oz. */
	twice: number;
	/** For each of them: whether the folders carry one marker, and what each single request met. */
	twiceCases: string[];
	folders: number;
	delivery: Record<string, number>;
	faults: Record<DrawnFault, number>;
	expiries: number;
	logins: number;
	/** Occurrences of the password or any access token Oz saw, in n8n's log. */
	secretsInLog: number;
	logBytes: number;
	sizes: StateSizes[];
	wallMs: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	heldBack: number;
	unsent: number;
	/** Calls sent per second, from the first call to the last. */
	sentPerSecond: number;
}

/** Shortens an error to its kind: no item number, no ids. */
function errorKind(answer: SoakAnswer): string {
	if (answer.status !== 200)
		return `HTTP ${answer.status}${answer.failure ? ` ${answer.failure}` : ''}`;
	return String(answer.body?.error)
		.replace(/ \[item \d+\]/g, '')
		.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, '<id>')
		.replace(/\d+(\.\d+)? s\b/g, 'N s')
		.slice(0, 120);
}

/** The node's marker in a folder's metadata. */
function markerOf(folder: { json: Record<string, unknown> } | undefined): string {
	const meta = folder?.json.meta_data as Record<string, unknown> | undefined;
	return String(meta?.n8n_request_id ?? '');
}

/** Applicants Oz holds more than one folder for: one marker or several, and each request's fault. */
function twiceCases(simulator: Simulator, foldersByFile: Map<string, string[]>): string[] {
	return [...foldersByFile]
		.filter(([, ids]) => ids.length > 1)
		.map(([name, ids]) => {
			const markers = new Set(ids.map((id) => markerOf(simulator.store.folders.get(id))));
			const met = simulator.store.requests
				.filter((r) => r.method === 'POST' && r.files[0]?.fileName === name)
				.map((r) => r.drawnFault ?? 'answered');
			return `${name}: ${ids.length} folders, ${markers.size === 1 ? 'one marker' : `${markers.size} markers`}; its uploads met ${met.join(', ')}`;
		});
}

/** What the stream's answers, Oz's folders and n8n's log say, after Oz has settled. */
export function soakFigures(
	simulator: Simulator,
	n8nLog: string,
	result: StreamResult,
	secrets: string[],
): SoakFigures {
	const expected = (index: number) => (isSpoof(index) ? 'DECLINED' : 'SUCCESS');
	const foldersByFile = new Map<string, string[]>();
	for (const [id, folder] of simulator.store.folders) {
		const name = String(folder.media[0]?.json.original_name ?? '');
		foldersByFile.set(name, [...(foldersByFile.get(name) ?? []), id]);
	}
	const fileOfFolder = (id: unknown) =>
		typeof id === 'string'
			? String(simulator.store.folders.get(id)?.media[0]?.json.original_name ?? '')
			: '';
	const figures: SoakFigures = {
		calls: result.answers.length,
		ownDecision: 0,
		errors: {},
		errorsWithFolder: 0,
		lost: [],
		processing: 0,
		twice: [...foldersByFile.values()].filter((ids) => ids.length > 1).length,
		twiceCases: twiceCases(simulator, foldersByFile),
		folders: simulator.store.folders.size,
		delivery: {},
		faults: { 'lost-502': 0, 'lost-504': 0, 'lost-cut': 0, reset: 0, throttle: 0 },
		expiries: simulator.sessions.expiries,
		logins: simulator.sessions.logins,
		secretsInLog: 0,
		logBytes: n8nLog.length,
		sizes: stateSizes(n8nLog),
		wallMs: result.wallMs,
		p50Ms: 0,
		p99Ms: 0,
		maxMs: 0,
		heldBack: result.heldBack,
		unsent: result.unsent,
		sentPerSecond: result.sendMs > 0 ? ((result.answers.length - 1) * 1000) / result.sendMs : 0,
	};
	for (const answer of result.answers) {
		const body = answer.body;
		const own = fileNameOf(answer.caseId);
		if (JSON.stringify(body ?? '').includes('PROCESSING')) figures.processing++;
		const delivery = String(body?.delivery ?? 'none');
		figures.delivery[delivery] = (figures.delivery[delivery] ?? 0) + 1;
		if (answer.status === 200 && body?.caseId === answer.caseId && body.decision) {
			if (body.decision === expected(answer.index) && fileOfFolder(body.folderId) === own)
				figures.ownDecision++;
			else
				figures.lost.push(
					`${answer.caseId}: ${String(body.decision)} for folder of ${fileOfFolder(body.folderId) || 'none'}`,
				);
			continue;
		}
		const clear =
			answer.status === 200 && body?.caseId === answer.caseId && typeof body.error === 'string';
		if (!clear) {
			figures.lost.push(`${answer.caseId}: ${errorKind(answer)} ${JSON.stringify(body)}`);
			continue;
		}
		const kind = errorKind(answer);
		figures.errors[kind] = (figures.errors[kind] ?? 0) + 1;
		if (foldersByFile.has(own)) figures.errorsWithFolder++;
	}
	for (const request of simulator.store.requests)
		if (request.drawnFault) figures.faults[request.drawnFault]++;
	for (const secret of new Set(secrets.filter((s) => s.length >= 8)))
		figures.secretsInLog += n8nLog.split(secret).length - 1;
	const times = result.answers.map((a) => a.ms).sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	Object.assign(figures, { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: times.at(-1) ?? 0 });
	return figures;
}

/** Waits until Oz has finished the work of every request it took (after 504s too), 60 s at most. */
export async function settleOz(simulator: Simulator): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (let quiet = 0; quiet < 3 && Date.now() < deadline; ) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		quiet = simulator.store.inFlight === 0 ? quiet + 1 : 0;
	}
}

/** The secrets a soak's n8n must never print: the password and every token Oz was sent. */
export function soakSecrets(simulator: Simulator): string[] {
	const tokens = simulator.store.requests
		.map((request) => request.headers['x-forensic-access-token'])
		.filter((token): token is string => typeof token === 'string');
	return [SOAK_LOGIN.password, ...tokens];
}
