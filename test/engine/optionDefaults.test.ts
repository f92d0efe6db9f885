import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { OzForensics } from '../../nodes/OzForensics/OzForensics.node';
import { forgetHostLimiters } from '../../nodes/OzForensics/execution/processState';
import { analysisOperations } from '../../nodes/OzForensics/resources/analysis';
import { keyDigest } from '../../nodes/OzForensics/resources/folder/analyze/marker';
import { folderOperations } from '../../nodes/OzForensics/resources/folder';
import { buildContainer } from '../../simulator';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, SELFIE_TAGS } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * An option that is not added is absent from the parameters: the node must then behave as the
 * option's own `default` in the description says. Each option of each operation has a check
 * here, run with the Options collection empty; an option without one fails the last test.
 */
const { simulator, TOKEN, credentials } = useOzSimulator('defaults');
const videos = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		binary: { data: file(mediaWithLiveness('live', `default-${i}`), `v${i}.mp4`, 'video/mp4') },
	}));

/** Each operation's Options collection as the editor shows it. */
const described = new OzForensics().description.properties
	.filter((property) => property.name === 'options' && property.type === 'collection')
	.flatMap((property) => {
		const show = property.displayOptions?.show ?? {};
		return (show.resource as string[]).flatMap((resource) =>
			(show.operation as string[]).map((operation) => ({
				resource,
				operation,
				options: (property.options ?? []) as INodeProperties[],
			})),
		);
	});

const analyzeParameters: INodeParameters = {
	resource: 'folder',
	operation: 'analyze',
	media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
	analyses: { analysis: [{ type: 'quality' }] },
};

async function analyzeWithoutOptions(count: number, options: INodeParameters = {}) {
	const wf = chainWorkflow(videos(count), [
		{ name: 'Oz', parameters: { ...analyzeParameters, options } },
	]);
	return await runWorkflow(wf.nodes, wf.connections, credentials());
}

async function startWithoutOptions(count: number, options: INodeParameters = {}) {
	const folder = await seedFolder(simulator, TOKEN, { purpose: 'defaults' }, []);
	simulator.store.requests.length = 0;
	const wf = chainWorkflow(
		Array.from({ length: count }, () => ({})),
		[
			{
				name: 'Oz',
				parameters: {
					resource: 'analysis',
					operation: 'start',
					folderId: String(folder.folder_id),
					analyses: { analysis: [{ type: 'quality' }] },
					options,
				},
			},
		],
	);
	return await runWorkflow(wf.nodes, wf.connections, credentials());
}

const posts = () => simulator.store.requests.filter((r) => r.method === 'POST');

/** Stand-in containers of live selfies, each with its own session token and transaction_id. */
async function containers(count: number) {
	const latencyMs = simulator.settings.latencyMs;
	simulator.settings.latencyMs = 0;
	const made = [];
	for (let i = 0; i < count; i++) {
		const answer = await fetch(`${simulator.url}/api/authorize/session_token`, {
			headers: { 'X-Forensic-Access-Token': TOKEN },
		});
		const { session_token: sessionToken } = (await answer.json()) as { session_token: string };
		made.push({
			binary: {
				data: file(
					buildContainer({
						sessionToken,
						files: [
							{
								key: 'video1',
								data: mediaWithLiveness('live', `capsule-${i}`),
								fileName: 'selfie.mp4',
							},
						],
						folderMetadata: { transaction_id: `default-${Date.now()}-${i}` },
					}),
					`capture-${i}.bin`,
					'application/octet-stream',
				),
			},
		});
	}
	// Only the containers' requests count.
	simulator.store.reset();
	simulator.settings.latencyMs = latencyMs;
	return made;
}

async function containerWithoutOptions(count: number, options: INodeParameters = {}) {
	const wf = chainWorkflow(await containers(count), [
		{ name: 'Oz', parameters: { resource: 'folder', operation: 'analyzeContainer', options } },
	]);
	return await runWorkflow(wf.nodes, wf.connections, credentials());
}

