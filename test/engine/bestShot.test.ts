import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { bestShotJpeg } from '../../simulator/analysis/bestShot';
import type { FixtureItem } from './LoadFiles.node';
import { mediaWithLiveness } from '../support/media';
import { seedFolder } from '../support/seed';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, SELFIE_TAGS } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * "Download Best Shot": the best frame Oz extracted, as binary data for the next nodes, fetched
 * with the token only from the Oz host, and never failing the item it belongs to.
 */
const { simulator, TOKEN, USER, credentials, login } = useOzSimulator('best-shot');
const video = (seed: string) => file(mediaWithLiveness('live', seed), `${seed}.mp4`, 'video/mp4');
const bytesOf = async (binary: IBinaryData | undefined) =>
	binary ? await Container.get(BinaryDataService).getAsBuffer(binary) : undefined;
const analyze = (
	options: Record<string, unknown>,
	extra: INodeParameters = {},
): INodeParameters => ({
	resource: 'folder',
	operation: 'analyze',
	media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
	analyses: { analysis: [{ type: 'quality', extractBestShot: true }] },
	simplify: true,
	options: { downloadBestShot: true, ...options } as INodeParameters,
	...extra,
});

async function runAnalyze(
	parameters: INodeParameters,
	items: FixtureItem[] = [{ binary: { data: video('best') } }],
	loggedIn = false,
) {
	const wf = chainWorkflow(items, [{ name: 'Oz', parameters, continueOnFail: true }]);
	const result = await runWorkflow(wf.nodes, wf.connections, loggedIn ? login() : credentials());
	expect(result.error).toBeUndefined();
	return result.output('Oz');
}

const mediaIdsOf = (item: INodeExecutionData) =>
	((item.json.analyses as Array<{ media?: Array<{ media_id: string }> }>)[0].media ?? []).map(
		(m) => m.media_id,
	);

beforeEach(() => {
	simulator.store.reset();
	simulator.sessions.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		quirks: {},
		expireSessionsAfter: 0,
		processingMs: 0,
	});
});

describe('Download Best Shot', () => {
	it('puts the best shot Oz served into the item as a JPEG, fetched with the token from the Oz host', async () => {
		const [item] = await runAnalyze(analyze({}));
		expect(item.json.system_resolution).toBe('SUCCESS');
		const shot = item.binary?.bestShot;
		expect(shot).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: `${String(item.json.folder_id)}_${mediaIdsOf(item)[0]}_best_shot.jpg`,
		});
		expect((await bytesOf(shot))?.equals(bestShotJpeg())).toBe(true);
		// Kept in n8n's binary store, not inline in the JSON.
		expect(shot?.id).toBeDefined();
		expect(shot?.data).not.toBe(bestShotJpeg().toString('base64'));
		expect(simulator.store.downloads).toHaveLength(1);
		expect(simulator.store.downloads[0].headers['x-forensic-access-token']).toBe(TOKEN);
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
		// The Liveness row's checkbox asked for it.
		expect(JSON.parse(simulator.store.requests[0].fields.payload).analyses).toEqual([
			{ type: 'quality', params: { extract_best_shot: true } },
		]);
	});

	it('several media give bestShot_1, bestShot_2 …; with Split Into Items each analysis item carries its own', async () => {
		const parameters = analyze(
			{ splitIntoItems: true, bestShotProperty: 'face' },
			{
				media: {
					file: [
						{ binaryPropertyName: 'first', mediaKey: 'video1', tags: SELFIE_TAGS },
						{ binaryPropertyName: 'second', mediaKey: 'video2', tags: SELFIE_TAGS },
					],
				},
				analyses: { analysis: [{ type: 'quality' }, { type: 'documents' }] },
			},
		);
		const items = await runAnalyze(parameters, [
			{ binary: { first: video('one'), second: video('two') } },
		]);
		expect(items.map((item) => item.json.type)).toEqual(['QUALITY', 'DOCUMENTS']);
		expect(Object.keys(items[0].binary ?? {})).toEqual(['face_1', 'face_2']);
		const names = Object.values(items[0].binary ?? {}).map((binary) => binary.fileName);
		expect(names).toEqual(
			mediaIdsOf({ json: { analyses: [items[0].json] } }).map(
				(id) => `${String(items[0].json.folder_id)}_${id}_best_shot.jpg`,
			),
		);
		expect(items[1].binary).toBeUndefined();
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('a best shot on another origin (a storage bucket, a CDN) is fetched without the token', async () => {
		simulator.settings.quirks = { bestShotHost: 'localhost' };
		const [item] = await runAnalyze(analyze({}));
		expect((await bytesOf(item.binary?.bestShot))?.equals(bestShotJpeg())).toBe(true);
		expect(simulator.store.downloads.map((d) => d.host)).toEqual(['localhost']);
		expect(simulator.store.downloads[0].headers).not.toHaveProperty('x-forensic-access-token');
	});

	it('a best shot that cannot be downloaded leaves the decision intact, with best_shot_error', async () => {
		simulator.settings.quirks = { failBestShots: true };
		const [item] = await runAnalyze(analyze({}));
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(item.json.error).toBeUndefined();
		expect(item.json.best_shot_error).toMatch(/^bestShot: The Oz server answered HTTP 404/);
		expect(item.binary).toBeUndefined();
		// A 404 is an answer: asked once.
		expect(simulator.store.downloads).toHaveLength(1);
	});

	it('a session that expires before the download is renewed, and the download goes through (email and password)', async () => {
		// The login and the single request, then every session expires.
		simulator.settings.expireSessionsAfter = 1;
		const [item] = await runAnalyze(analyze({}), undefined, true);
		expect(item.json.best_shot_error).toBeUndefined();
		expect((await bytesOf(item.binary?.bestShot))?.equals(bestShotJpeg())).toBe(true);
		expect(simulator.sessions.logins).toBe(2);
		expect(simulator.store.downloads).toHaveLength(2);
		expect(JSON.stringify(item.json)).not.toContain(USER.password);
	});

	it('Folder → Get and Analysis → Wait download it too', async () => {
		const folder = await seedFolder(
			simulator,
			TOKEN,
			{ purpose: 'best shot' },
			[{ type: 'quality' }],
			mediaWithLiveness('live', 'seeded'),
		);
		const wf = chainWorkflow(
			[{}],
			[
				{
					name: 'Get',
					parameters: {
						resource: 'folder',
						operation: 'get',
						folderId: String(folder.folder_id),
						options: { downloadBestShot: true },
					},
				},
				{
					name: 'Wait',
					parameters: {
						resource: 'analysis',
						operation: 'wait',
						folderId: String(folder.folder_id),
						options: { downloadBestShot: true },
					},
				},
			],
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		for (const name of ['Get', 'Wait']) {
			const [item] = result.output(name);
			expect((await bytesOf(item.binary?.bestShot))?.equals(bestShotJpeg())).toBe(true);
		}
	});
});
