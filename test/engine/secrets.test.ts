import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { INodeParameters } from 'n8n-workflow';

import {
	buildContainer,
	type ScriptedFault,
	startSimulator,
	type Simulator,
} from '../../simulator';
import { mediaWithLiveness } from '../support/media';
import { chainWorkflow, file, SELFIE_TAGS } from '../support/workflows';
import { cleanUpEngine, runWorkflow } from './harness';
import type { WorkflowRun } from './harness';

/**
 * Runs workflows that fail in every way the node knows, with a recognisable token and
 * password, and searches everything n8n keeps or prints of them: execution data, errors
 * (with their causes and stacks) and every log call.
 */
const TOKEN = ['secret', 'token', 'c0ffee', '4711'].join('-');
const PASSWORD = ['secret', 'password', 'beef', '0815'].join('-');
const USER = { email: 'secrets@example.com', password: PASSWORD };

let simulator: Simulator;
const logged: string[] = [];
const seen: string[] = [];

beforeAll(async () => {
	simulator = await startSimulator({ tokens: [TOKEN], users: [USER] });
	// n8n's logger at its most talkative, writing into this list instead of the console.
	process.env.N8N_LOG_LEVEL = 'debug';
	const logger = Container.get(Logger);
	const capture = {
		log: (level: string, message: string, metadata: unknown) =>
			logged.push(`${level} ${message} ${inspect(metadata, { depth: 8 })}`),
		child: () => capture,
	};
	// setInternalLogger is private in the types; it is how n8n itself swaps the sink.
	(logger as unknown as { setInternalLogger(sink: typeof capture): void }).setInternalLogger(
		capture,
	);
});
afterAll(async () => {
	await simulator.close();
	cleanUpEngine();
});

function keep(result: WorkflowRun): void {
	seen.push(JSON.stringify(result.run));
	const error = result.error as unknown as Record<string, unknown> | undefined;
	if (error)
		seen.push(
			inspect(error, { depth: 8, showHidden: true }),
			JSON.stringify(error, Object.getOwnPropertyNames(error)),
		);
}

const analyze = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'folder',
	operation: 'analyze',
	media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
	analyses: { analysis: [{ type: 'quality' }] },
	options: { timeout: 1, parallelRequests: 1 },
	...extra,
});
const item = () => ({ binary: { data: file(mediaWithLiveness('live'), 'v.mp4', 'video/mp4') } });

const FAULTS: ScriptedFault[] = [
	{ status: 400, error_code: 3 },
	{ status: 401, error_code: 7 },
	{ status: 403, error_code: 9 },
	{ status: 404, error_code: 10 },
	{ status: 413 },
	{ status: 429, error_code: 0, retryAfter: 0 },
	{ status: 500, error_code: 0 },
	{ kind: 'html', status: 502 },
	{ kind: 'html', status: 504 },
	{ kind: 'truncated' },
	{ kind: 'reset' },
	{ kind: 'hang' },
];