/** Concurrency checks for an operation run by `run(count, options)`. */
function concurrencyChecks(
	run: (
		count: number,
		options?: INodeParameters,
	) => Promise<{ output(name: string): Array<{ json: Record<string, unknown> }> }>,
	growsOnAnswers: boolean,
) {
	return {
		parallelRequests: async (expected: unknown) => {
			// With the shared limit off, this node's own cap alone holds the items in flight.
			simulator.settings.latencyMs = 200;
			await run(40, { sharedLimit: false });
			expect(simulator.store.maxInFlight).toBe(expected);
		},
		sharedLimit: async (expected: unknown) => {
			// On: a cold host starts at 2 in flight and grows only on fast answers, so 12 items never all go at once.
			expect(expected).toBe(true);
			forgetHostLimiters();
			simulator.settings.latencyMs = 150;
			const result = await run(12);
			expect(simulator.store.maxInFlight).toBeGreaterThanOrEqual(2);
			expect(simulator.store.maxInFlight).toBeLessThanOrEqual(growsOnAnswers ? 8 : 2);
			const queued = result.output('Oz').map((item) => item.json.oz_queue_ms as number);
			expect(queued).toHaveLength(12);
			expect(Math.max(...queued)).toBeGreaterThanOrEqual(150);
		},
		timeout: async (expected: unknown) => {
			// Not cut short at a smaller value: a 2.5 s answer still arrives.
			expect(expected).toBe(300);
			simulator.settings.latencyMs = 2500;
			expect(((await run(1)) as { error?: unknown }).error).toBeUndefined();
		},
	};
}

type OutputOperation =
	| 'folder.analyze'
	| 'folder.analyzeContainer'
	| 'folder.get'
	| 'analysis.wait';

