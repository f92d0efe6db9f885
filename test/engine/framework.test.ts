import { mediaWithLiveness } from '../support/media';
import { seedFolder, seedPerson } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * A host that answers as the framework Oz API is built on does (docs/oz-facts.md#framework),
 * without the optional blacklist module (Administrator Guide, "Oz API Configuration"), and with
 * lists as bare arrays (docs/oz-facts.md#collections-list).
 */
const { simulator, TOKEN, USER, credentials } = useOzSimulator('framework');
const run = async (
	parameters: Record<string, unknown>,
	items: Array<Record<string, unknown>> = [{}],
) => {
	const wf = chainWorkflow(items as never, [
		{ name: 'Oz', parameters: parameters as never, continueOnFail: true },
	]);
	return (await runWorkflow(wf.nodes, wf.connections, credentials())).output('Oz');
};
const gets = () => simulator.store.requests.filter((r) => r.method === 'GET');

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		latencyMs: 0,
		capacity: null,
		quirks: { framework: true },
	});
});

describe("a host on Oz's framework", () => {
	it('Get Many reads total_count: Return All stops on the count, with every folder once', async () => {
		for (let i = 0; i < 130; i++) await seedFolder(simulator, TOKEN, { n: i });
		simulator.store.requests.length = 0;
		const output = await run({ resource: 'folder', operation: 'getMany', returnAll: true });
		expect(output).toHaveLength(130);
		expect(new Set(output.map((item) => item.json.folder_id)).size).toBe(130);
		// Two pages of 100: the count ends it without asking for an empty third page.
		expect(gets()).toHaveLength(2);
	});

	it('a metadata filter value with a comma or a second == is a clear error naming the character, nothing sent', async () => {
		const [comma] = await run({
			resource: 'folder',
			operation: 'getMany',
			filters: { metadata: 'case_id==A-1,B-2' },
		});
		expect(comma.json).toMatchObject({
			error: `The metadata filter's value "A-1,B-2" holds a comma (,), which Oz's metadata search cannot take [item 0]`,
			field: 'Filters: Metadata',
		});
		const [twice] = await run({
			resource: 'folder',
			operation: 'getMany',
			filters: { metadata: 'note==a==b' },
		});
		expect(String(twice.json.error)).toMatch(/holds a second ==/);
		expect(gets()).toHaveLength(0);
	});

	it('a create answered 200 instead of 201 is a success', async () => {
		const [created] = await run({
			resource: 'collection',
			operation: 'create',
			alias: 'framework-list',
			companyBy: 'id',
			companyId: '5a1e0000-0000-4000-8000-00000000c0de',
		});
		expect(created.json.error).toBeUndefined();
		expect(typeof created.json.collection_id).toBe('string');
		expect(simulator.store.requests.at(-1)?.method).toBe('POST');
	});

	it("Oz's error body with error_details keeps its code and message", async () => {
		const [missing] = await run({
			resource: 'folder',
			operation: 'get',
			folderId: '00000000-0000-4000-8000-000000000000',
		});
		expect(missing.json).toMatchObject({ error_code: 10, httpCode: '404' });
		expect(String(missing.json.error)).toMatch(/^Oz API error 10/);
	});

	it('throttling as code 101 with no Retry-After: backed off with jitter, every item answered, no folder twice', async () => {
		simulator.settings.capacity = { slots: 1, msPerAnalysis: 50, maxQueue: 1 };
		const items = Array.from({ length: 6 }, (_, i) => ({
			binary: { data: file(mediaWithLiveness('live', `throttle-${i}`), `t${i}.mp4`, 'video/mp4') },
		}));
		const output = await run(livenessAnalysis({ parallelRequests: 6, sharedLimit: false }), items);
		expect(output.map((item) => item.json.system_resolution)).toEqual(Array(6).fill('SUCCESS'));
		expect(simulator.store.folders.size).toBe(6);
		expect(simulator.store.requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(6);
	});

	it('a wrong password at login (code 15) says to fix the credential, and is not tried again', async () => {
		const wf = chainWorkflow(
			[{}],
			[{ name: 'Oz', parameters: { resource: 'folder', operation: 'getMany', limit: 1 } as never }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, {
			ozForensicsApi: {
				baseUrl: simulator.url,
				authentication: 'emailPassword',
				email: USER.email,
				password: 'wrong',
			},
		});
		expect(result.error?.message).toMatch(
			/^Oz login failed: Oz did not accept the email and password \(Invalid credentials\)/,
		);
		expect(simulator.store.requests.filter((r) => r.path === '/api/authorize/auth')).toHaveLength(
			1,
		);
	});
});

describe('lists as bare arrays, and a host without the blacklist module', () => {
	it('Blacklist Collection → Get Many and Person → Get Many read a bare JSON array', async () => {
		simulator.settings.quirks = { bareLists: true };
		const { collectionId, personId } = await seedPerson(simulator, TOKEN);
		const collections = await run({
			resource: 'collection',
			operation: 'getMany',
			returnAll: true,
		});
		expect(collections.map((item) => item.json.collection_id)).toContain(collectionId);
		const persons = await run({
			resource: 'person',
			operation: 'getMany',
			collectionId,
			returnAll: true,
		});
		expect(persons.map((item) => item.json.person_id)).toEqual([personId]);
	});

	it('without oz_collections, the blacklist operations say so instead of a bare 404', async () => {
		simulator.settings.quirks = { noBlacklist: true };
		const [item] = await run({ resource: 'collection', operation: 'getMany', returnAll: true });
		expect(item.json).toMatchObject({
			error: 'This Oz host has no blacklist (collections) API [item 0]',
			httpCode: '404',
		});
		expect(String(item.json.description)).toMatch(/oz_collections in OZ_APP_COMPONENTS/);
	});
});
