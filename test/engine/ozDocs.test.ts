import type { INodeParameters } from 'n8n-workflow';

import collectionCheck from '../fixtures/oz-docs/collection-check.json';
import folderList from '../fixtures/oz-docs/folder-list.json';
import singleRequest from '../fixtures/oz-docs/single-request.json';
import { withoutMarker } from '../support/marker';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * The requests Oz's doc pages show (test/fixtures/oz-docs, each with its page): the node must
 * send them as they are, and the simulator must take them, so neither drifts from the docs.
 */
const { simulator, TOKEN, credentials } = useOzSimulator('docs');
const video = () => ({
	binary: { data: file(mediaWithLiveness('live', 'docs'), 'video1.mp4', 'video/mp4') },
});
const jsonMode = (payload: unknown): INodeParameters => ({
	resource: 'folder',
	operation: 'analyze',
	payloadMode: 'json',
	jsonPayload: JSON.stringify(payload),
	jsonFiles: { file: [{ binaryPropertyName: 'data', mediaKey: 'video1' }] },
});
/** The payload of the last single request, without the node's marker (checked there). */
const sentPayload = () =>
	withoutMarker(
		JSON.parse(
			simulator.store.requests.filter((r) => r.method === 'POST').at(-1)?.fields.payload ?? '{}',
		),
	);
const documentedAnalysis = collectionCheck.body.analyses[0];

beforeEach(() => {
	simulator.store.requests.length = 0;
	simulator.settings.quirks = {};
});

describe(`page "${singleRequest.page}"`, () => {
	it('the documented payload goes through JSON mode unchanged, and the simulator answers with the folder', async () => {
		const wf = chainWorkflow(
			[video()],
			[{ name: 'Oz', parameters: jsonMode(singleRequest.payload) }],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(sentPayload()).toEqual(singleRequest.payload);
		expect(simulator.store.requests[0].files.map((f) => f.field)).toEqual(['video1']);
		expect(result.output('Oz')[0].json).toMatchObject({
			meta_data: singleRequest.payload['folder:meta_data'],
			analyses: [{ type: 'QUALITY', state: 'FINISHED' }],
		});
	});
});

describe(`page "${collectionCheck.page}"`, () => {
	it('the simulator takes the documented body on POST /api/folders/{id}/analyses/', async () => {
		const folder = await seedFolder(simulator, TOKEN, { purpose: 'docs' }, []);
		const response = await fetch(
			`${simulator.url}/api/folders/${String(folder.folder_id)}/analyses/`,
			{
				method: 'POST',
				headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
				body: JSON.stringify(collectionCheck.body),
			},
		);
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual([expect.objectContaining({ type: 'COLLECTION' })]);
	});

	it("the simulator answers a collection analysis without a top-level collection_id with Oz's error body", async () => {
		const folder = await seedFolder(simulator, TOKEN, { purpose: 'docs' }, []);
		const response = await fetch(
			`${simulator.url}/api/folders/${String(folder.folder_id)}/analyses/`,
			{
				method: 'POST',
				headers: { 'X-Forensic-Access-Token': TOKEN, 'Content-Type': 'application/json' },
				body: JSON.stringify({
					analyses: [{ type: 'collection', params: { collection_id: 'c-1' } }],
				}),
			},
		);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error_code: 3,
			error_message: expect.stringMatching(/collection_id/),
			details: null,
		});
	});

	it('the documented analysis goes through JSON mode unchanged, and a hit names its person in results_media', async () => {
		const payload = {
			'media:tags': { video1: ['video_selfie', 'video_selfie_blank'] },
			analyses: [{ type: 'collection', collection_id: documentedAnalysis.collection_id }],
		};
		const wf = chainWorkflow([video()], [{ name: 'Oz', parameters: jsonMode(payload) }]);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(sentPayload()).toEqual(payload);
		const [analysis] = result.output('Oz')[0].json.analyses as Array<{
			type: string;
			results_media: Array<Record<string, unknown>>;
		}>;
		expect(analysis.type).toBe('COLLECTION');
		for (const hit of analysis.results_media) expect(hit).toHaveProperty('person_id');
	});

	it("an ID only in params (Oz's old iOS SDK form) is also sent at the top level; the params stay", async () => {
		const wf = chainWorkflow(
			[video()],
			[
				{
					name: 'Oz',
					parameters: jsonMode({
						'media:tags': { video1: ['photo_selfie'] },
						analyses: [{ type: 'collection', params: { collection_id: 'c-ios' } }],
					}),
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(sentPayload().analyses).toEqual([
			{ type: 'collection', collection_id: 'c-ios', params: { collection_id: 'c-ios' } },
		]);
	});

	it('Fields mode sends the Collection ID at the top level, in the single request and in Analysis → Start', async () => {
		const folder = await seedFolder(simulator, TOKEN, { purpose: 'docs' }, []);
		simulator.store.requests.length = 0;
		const rows = { analysis: [{ type: 'collection', collectionId: 'c-fields' }] };
		const wf = chainWorkflow(
			[video()],
			[
				{
					name: 'Analyze',
					parameters: {
						resource: 'folder',
						operation: 'analyze',
						media: { file: [{ binaryPropertyName: 'data', tags: ['photo_selfie'] }] },
						analyses: rows,
					},
				},
				{
					name: 'Start',
					parameters: {
						resource: 'analysis',
						operation: 'start',
						folderId: String(folder.folder_id),
						analyses: rows,
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const [analyze, start] = simulator.store.requests.filter((r) => r.method === 'POST');
		expect(JSON.parse(analyze.fields.payload).analyses).toEqual([
			{ type: 'collection', collection_id: 'c-fields' },
		]);
		expect(JSON.parse(start.rawBody.toString('utf8'))).toEqual({
			analyses: [{ type: 'collection', collection_id: 'c-fields' }],
		});
	});
});

describe(`page "${folderList.page}"`, () => {
	it('a metadata search sends the documented query, and the simulator answers with {items}', async () => {
		await seedFolder(simulator, TOKEN, { transaction_id: 'unique_id1' });
		simulator.store.requests.length = 0;
		const [key, value] = folderList.query.meta_data.split('==');
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Find',
					parameters: {
						resource: 'folder',
						operation: 'getMany',
						returnAll: true,
						filters: { metadata: `${key}==${value}` },
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(
			result
				.output('Find')
				.map((item) => (item.json.meta_data as Record<string, unknown>).transaction_id),
		).toEqual(['unique_id1']);
		const [request] = simulator.store.requests;
		expect(request.path).toBe(folderList.path);
		expect(request.query).toMatchObject(folderList.query);

		const direct = await fetch(`${simulator.url}${folderList.request.replace(/^GET /, '')}`, {
			headers: { 'X-Forensic-Access-Token': TOKEN },
		});
		expect(Object.keys((await direct.json()) as object)).toEqual(['items']);
	});
});