/** Runs one operation on a finished liveness folder with these options, and answers its first item. */
async function onLivenessFolder(operation: OutputOperation, options: Record<string, unknown>) {
	if (operation === 'folder.analyzeContainer')
		return (await containerWithoutOptions(1, options as INodeParameters)).output('Oz')[0];
	const [resource, name] = operation.split('.');
	const folder = await seedFolder(simulator, TOKEN, { purpose: 'defaults' }, [{ type: 'quality' }]);
	const parameters: INodeParameters =
		operation === 'folder.analyze'
			? { ...analyzeParameters, options: options as INodeParameters }
			: {
					resource,
					operation: name,
					folderId: String(folder.folder_id),
					options: options as INodeParameters,
				};
	const wf = chainWorkflow(videos(1), [{ name: 'Oz', parameters }]);
	const [item] = (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz');
	return item;
}

/** Checks of the output options, the same for every operation that has them. */
function outputChecks(operation: OutputOperation) {
	return {
		downloadBestShot: async (expected: unknown) => {
			expect(expected).toBe(false);
			expect((await onLivenessFolder(operation, {})).binary).toBeUndefined();
			expect(simulator.store.downloads).toHaveLength(0);
		},
		resolveMatchedPersons: async (expected: unknown) => {
			expect(expected).toBe(false);
			const item = await onLivenessFolder(operation, {});
			expect(item.json).not.toHaveProperty('matched_persons');
			expect(simulator.store.requests.filter((r) => r.path.includes('/persons/'))).toHaveLength(0);
		},
		bestShotProperty: async (expected: unknown) => {
			expect(expected).toBe('bestShot');
			const item = await onLivenessFolder(operation, { downloadBestShot: true });
			expect(Object.keys(item.binary ?? {})).toContain('bestShot');
		},
	};
}

/** What each option's default means, checked with the option absent. */
const checks: Record<string, Record<string, (defaultValue: unknown) => Promise<void>>> = {
	'folder.analyze': {
		...outputChecks('folder.analyze'),
		...concurrencyChecks(analyzeWithoutOptions, true),
		maxAnalysesPerMinute: async (expected) => {
			expect(expected).toBe(0);
			// Paced at any rate, 6 requests would spread over seconds at least; unpaced they all go at once.
			simulator.settings.latencyMs = 100;
			await analyzeWithoutOptions(6);
			const times = posts().map((r) => r.at);
			expect(Math.max(...times) - Math.min(...times)).toBeLessThan(2000);
		},
		idempotencyKey: async (expected) => {
			expect(expected).toBe('');
			await analyzeWithoutOptions(1);
			await analyzeWithoutOptions(1);
			// No look-up and no key: each run makes its own folder.
			expect(simulator.store.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
		},
		idempotencyWindowHours: async (expected) => {
			expect(expected).toBe(24);
			const now = Math.floor(Date.now() / 1000);
			for (const [key, hoursAgo] of [
				['recent', 23],
				['old', 25],
			] as const) {
				const seeded = await seedFolder(simulator, TOKEN, {
					n8n_idempotency_key: key,
					n8n_request_id: keyDigest(key),
				});
				const stored = simulator.store.folders.get(String(seeded.folder_id));
				if (stored) stored.json.time_created = now - hoursAgo * 3600 - 3600;
			}
			// Made 24 h and 26 h ago; the look-up reaches back 24 h plus an hour for clocks that differ.
			const reused = await analyzeWithoutOptions(1, { idempotencyKey: 'recent' });
			expect(
				(reused.output('Oz')[0].json.meta_data as Record<string, unknown>).n8n_idempotency_key,
			).toBe('recent');
			const before = simulator.store.folders.size;
			await analyzeWithoutOptions(1, { idempotencyKey: 'recent' });
			await analyzeWithoutOptions(1, { idempotencyKey: 'old' });
			expect(simulator.store.folders.size).toBe(before + 1);
		},
		instant: async (expected) => {
			expect(expected).toBe(false);
			await analyzeWithoutOptions(1);
			expect(posts().map((r) => r.path)).toEqual(['/api/folders/']);
		},
		safeRetry: async (expected) => {
			// On: every request carries its marker, and a lost answer is found again, not resent.
			expect(expected).toBe(true);
			simulator.settings.failNext = [{ kind: 'afterStore', status: 504 }];
			const result = await analyzeWithoutOptions(1);
			const meta = JSON.parse(posts()[0].fields.payload)['folder:meta_data'];
			expect(meta.n8n_request_id).toMatch(/^[0-9a-f]{40}$/);
			expect(result.output('Oz')[0].json).toMatchObject({ oz_delivery: 'recovered' });
			expect(posts()).toHaveLength(1);
			expect(simulator.store.folders.size).toBe(1);
		},
		splitIntoItems: async (expected) => {
			expect(expected).toBe(false);
			const result = await analyzeWithoutOptions(1);
			expect(result.output('Oz')).toHaveLength(1);
			expect(result.output('Oz')[0].json.analyses).toHaveLength(1);
		},
	},
	'folder.analyzeContainer': {
		...outputChecks('folder.analyzeContainer'),
		...concurrencyChecks(containerWithoutOptions, true),
		maxAnalysesPerMinute: async (expected) => {
			expect(expected).toBe(0);
			simulator.settings.latencyMs = 100;
			await containerWithoutOptions(6);
			const times = posts().map((r) => r.at);
			expect(Math.max(...times) - Math.min(...times)).toBeLessThan(2000);
		},
		instant: async (expected) => {
			expect(expected).toBe(false);
			await containerWithoutOptions(1);
			expect(posts().map((r) => r.path)).toEqual(['/api/folders']);
		},
		lookUp: async (expected) => {
			// None: after a lost answer the item fails as unknown, and nothing is looked up or resent.
			expect(expected).toEqual({});
			const items = await containers(1);
			simulator.settings.failNext = [{ kind: 'afterStore', status: 504 }];
			const wf = chainWorkflow(items, [
				{
					name: 'Oz',
					parameters: { resource: 'folder', operation: 'analyzeContainer' },
					continueOnFail: true,
				},
			]);
			const result = await runWorkflow(wf.nodes, wf.connections, credentials());
			expect(result.output('Oz')[0].json.error).toMatch(/outcome of this container is unknown/);
			expect(posts()).toHaveLength(1);
			expect(simulator.store.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
		},
		splitIntoItems: async (expected) => {
			expect(expected).toBe(false);
			const result = await containerWithoutOptions(1);
			expect(result.output('Oz')).toHaveLength(1);
			expect(result.output('Oz')[0].json.analyses).toHaveLength(1);
		},
	},
	'analysis.start': {
		...concurrencyChecks(startWithoutOptions, false),
		maxAnalysesPerMinute: async (expected) => {
			expect(expected).toBe(0);
			simulator.settings.latencyMs = 100;
			await startWithoutOptions(6);
			const times = posts().map((r) => r.at);
			expect(Math.max(...times) - Math.min(...times)).toBeLessThan(2000);
		},
	},
	'folder.addMedia': {
		timeout: async (expected) => {
			expect(expected).toBe(300);
			const folder = await seedFolder(simulator, TOKEN, { purpose: 'defaults' }, []);
			simulator.settings.latencyMs = 2500;
			const wf = chainWorkflow(videos(1), [
				{
					name: 'Oz',
					parameters: {
						resource: 'folder',
						operation: 'addMedia',
						folderId: String(folder.folder_id),
						media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
					},
				},
			]);
			expect((await runWorkflow(wf.nodes, wf.connections, credentials())).error).toBeUndefined();
		},
	},
	'folder.get': {
		...outputChecks('folder.get'),
		splitIntoItems: async (expected) => {
			expect(expected).toBe(false);
			const folder = await seedFolder(simulator, TOKEN, { purpose: 'defaults' }, [
				{ type: 'quality' },
				{ type: 'documents' },
			]);
			const wf = chainWorkflow(
				[{}],
				[
					{
						name: 'Oz',
						parameters: {
							resource: 'folder',
							operation: 'get',
							folderId: String(folder.folder_id),
						},
					},
				],
			);
			expect(
				(await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz'),
			).toHaveLength(1);
		},
	},
	'analysis.wait': {
		...outputChecks('analysis.wait'),
		splitIntoItems: async (expected) => {
			expect(expected).toBe(false);
			const folder = await seedFolder(simulator, TOKEN, { purpose: 'defaults' }, [
				{ type: 'quality' },
				{ type: 'documents' },
			]);
			const wf = chainWorkflow(
				[{}],
				[
					{
						name: 'Oz',
						parameters: {
							resource: 'analysis',
							operation: 'wait',
							folderId: String(folder.folder_id),
						},
					},
				],
			);
			expect(
				(await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz'),
			).toHaveLength(1);
		},
	},
};

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { latencyMs: 0, failNext: [], quirks: {} });
});

describe('every option behaves as its documented default when it is not added', () => {
	const cases = described.flatMap(({ resource, operation, options }) =>
		options.map((option) => [`${resource}.${operation}`, option.name, option.default] as const),
	);

	it.each(cases)('%s: %s (default %j)', async (operation, option, defaultValue) => {
		const check = checks[operation]?.[option];
		expect(check).toBeDefined();
		await check?.(defaultValue);
	});

	it('every operation with Options has its checks here', () => {
		const withOptions = [folderOperations, analysisOperations].flatMap((operations) =>
			Object.values(operations).filter((operation) =>
				operation.description.some((property) => property.name === 'options'),
			),
		);
		expect(described).toHaveLength(withOptions.length);
		for (const { resource, operation } of described)
			expect(Object.keys(checks)).toContain(`${resource}.${operation}`);
	});
});