describe('the access token and the password never show up', () => {
	it('in a run where every request meets a different fault, with and without Continue On Fail', async () => {
		for (const continueOnFail of [true, false]) {
			simulator.settings.failNext = [...FAULTS];
			const wf = chainWorkflow(FAULTS.map(item), [
				{ name: 'Oz', parameters: analyze(), continueOnFail },
			]);
			keep(
				await runWorkflow(wf.nodes, wf.connections, {
					ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN },
				}),
			);
		}
		simulator.settings.failNext = [];
	});

	it('in runs with bad input, a wrong host, a refused connection and an HTML page', async () => {
		const bad = chainWorkflow(
			[item(), { json: {} }],
			[
				{
					name: 'Oz',
					parameters: analyze({ folderMetadata: '{"broken": ' }),
					continueOnFail: true,
				},
			],
		);
		keep(
			await runWorkflow(bad.nodes, bad.connections, {
				ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN },
			}),
		);
		for (const baseUrl of [
			'http://127.0.0.1:9',
			`${simulator.url}/website`,
			`${simulator.url}/nowhere`,
		]) {
			const wf = chainWorkflow([item()], [{ name: 'Oz', parameters: analyze() }]);
			keep(
				await runWorkflow(wf.nodes, wf.connections, {
					ozForensicsApi: { baseUrl, accessToken: TOKEN },
				}),
			);
		}
	});

	it('in email-and-password runs: a wrong password, an unreachable login, and a renewal', async () => {
		const login = (password: string, baseUrl = simulator.url) => ({
			ozForensicsApi: { baseUrl, authentication: 'emailPassword', email: USER.email, password },
		});
		const wf = chainWorkflow(
			[item(), item()],
			[{ name: 'Oz', parameters: analyze(), continueOnFail: true }],
		);
		keep(await runWorkflow(wf.nodes, wf.connections, login(`${PASSWORD}-wrong`)));
		keep(await runWorkflow(wf.nodes, wf.connections, login(PASSWORD, 'http://127.0.0.1:9')));
		simulator.settings.expireSessionsAfter = 1;
		// The second item waits for the first (Parallel Requests 1), and waiting counts against its
		// Timeout: 1 s is too short for both on a loaded machine, so this run gets 30.
		const renewalWf = chainWorkflow(
			[item(), item()],
			[
				{
					name: 'Oz',
					parameters: analyze({ options: { timeout: 30, parallelRequests: 1 } }),
					continueOnFail: true,
				},
			],
		);
		const renewal = await runWorkflow(renewalWf.nodes, renewalWf.connections, login(PASSWORD));
		keep(renewal);
		expect(renewal.output('Oz').map((i) => i.json.system_resolution)).toEqual([
			'SUCCESS',
			'SUCCESS',
		]);
	});

	it('in session-token and container runs: a token fetched, containers met by every fault, a renewal', async () => {
		const credential = { ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN } };
		const tokens = chainWorkflow(
			[{ json: {} }, { json: {} }],
			[{ name: 'Oz', parameters: { resource: 'session', operation: 'getToken' } }],
		);
		const issued = await runWorkflow(tokens.nodes, tokens.connections, credential);
		keep(issued);
		const sessionTokens = issued.output('Oz').map((i) => String(i.json.session_token));
		const containers = FAULTS.map((_fault, i) => ({
			binary: {
				data: file(
					buildContainer({
						sessionToken: sessionTokens[i % 2],
						files: [
							{ key: 'v', data: mediaWithLiveness('live', `secret-${i}`), fileName: 'v.mp4' },
						],
					}),
					'capture.bin',
					'application/octet-stream',
				),
			},
		}));
		const parameters = {
			resource: 'folder',
			operation: 'analyzeContainer',
			options: { timeout: 1, parallelRequests: 1 },
		};
		simulator.settings.failNext = [...FAULTS];
		const wf = chainWorkflow(containers, [{ name: 'Oz', parameters, continueOnFail: true }]);
		const faulted = await runWorkflow(wf.nodes, wf.connections, credential);
		keep(faulted);
		expect(faulted.output('Oz')).toHaveLength(FAULTS.length);
		simulator.settings.failNext = [];
		simulator.settings.expireSessionsAfter = 1;
		const login = {
			ozForensicsApi: {
				baseUrl: simulator.url,
				authentication: 'emailPassword',
				email: USER.email,
				password: PASSWORD,
			},
		};
		keep(await runWorkflow(tokens.nodes, tokens.connections, login));
	});

	it('zero hits in the execution data, the errors and the logs', () => {
		// The searches must have something to search: the runs above failed and logged.
		expect(seen.length).toBeGreaterThanOrEqual(8);
		expect(logged.length).toBeGreaterThan(0);
		const everything = [...seen, ...logged].join('\n');
		expect(everything).toContain('Oz API error');
		const hits = (needle: string) => everything.split(needle).length - 1;
		expect({ token: hits(TOKEN), password: hits(PASSWORD) }).toEqual({ token: 0, password: 0 });
		// And the simulator did receive them, so the search would have found a leak.
		expect(
			simulator.store.requests.some((r) => r.headers['x-forensic-access-token'] === TOKEN),
		).toBe(true);
		expect(simulator.store.requests.some((r) => r.rawBody.toString().includes(PASSWORD))).toBe(
			true,
		);
	});
});
