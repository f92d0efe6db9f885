import { fakeMedia } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { runListSearch } from './harness';

/*
 * The editor's pickers (resource locators' From List) for Collection, Person and Folder, run
 * through n8n-core's LoadOptionsContext against the simulator, as the editor asks for them.
 */
const { simulator, TOKEN, credentials: token, login } = useOzSimulator('picker');
const COMPANY = '5a1e0000-0000-4000-8000-00000000c0de';

async function createCollection(alias: string): Promise<string> {
	const response = await fetch(`${simulator.url}/api/collections/`, {
		method: 'POST',
		headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
		body: JSON.stringify({ alias, company_id: COMPANY }),
	});
	return ((await response.json()) as { collection_id: string }).collection_id;
}

async function addPerson(collectionId: string, firstName: string, lastName: string) {
	const form = new FormData();
	form.append(
		'image1',
		new Blob([new Uint8Array(fakeMedia(firstName))], { type: 'image/jpeg' }),
		'p.jpg',
	);
	form.append(
		'payload',
		JSON.stringify({
			'media:tags': { image1: ['photo_selfie'] },
			'person:meta_data': { person_info: { first_name: firstName, last_name: lastName } },
		}),
	);
	const response = await fetch(`${simulator.url}/api/collections/${collectionId}/persons/`, {
		method: 'POST',
		body: form,
		headers: { 'X-Forensic-Access-Token': TOKEN },
	});
	if (!response.ok) throw new Error(`adding a person failed: ${await response.text()}`);
	return ((await response.json()) as { person_id: string }).person_id;
}

const pickerRequests = () => simulator.store.requests.filter((r) => r.method === 'GET');

beforeEach(() => {
	simulator.store.reset();
	Object.assign(simulator.settings, { latencyMs: 0, failNext: [], quirks: {} });
});

describe('Collection picker', () => {
	it("lists the host's collections by alias, with their IDs as values", async () => {
		const fraud = await createCollection('fraud-ring');
		const staff = await createCollection('former-staff');
		const result = await runListSearch('searchCollections', {}, token());
		expect(result.results).toEqual(
			expect.arrayContaining([
				{ name: 'fraud-ring', value: fraud },
				{ name: 'former-staff', value: staff },
			]),
		);
		expect(result.results).toHaveLength(2);
		expect(result.paginationToken).toBeUndefined();
	});

	it('narrows the list to the search text, case-insensitively', async () => {
		await createCollection('fraud-ring');
		await createCollection('former-staff');
		const result = await runListSearch('searchCollections', {}, token(), 'FRAUD');
		expect(result.results.map((entry) => entry.name)).toEqual(['fraud-ring']);
	});

	it('pages with a token: 60 collections come as 50, then 10', async () => {
		for (let i = 0; i < 60; i++) await createCollection(`list-${String(i).padStart(2, '0')}`);
		const first = await runListSearch('searchCollections', {}, token());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await runListSearch('searchCollections', {}, token(), '', first.paginationToken);
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
		const names = new Set([...first.results, ...second.results].map((entry) => entry.name));
		expect(names.size).toBe(60);
	});

	it('keeps working after the framework shape of lists (total_count) and bare lists', async () => {
		await createCollection('one');
		simulator.settings.quirks = { framework: true };
		expect((await runListSearch('searchCollections', {}, token())).results).toHaveLength(1);
		simulator.settings.quirks = { bareLists: true };
		expect((await runListSearch('searchCollections', {}, token())).results).toHaveLength(1);
	});

	it("shows Oz's error for a refused token, without the token", async () => {
		const refused = runListSearch('searchCollections', {}, token('not-a-valid-token'));
		await expect(refused).rejects.toThrow(/Oz API error \d+/);
		const error = await refused.catch((caught: unknown) => caught);
		expect(JSON.stringify(error)).not.toContain('not-a-valid-token');
	});

	it('logs in with Email and Password, once', async () => {
		await createCollection('by-login');
		const result = await runListSearch('searchCollections', {}, login());
		expect(result.results.map((entry) => entry.name)).toEqual(['by-login']);
		expect(
			simulator.store.requests.filter((r) => r.path.startsWith('/api/authorize/')),
		).toHaveLength(1);
	});
});

describe('Person picker', () => {
	it('lists the persons of the collection chosen above, by name', async () => {
		const collectionId = await createCollection('persons');
		const ada = await addPerson(collectionId, 'Ada', 'Lovelace');
		const alan = await addPerson(collectionId, 'Alan', 'Turing');
		const other = await createCollection('other');
		await addPerson(other, 'Grace', 'Hopper');
		const parameters = {
			resource: 'person',
			operation: 'get',
			collectionId: { __rl: true, mode: 'list', value: collectionId },
		};
		const result = await runListSearch('searchPersons', parameters, token());
		expect(result.results).toEqual([
			{ name: 'Ada Lovelace', value: ada },
			{ name: 'Alan Turing', value: alan },
		]);
		const filtered = await runListSearch('searchPersons', parameters, token(), 'turing');
		expect(filtered.results.map((entry) => entry.value)).toEqual([alan]);
	});

	it('takes a collection given By ID as well', async () => {
		const collectionId = await createCollection('persons');
		await addPerson(collectionId, 'Ada', 'Lovelace');
		const result = await runListSearch(
			'searchPersons',
			{
				resource: 'person',
				operation: 'get',
				collectionId: { __rl: true, mode: 'id', value: collectionId },
			},
			token(),
		);
		expect(result.results.map((entry) => entry.name)).toEqual(['Ada Lovelace']);
	});

	it('asks for the collection first, and sends nothing, when none is chosen', async () => {
		const picked = runListSearch(
			'searchPersons',
			{
				resource: 'person',
				operation: 'get',
				collectionId: { __rl: true, mode: 'list', value: '' },
			},
			token(),
		);
		await expect(picked).rejects.toThrow('Choose the collection first');
		expect(pickerRequests()).toHaveLength(0);
	});
});

describe('Folder picker', () => {
	it('lists the most recent folders first, with decision and ID, and finds one by a metadata value', async () => {
		const older = await seedFolder(simulator, TOKEN, { transaction_id: 'T-older' });
		const newer = await seedFolder(simulator, TOKEN, { transaction_id: 'T-newer' });
		const result = await runListSearch('searchFolders', {}, token());
		expect(result.results.map((entry) => entry.value)).toEqual([
			String(newer.folder_id),
			String(older.folder_id),
		]);
		expect(String(result.results[0].name)).toMatch(
			new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d · \\w+ · ${String(newer.folder_id)}$`),
		);
		const found = await runListSearch('searchFolders', {}, token(), 't-older');
		expect(found.results.map((entry) => entry.value)).toEqual([String(older.folder_id)]);
	});
});
