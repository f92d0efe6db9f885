import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { metadataWithoutMarker, withoutMarker } from '../support/marker';
import { useOzSimulator } from '../support/simulator';
import { file, SELFIE_TAGS } from '../support/workflows';
import { LOAD_FILES_TYPE, OZ_NODE_TYPE, runWorkflow, type WorkflowRun } from './harness';
import type { FixtureItem } from './LoadFiles.node';

/*
 * Workflows as earlier versions of this node saved them (test/fixtures/saved-workflows, see its
 * README). Their Oz Forensics nodes run exactly as saved; only the nodes of other packages
 * (triggers, HTTP Request, Read Files, Set) are stood in for by Load Files giving the items
 * those nodes gave. Each must still run, and send Oz what it meant when it was saved.
 */
const { simulator, credentials, login } = useOzSimulator('saved-workflows');

const FIXTURES = join(__dirname, '..', 'fixtures', 'saved-workflows');
const SAMPLES = join(__dirname, '..', '..', 'samples');
const sample = (name: string) => readFileSync(join(SAMPLES, name));
const selfie = () => file(sample('selfie-live.mp4'), 'selfie-live.mp4', 'video/mp4');
const idPhoto = () => file(sample('id-front.jpg'), 'id-front.jpg', 'image/jpeg');
const batch = () =>
	[1, 2, 3, 4].map((n) => ({
		binary: { data: file(sample(`batch/applicant-${n}.mp4`), `applicant-${n}.mp4`, 'video/mp4') },
	}));

/** What a node of another package put out when the workflow ran in n8n. */
interface StandIn {
	items: FixtureItem[];
	/** Keep the incoming item's JSON, as HTTP Request does beside a downloaded file. */
	keepJson?: boolean;
}

interface SavedWorkflow {
	nodes: INode[];
	connections: IConnections;
}

function standInNode(saved: INode, standIn: StandIn): INode {
	// Indented JSON never has "}}" in it, which would end the expression.
	const items = JSON.stringify(standIn.items, null, 1);
	return {
		id: saved.id,
		name: saved.name,
		type: LOAD_FILES_TYPE,
		typeVersion: 1,
		position: saved.position,
		parameters: {
			items: standIn.keepJson
				? `={{ ${items}.map((item) => Object.assign({}, item, { json: $json })) }}`
				: items,
		},
	};
}

/**
 * Runs a saved workflow: its Oz Forensics nodes as saved, the stand-ins in place of the nodes
 * they name, and every other node (after the Oz nodes, or a second trigger) left out.
 */
async function runSaved(
	fileName: string,
	standIns: Record<string, StandIn>,
	creds: Record<string, ICredentialDataDecryptedObject>,
): Promise<WorkflowRun> {
	const saved = JSON.parse(readFileSync(join(FIXTURES, fileName), 'utf8')) as SavedWorkflow;
	const ozNodes = saved.nodes.filter((node) => node.type === OZ_NODE_TYPE);
	expect(ozNodes.length).toBeGreaterThan(0);
	for (const name of Object.keys(standIns))
		expect(saved.nodes.map((node) => node.name)).toContain(name);
	const nodes = saved.nodes.flatMap((node) =>
		node.type === OZ_NODE_TYPE
			? [node]
			: node.name in standIns
				? [standInNode(node, standIns[node.name])]
				: [],
	);
	const names = new Set(nodes.map((node) => node.name));
	const connections: IConnections = {};
	for (const [from, byType] of Object.entries(saved.connections)) {
		if (!names.has(from)) continue;
		connections[from] = {
			main: (byType.main ?? []).map((outputs) =>
				(outputs ?? []).filter((connection) => names.has(connection.node)),
			),
		};
	}
	const targets = new Set(
		Object.values(connections).flatMap((c) => (c.main ?? []).flat().map((to) => to?.node)),
	);
	// Every Oz node is fed by the kept nodes: none is cut off from the start.
	for (const node of ozNodes) expect(targets).toContain(node.name);
	const starts = nodes.filter((node) => !targets.has(node.name));
	expect(starts.map((node) => node.name)).toHaveLength(1);
	const run = await runWorkflow(
		[starts[0], ...nodes.filter((node) => node !== starts[0])],
		connections,
		creds,
	);
	expect(run.error).toBeUndefined();
	for (const node of ozNodes) {
		const items = run.output(node.name);
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(item.json.error).toBeUndefined();
	}
	return run;
}

