import type { INodeParameters } from 'n8n-workflow';

import { metadataWithoutMarker } from '../support/marker';
import { mediaWithLiveness } from '../support/media';
import { seedPerson } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file } from '../support/workflows';
import { runWorkflow } from './harness';
import type { FixtureItem } from './LoadFiles.node';

/*
 * Keeping the blacklist from workflows (page "Collection (1:N) Management in Oz API"), and
 * naming who a Blacklist check matched (page "Collection (1:N) Check").
 */
const { simulator, TOKEN, credentials } = useOzSimulator('blacklist');
const fraudster = mediaWithLiveness('live', 'fraudster');
const photo = (data: Buffer, name: string) => file(data, name, 'image/jpeg');

async function run(parameters: INodeParameters, items: FixtureItem[] = [{}]) {
	const wf = chainWorkflow(items, [{ name: 'Oz', parameters, continueOnFail: true }]);
	const result = await runWorkflow(wf.nodes, wf.connections, credentials());
	expect(result.error).toBeUndefined();
	return result.output('Oz');
}

async function createCollection(
	alias: string,
): Promise<{ collection_id: string } & Record<string, unknown>> {
	const [item] = await run({
		resource: 'collection',
		operation: 'create',
		alias,
		companyId: '5a1e0000-0000-4000-8000-00000000c0de',
	});
	return { ...item.json, collection_id: String(item.json.collection_id) };
}

async function addFraudster(collectionId: string): Promise<{ person_id: string }> {
	const [person] = await run(
		{
			resource: 'person',
			operation: 'add',
			collectionId,
			media: { file: [{ binaryPropertyName: 'data', tags: ['photo_selfie'] }] },
			firstName: 'John',
			middleName: 'Jameson',
			lastName: 'Doe',
			personMetadata: '{"case_id": "F-311"}',
		},
		[{ binary: { data: photo(fraudster, 'john.jpg') } }],
	);
	return { person_id: String(person.json.person_id) };
}

beforeEach(() => {
	simulator.store.requests.length = 0;
});

describe('Blacklist Collection', () => {
	it('Create with a Company ID sends {"alias", "company_id"} and returns the collection_id', async () => {
		const collection = await createCollection('blacklist');
		expect(collection).toMatchObject({
			alias: 'blacklist',
			company_id: '5a1e0000-0000-4000-8000-00000000c0de',
		});
		expect(collection.collection_id).toEqual(expect.any(String));
		const [request] = simulator.store.requests;
		expect([request.method, request.path]).toEqual(['POST', '/api/collections/']);
		expect(JSON.parse(request.rawBody.toString('utf8'))).toEqual({
			alias: 'blacklist',
			company_id: '5a1e0000-0000-4000-8000-00000000c0de',
		});
	});

	it('Create with a company name looks the company up; an ambiguous or unknown name is a clear error', async () => {
		const byName = (companyName: string) => ({
			resource: 'collection',
			operation: 'create',
			alias: 'fraud',
			companyBy: 'name',
			companyName,
		});
		const [exact] = await run(byName('Northwind Telecom'));
		expect(exact.json.company_id).toBe('5a1e0000-0000-4000-8000-00000000c0e0');
		expect(simulator.store.requests[0]).toMatchObject({
			method: 'GET',
			path: '/api/companies/',
			query: { search_text: 'Northwind Telecom' },
		});
		// An exact name wins over a longer one that contains it.
		expect((await run(byName('oz demo bank')))[0].json.company_id).toBe(
			'5a1e0000-0000-4000-8000-00000000c0de',
		);
		const [ambiguous] = await run(byName('Demo'));
		expect(ambiguous.json.error).toMatch(
			/"Demo" matches 2 companies: "Oz Demo Bank" \(.+\), "Oz Demo Bank Europe"/,
		);
		expect(ambiguous.json.field).toBe('Company Name');
		const [unknown] = await run(byName('Nobody Ltd'));
		expect(unknown.json.error).toMatch(/No Oz company matches "Nobody Ltd"/);
	});

	it('Get Many pages through the collections, and Delete removes one', async () => {
		const collection = await createCollection('to-delete');
		const listed = await run({ resource: 'collection', operation: 'getMany', returnAll: true });
		expect(listed.map((item) => item.json.collection_id)).toContain(collection.collection_id);
		expect(await run({ resource: 'collection', operation: 'getMany', limit: 1 })).toHaveLength(1);
		const [deleted] = await run({
			resource: 'collection',
			operation: 'delete',
			collectionId: collection.collection_id,
		});
		expect(deleted.json).toEqual({ collection_id: collection.collection_id, deleted: true });
		expect(simulator.store.collections.has(collection.collection_id)).toBe(false);
	});
});

