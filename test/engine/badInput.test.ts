import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../simulator';
import { mediaWithLiveness } from '../support/media';
import { seedFolder, seedPerson } from '../support/seed';
import { chainWorkflow, file } from '../support/workflows';
import type { FixtureItem } from './LoadFiles.node';
import { BAD_INPUTS, VALUES } from './cases/badInputs';
import { cleanUpEngine, runWorkflow } from './harness';

let simulator: Simulator;
let folderId: string;
let collectionId: string;
let personId: string;
const TOKEN = 'bad-input-token';

beforeAll(async () => {
	simulator = await startSimulator({ tokens: [TOKEN] });
	folderId = (await seedFolder(simulator, TOKEN, { purpose: 'bad input tests' }))
		.folder_id as string;
	({ collectionId, personId } = await seedPerson(simulator, TOKEN));
});
afterAll(async () => {
	await simulator.close();
	cleanUpEngine();
});

function fillPlaceholders<T>(value: T): T {
	return JSON.parse(
		JSON.stringify(value)
			.split('{{FOLDER}}')
			.join(folderId)
			.split('{{SIMULATOR}}')
			.join(simulator.url)
			.split('{{COLLECTION}}')
			.join(collectionId)
			.split('{{PERSON}}')
			.join(personId),
	) as T;
}

describe('bad input: a clear error for the item and field, the other items unharmed', () => {
	it('docs/errors.md lists at least 30 bad inputs, each tested here', () => {
		const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
		expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
		for (const testCase of BAD_INPUTS) expect(docs).toContain(`| ${testCase.name} |`);
	});

	it.each(BAD_INPUTS.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		async (_name, testCase) => {
			simulator.store.requests.length = 0;
			const values = fillPlaceholders(VALUES);
			const good = () => ({
				json: { bad: false, values },
				binary: { data: file(mediaWithLiveness('live'), 'selfie.mp4', 'video/mp4') },
			});
			const badBinary = Object.fromEntries(
				Object.entries(testCase.binary ?? {}).filter(
					(entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== null,
				),
			);
			const bad: FixtureItem = {
				json: { bad: true, values },
				binary: testCase.binary ? badBinary : good().binary,
			};
			const wf = chainWorkflow(
				[good(), bad, good()],
				[
					{
						name: 'Oz',
						parameters: fillPlaceholders(testCase.parameters) as INodeParameters,
						continueOnFail: true,
					},
				],
			);
			const credentials = {
				ozForensicsApi: fillPlaceholders({
					baseUrl: simulator.url,
					accessToken: TOKEN,
					...testCase.credentials,
				}),
			};
			const result = await runWorkflow(wf.nodes, wf.connections, credentials);

			expect(result.error).toBeUndefined();
			const items = result.output('Oz');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			const failing = testCase.credentials ? [0, 1, 2] : [1];
			for (const index of failing) {
				expect(items[index].json.error).toMatch(testCase.message);
				expect(items[index].json.error).toContain(`[item ${index}]`);
				expect(items[index].json.description).toMatch(testCase.description);
				if (testCase.field) expect(items[index].json.field).toBe(testCase.field);
			}
			for (const index of [0, 1, 2].filter((i) => !failing.includes(i))) {
				expect(items[index].json.error).toBeUndefined();
				const id =
					items[index].json.folder_id ??
					items[index].json.collection_id ??
					items[index].json.person_id;
				expect(id).toEqual(expect.any(String));
			}
			// Nothing is sent for the bad item; a name it must look up at Oz costs that look-up only.
			const sent = testCase.lookup
				? simulator.store.requests.filter((r) => r.method !== 'GET')
				: simulator.store.requests;
			if (!testCase.credentials) expect(sent).toHaveLength(2 * (testCase.requestsPerGoodItem ?? 1));
		},
	);
});