/** The `payload` parts of the single requests Oz received, without the node's marker. */
const payloads = () =>
	simulator.store.requests
		.filter((request) => request.fields.payload !== undefined)
		.map((request) => JSON.parse(request.fields.payload) as IDataObject);
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

const trigger: StandIn = { items: [{}] };

beforeEach(() => {
	simulator.store.reset();
	simulator.sessions.reset();
});

describe('workflows saved by earlier versions of the node still run and mean the same', () => {
	it('01-selfie-liveness-decision@422f956: a liveness check from fields', async () => {
		const run = await runSaved(
			'01-selfie-liveness-decision@422f956.json',
			{
				'When clicking ‘Execute workflow’': trigger,
				'Download Selfie Video': { items: [{ binary: { data: selfie() } }] },
			},
			credentials(),
		);
		expect(payloads().map(withoutMarker)).toEqual([
			{
				'folder:meta_data': { source: 'n8n example 1' },
				'media:tags': { video1: SELFIE_TAGS },
				analyses: [{ type: 'quality' }],
			},
		]);
		expect(run.output('Check Liveness')[0].json.system_resolution).toBe('SUCCESS');
	});

	it.each(['422f956', '81193c4'])(
		'02-liveness-face-match-to-file@%s: Parameters {"extract_best_shot": true} are sent as saved',
		async (commit) => {
			const run = await runSaved(
				`02-liveness-face-match-to-file@${commit}.json`,
				{
					'When clicking ‘Execute workflow’': trigger,
					Case: { items: [{ json: { case_id: 'A-1017' } }] },
					'Download Selfie Video': { items: [{}], keepJson: true },
					'Download ID Photo': {
						items: [{ binary: { selfie: selfie(), idPhoto: idPhoto() } }],
						keepJson: true,
					},
				},
				credentials(),
			);
			expect(payloads().map(withoutMarker)).toEqual([
				{
					'folder:meta_data': { case_id: 'A-1017' },
					'media:tags': {
						video1: SELFIE_TAGS,
						photo1: ['photo_id', 'photo_id_front'],
					},
					analyses: [
						{ type: 'quality', params: { extract_best_shot: true } },
						{ type: 'biometry' },
					],
				},
			]);
			const [item] = run.output('Liveness and Face Match');
			expect(item.json.system_resolution).toBe('SUCCESS');
			// The later version also asked for the best shot as a file.
			if (commit === '81193c4') expect(item.binary?.bestShot?.mimeType).toBe('image/jpeg');
		},
	);

	it('03-nightly-batch-summary@422f956: one request per file, metadata from expressions', async () => {
		const run = await runSaved(
			'03-nightly-batch-summary@422f956.json',
			{ 'When clicking ‘Execute workflow’': trigger, 'Read Pending Videos': { items: batch() } },
			credentials(),
		);
		// Items are sent side by side: by file name, not by arrival.
		const sent = payloads()
			.map((payload) => metadataWithoutMarker(payload['folder:meta_data']))
			.sort((a, b) => String(a.file_name).localeCompare(String(b.file_name)));
		expect(sent).toEqual(
			[1, 2, 3, 4].map((n) => ({
				file_name: `applicant-${n}.mp4`,
				batch: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			})),
		);
		expect(run.output('Check Liveness')).toHaveLength(4);
	});

	it('04-blacklist-named-hit@8502bc6: a collection by company name, a person, a blacklist hit (IDs as plain text)', async () => {
		const photo = { items: [{ binary: { photo: idPhoto(), selfie: idPhoto() } }] };
		const run = await runSaved(
			'04-blacklist-named-hit@8502bc6.json',
			{
				'When clicking ‘Execute workflow’': trigger,
				'Download Confirmed Fraud Photo': photo,
				'Download New Applicant Photo': photo,
			},
			credentials(),
		);
		const [collection] = json(run.output('Create Blacklist'));
		const [person] = json(run.output('Add to Blacklist'));
		expect(collection.alias).toBe('confirmed-fraud');
		expect(person.collection_id).toBe(collection.collection_id);
		const [check] = json(run.output('Blacklist Check'));
		expect(check.system_resolution).toBe('DECLINED');
		expect(check.matched_persons).toEqual([
			expect.objectContaining({ person_id: person.person_id, name: 'John Doe' }),
		]);
		expect(payloads().at(-1)?.analyses).toEqual([
			{ type: 'collection', collection_id: collection.collection_id },
		]);
	});

	it('multi-request-login@8c9ea53: email login, Get Many, Add Media, Start, Wait and Get (folder IDs as plain text)', async () => {
		const run = await runSaved(
			'multi-request-login@8c9ea53.json',
			{
				Start: trigger,
				Transaction: { items: [{ json: { transaction_id: 'tx-e2e-1' } }] },
				'Download Selfie Video': { items: [{ binary: { data: selfie() } }], keepJson: true },
				'Download ID Photo': { items: [{ binary: { idPhoto: idPhoto() } }], keepJson: true },
			},
			login(),
		);
		const [created] = json(run.output('Create Folder'));
		expect(created.meta_data).toMatchObject({ transaction_id: 'tx-e2e-1' });
		expect(json(run.output('Find Folder'))).toEqual([
			expect.objectContaining({ folder_id: created.folder_id }),
		]);
		expect(json(run.output('Add ID Photo'))).toEqual([
			expect.objectContaining({ folder_id: created.folder_id }),
		]);
		expect(json(run.output('Start Face Match'))[0].analyses).toEqual([
			expect.objectContaining({ type: 'BIOMETRY' }),
		]);
		expect(json(run.output('Get Face Match'))).toEqual([
			expect.objectContaining({ type: 'BIOMETRY', state: 'FINISHED' }),
		]);
		expect(simulator.sessions.logins).toBeGreaterThan(0);
	});

	it('blacklist@9104213: collection IDs beside the type, from fields and from a JSON payload', async () => {
		await runSaved(
			'blacklist@9104213.json',
			{ Start: trigger, 'Read Videos': { items: [batch()[0]] } },
			credentials(),
		);
		const sent = payloads().map((payload) => payload.analyses);
		expect(sent).toHaveLength(2);
		expect(sent).toContainEqual([
			{ type: 'collection', collection_id: 'c-fields' },
			{
				type: 'collection',
				collection_id: 'c-fields-params',
				params: { collection_id: 'c-fields-params' },
			},
		]);
		expect(sent).toContainEqual([
			{ type: 'collection', collection_id: 'c-json-top' },
			{
				type: 'collection',
				collection_id: 'c-json-params',
				params: { collection_id: 'c-json-params' },
			},
		]);
	});

	it('safe-retry@9104213: the old Safe Retry and Timeout options', async () => {
		const run = await runSaved(
			'safe-retry@9104213.json',
			{ Start: trigger, 'Read Videos': { items: [batch()[0]] } },
			credentials(),
		);
		expect(payloads()).toHaveLength(1);
		expect(run.output('Safe Retry')[0].json.system_resolution).toBe('SUCCESS');
	});

	it('retry-on-fail@9104213: Retry On Fail, Parallel Requests, and Get Many by metadata', async () => {
		const run = await runSaved(
			'retry-on-fail@9104213.json',
			{ Start: trigger, 'Read Videos': { items: batch() } },
			credentials(),
		);
		const checked = json(run.output('Check Liveness'));
		expect(checked).toHaveLength(4);
		expect(payloads()).toHaveLength(4);
		const applicant2 = checked.find(
			(item) => (item.meta_data as IDataObject).file_name === 'applicant-2.mp4',
		);
		expect(json(run.output('Find Applicant 2'))).toEqual([
			expect.objectContaining({ folder_id: applicant2?.folder_id }),
		]);
	});
});