describe('Blacklist Person', () => {
	it('Add sends the photos and a payload with "media:tags" and "person:meta_data", as the page shows', async () => {
		const { collection_id: collectionId } = await createCollection('persons');
		simulator.store.requests.length = 0;
		const person = await addFraudster(collectionId);
		expect(person.person_id).toEqual(expect.any(String));
		const [request] = simulator.store.requests;
		expect([request.method, request.path]).toEqual([
			'POST',
			`/api/collections/${collectionId}/persons/`,
		]);
		expect(request.files.map((f) => [f.field, f.fileName])).toEqual([['data', 'john.jpg']]);
		expect(request.files[0].data.equals(fraudster)).toBe(true);
		expect(JSON.parse(request.fields.payload)).toEqual({
			'media:tags': { data: ['photo_selfie'] },
			'person:meta_data': {
				case_id: 'F-311',
				person_info: { first_name: 'John', middle_name: 'Jameson', last_name: 'Doe' },
			},
		});
	});

	it('Add Photos, Get, Get Many, Get Photos and Delete', async () => {
		const { collection_id: collectionId } = await createCollection('persons');
		const person = await addFraudster(collectionId);
		const ids = { collectionId, personId: person.person_id };
		const [added] = await run(
			{
				resource: 'person',
				operation: 'addPhotos',
				...ids,
				media: { file: [{ binaryPropertyName: 'data', tags: ['photo_selfie'] }] },
			},
			[{ binary: { data: photo(mediaWithLiveness('live', 'second'), 'john-2.jpg') } }],
		);
		expect(added.json.images).toHaveLength(1);
		expect(simulator.store.requests.at(-1)?.path).toBe(
			`/api/collections/${collectionId}/persons/${person.person_id}/images/`,
		);
		const [got] = await run({ resource: 'person', operation: 'get', ...ids, simplify: true });
		expect(got.json).toEqual({
			person_id: person.person_id,
			collection_id: collectionId,
			name: 'John Jameson Doe',
			meta_data: {
				case_id: 'F-311',
				person_info: { first_name: 'John', middle_name: 'Jameson', last_name: 'Doe' },
			},
			photos: 2,
		});
		for (let i = 0; i < 3; i++) await addFraudster(collectionId);
		const many = await run({
			resource: 'person',
			operation: 'getMany',
			collectionId,
			returnAll: true,
		});
		expect(many).toHaveLength(4);
		expect(
			await run({ resource: 'person', operation: 'getMany', collectionId, limit: 2 }),
		).toHaveLength(2);
		const photos = await run({ resource: 'person', operation: 'getPhotos', ...ids });
		expect(photos.map((item) => item.json.original_name)).toEqual(['john.jpg', 'john-2.jpg']);
		const [deleted] = await run({ resource: 'person', operation: 'delete', ...ids });
		expect(deleted.json.deleted).toBe(true);
		expect(
			await run({ resource: 'person', operation: 'getMany', collectionId, returnAll: true }),
		).toHaveLength(3);
	});
});

describe('named blacklist hits', () => {
	it('a Blacklist check lists its hits, and Resolve Matched Persons names them, fetching each person once per run', async () => {
		const { collection_id: collectionId } = await createCollection('hits');
		const person = await addFraudster(collectionId);
		simulator.store.requests.length = 0;
		const applicant = (name: string, data: Buffer) => ({
			binary: { data: file(data, name, 'video/mp4') },
		});
		const items = await run(
			{
				resource: 'folder',
				operation: 'analyze',
				media: {
					file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank'] }],
				},
				analyses: { analysis: [{ type: 'collection', collectionId }] },
				simplify: true,
				options: { resolveMatchedPersons: true, parallelRequests: 1 },
			},
			[
				applicant('a.mp4', fraudster),
				applicant('b.mp4', mediaWithLiveness('live', 'honest')),
				applicant('c.mp4', fraudster),
			],
		);
		expect(items.map((item) => item.json.system_resolution)).toEqual([
			'DECLINED',
			'SUCCESS',
			'DECLINED',
		]);
		const hit = { person_id: person.person_id, collection_id: collectionId, score: 1 };
		expect((items[0].json.analyses as Array<{ hits: unknown }>)[0].hits).toEqual([hit]);
		expect(items[0].json.matched_persons).toEqual([
			{
				...hit,
				name: 'John Jameson Doe',
				meta_data: expect.objectContaining({ case_id: 'F-311' }),
				photos: 1,
			},
		]);
		expect(items[1].json.matched_persons).toBeUndefined();
		expect(items[2].json.matched_persons).toEqual(items[0].json.matched_persons);
		const personReads = simulator.store.requests.filter(
			(r) => r.method === 'GET' && r.path.includes('/persons/'),
		);
		expect(personReads).toHaveLength(1);
	});
});

describe('Resolve Matched Persons after a failed look-up', () => {
	it('a person whose look-up failed for one item is fetched again for the next, not failed from memory', async () => {
		const { collection_id: collectionId } = await createCollection('transient');
		await addFraudster(collectionId);
		simulator.store.requests.length = 0;
		// The first item's single request passes; its person look-up meets a refusal (not retried).
		simulator.settings.failNext = [
			{ kind: 'pass' },
			{ status: 400, error_code: 0, error_message: 'Try again' },
		];
		const applicant = (name: string) => ({ binary: { data: file(fraudster, name, 'video/mp4') } });
		const items = await run(
			{
				resource: 'folder',
				operation: 'analyze',
				media: {
					file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank'] }],
				},
				analyses: { analysis: [{ type: 'collection', collectionId }] },
				simplify: true,
				options: { resolveMatchedPersons: true, parallelRequests: 1 },
			},
			[applicant('a.mp4'), applicant('b.mp4')],
		);
		simulator.settings.failNext = [];
		expect(items[0].json.error).toMatch(/Oz API error 0/);
		expect(items[1].json.matched_persons).toEqual([
			expect.objectContaining({ name: 'John Jameson Doe' }),
		]);
		const personReads = simulator.store.requests.filter(
			(r) => r.method === 'GET' && r.path.includes('/persons/'),
		);
		expect(personReads).toHaveLength(2);
	});
});

describe('Folder → Update Metadata', () => {
	it("merges, sets and removes keys of a folder's metadata", async () => {
		const [created] = await run(
			{
				resource: 'folder',
				operation: 'analyze',
				media: { file: [{ binaryPropertyName: 'data', tags: ['video_selfie'] }] },
				analyses: { analysis: [{ type: 'quality' }] },
				folderMetadata: '{"case_id": "A-1", "draft": true}',
			},
			[{ binary: { data: file(mediaWithLiveness('live', 'meta'), 'm.mp4', 'video/mp4') } }],
		);
		const folderId = String(created.json.folder_id);
		const update = async (parameters: INodeParameters) =>
			(await run({ resource: 'folder', operation: 'updateMetadata', folderId, ...parameters }))[0]
				.json;
		const merged = await update({ change: 'merge', metadata: '{"crm_case_id": "C-2291"}' });
		expect(merged.folder_id).toBe(folderId);
		// The node's own marker stays beside the user's keys.
		expect(metadataWithoutMarker(merged.meta_data)).toEqual({
			case_id: 'A-1',
			draft: true,
			crm_case_id: 'C-2291',
		});
		expect(simulator.store.requests.at(-1)).toMatchObject({
			method: 'PATCH',
			path: `/api/folders/${folderId}/meta_data`,
		});
		const before = simulator.store.requests.length;
		expect(
			metadataWithoutMarker((await update({ change: 'remove', keys: 'draft, nothing' })).meta_data),
		).toEqual({ case_id: 'A-1', crm_case_id: 'C-2291' });
		// Documented calls only: read it, DELETE without a body (all of it), write back what stays.
		const removal = simulator.store.requests.slice(before);
		expect(removal.map((r) => r.method)).toEqual(['GET', 'DELETE', 'POST']);
		expect(removal[1].rawBody).toHaveLength(0);
		expect(metadataWithoutMarker(JSON.parse(removal[2].rawBody.toString()))).toEqual({
			case_id: 'A-1',
			crm_case_id: 'C-2291',
		});
		expect((await update({ change: 'set', metadata: '{"verdict": "fraud"}' })).meta_data).toEqual({
			verdict: 'fraud',
		});
		expect(simulator.store.requests.at(-1)?.method).toBe('POST');
		const [empty] = await run({
			resource: 'folder',
			operation: 'updateMetadata',
			folderId,
			change: 'remove',
			keys: ' , ',
		});
		expect(empty.json).toMatchObject({ error: 'No keys to remove [item 0]', field: 'Keys' });
	});
});

describe('Folder → Update Metadata, Remove Keys, with the connection cut after the delete', () => {
	async function markedFolder(seed: string): Promise<string> {
		const [created] = await run(
			{
				resource: 'folder',
				operation: 'analyze',
				media: { file: [{ binaryPropertyName: 'data', tags: ['video_selfie'] }] },
				analyses: { analysis: [{ type: 'quality' }] },
				folderMetadata: '{"case_id": "A-9", "draft": true}',
			},
			[{ binary: { data: file(mediaWithLiveness('live', seed), 'm.mp4', 'video/mp4') } }],
		);
		return String(created.json.folder_id);
	}
	const removeDraft = (folderId: string) => ({
		resource: 'folder',
		operation: 'updateMetadata',
		folderId,
		change: 'remove',
		keys: 'draft',
	});
	const stored = (folderId: string) =>
		simulator.store.folders.get(folderId)?.json.meta_data as Record<string, unknown>;

	it('one write-back cut off: it is sent again, and no metadata is lost (the marker included)', async () => {
		const folderId = await markedFolder('cut-once');
		const marker = stored(folderId).n8n_request_id;
		simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'pass' }, { kind: 'reset' }];
		const [item] = await run(removeDraft(folderId));
		simulator.settings.failNext = [];
		expect(item.json.error).toBeUndefined();
		expect(stored(folderId)).toEqual({ case_id: 'A-9', n8n_request_id: marker });
	});

	it('every write-back cut off: the error item carries the metadata to restore', async () => {
		const folderId = await markedFolder('cut-always');
		const marker = stored(folderId).n8n_request_id;
		simulator.settings.failNext = [
			{ kind: 'pass' },
			{ kind: 'pass' },
			{ kind: 'reset' },
			{ kind: 'reset' },
			{ kind: 'reset' },
		];
		const [item] = await run(removeDraft(folderId));
		simulator.settings.failNext = [];
		expect(item.json.error).toMatch(/writing back the keys that stay failed.*\[item 0\]/);
		expect(item.json.metadata_to_restore).toEqual({ case_id: 'A-9', n8n_request_id: marker });
		expect(item.json.description).toMatch(/Update Metadata \(Change: Set\)/);
	});
});

describe('Blacklist Person → Update Metadata', () => {
	it("PATCHes the person's metadata with the flat object, keeping the other keys", async () => {
		const { collectionId, personId } = await seedPerson(simulator, TOKEN);
		const person = simulator.store.collections.get(collectionId)?.persons.get(personId);
		if (person) person.json.meta_data = { source: 'seed' };
		const [updated] = await run({
			resource: 'person',
			operation: 'updateMetadata',
			collectionId,
			personId,
			metadata: '{"case_id": "F-311"}',
		});
		expect(updated.json).toEqual({
			collection_id: collectionId,
			person_id: personId,
			meta_data: { source: 'seed', case_id: 'F-311' },
		});
		expect(simulator.store.requests.at(-1)).toMatchObject({
			method: 'PATCH',
			path: `/api/collections/${collectionId}/persons/${personId}/meta_data`,
		});
		expect(JSON.parse(simulator.store.requests.at(-1)?.rawBody.toString() ?? '')).toEqual({
			case_id: 'F-311',
		});
	});
});
