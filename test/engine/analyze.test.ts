import type { INodeParameters } from 'n8n-workflow';

import { similarity, livenessScore, BIOMETRY_THRESHOLD } from '../../simulator';
import { metadataWithoutMarker, withoutMarker } from '../support/marker';
import { fakeMedia, mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { analyzeWorkflow, file, OZ_NODE_NAME, SELFIE_TAGS } from '../support/workflows';
import { runWorkflow } from './harness';

const { simulator, TOKEN } = useOzSimulator('engine-test');

beforeEach(() => simulator.store.reset());

// With a trailing slash, as users paste the Base URL.
const credentials = (token = TOKEN) => ({
	ozForensicsApi: { baseUrl: `${simulator.url}/`, accessToken: token },
});
const livenessOnly = {
	media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
	analyses: { analysis: [{ type: 'quality' }] },
};
const payloadOf = (index = 0) =>
	withoutMarker(JSON.parse(simulator.store.requests[index].fields.payload));

describe('Folder → Analyze through the n8n engine', () => {
	it('a live selfie video passes liveness, with the file and token sent as Oz expects', async () => {
		const video = mediaWithLiveness('live');
		const wf = analyzeWorkflow(
			[{ binary: { data: file(video, 'selfie.mp4', 'video/mp4') } }],
			livenessOnly,
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());

		expect(result.error).toBeUndefined();
		expect(result.output('Load Files')[0].binary?.data.id).toMatch(/^filesystem/);
		const [item] = result.output(OZ_NODE_NAME);
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(item.json.folder_id).toBe([...simulator.store.folders.keys()][0]);
		expect(item.pairedItem).toEqual({ item: 0 });

		const [request] = simulator.store.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/folders/');
		expect(request.headers['x-forensic-access-token']).toBe(TOKEN);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({
			field: 'data',
			fileName: 'selfie.mp4',
			mimeType: 'video/mp4',
		});
		expect(request.files[0].data.equals(video)).toBe(true);
		expect(payloadOf()).toEqual({
			'media:tags': { data: SELFIE_TAGS },
			analyses: [{ type: 'quality' }],
		});
	});

	it('a spoofed selfie video is declined, and Simplify gives the score', async () => {
		const video = mediaWithLiveness('spoof');
		const wf = analyzeWorkflow([{ binary: { data: file(video, 'selfie.mp4', 'video/mp4') } }], {
			...livenessOnly,
			simplify: true,
		});
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const [item] = result.output(OZ_NODE_NAME);
		expect(item.json).toMatchObject({
			system_resolution: 'DECLINED',
			analyses: [
				{
					type: 'QUALITY',
					state: 'FINISHED',
					resolution: 'DECLINED',
					confidence_spoofing: livenessScore(video),
				},
			],
		});
		expect(item.json.best_shot_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/static\/best_shot\//);
		expect(item.json.media).toBeUndefined();
	});

	it('a selfie video and an ID photo get liveness and face matching, with metadata at every level', async () => {
		const video = mediaWithLiveness('live');
		const photo = fakeMedia('id-card-front');
		const wf = analyzeWorkflow(
			[
				{
					binary: {
						selfie: file(video, 'selfie.webm', 'video/webm'),
						idPhoto: file(photo, 'id.jpg', 'image/jpeg'),
					},
				},
			],
			{
				media: {
					file: [
						{
							binaryPropertyName: 'selfie',
							mediaKey: 'video1',
							tags: SELFIE_TAGS,
							metadata: '{"camera": "front"}',
						},
						{
							binaryPropertyName: 'idPhoto',
							mediaKey: 'photo1',
							tags: ['photo_id'],
							extraTags: 'photo_id_front, photo_id',
						},
					],
				},
				analyses: {
					analysis: [
						{ type: 'quality', extractBestShot: true },
						{ type: 'biometry', metadata: '{"step": "match"}' },
					],
				},
				folderMetadata: '{"case_id": "A-1017", "person_info": {"first_name": "Jane"}}',
				simplify: true,
			},
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();

		expect(payloadOf()).toEqual({
			'folder:meta_data': { case_id: 'A-1017', person_info: { first_name: 'Jane' } },
			'media:meta_data': { video1: { camera: 'front' } },
			'media:tags': { video1: SELFIE_TAGS, photo1: ['photo_id', 'photo_id_front'] },
			analyses: [
				{ type: 'quality', params: { extract_best_shot: true } },
				{ type: 'biometry', meta_data: { step: 'match' } },
			],
		});
		const fields = simulator.store.requests[0].files.map((f) => [f.field, f.fileName, f.mimeType]);
		expect(fields).toEqual([
			['video1', 'selfie.webm', 'video/webm'],
			['photo1', 'id.jpg', 'image/jpeg'],
		]);

		const score = similarity(video, photo);
		const [item] = result.output(OZ_NODE_NAME);
		expect(metadataWithoutMarker(item.json.meta_data)).toEqual({
			case_id: 'A-1017',
			person_info: { first_name: 'Jane' },
		});
		expect(item.json.analyses).toEqual([
			expect.objectContaining({ type: 'QUALITY', resolution: 'SUCCESS' }),
			expect.objectContaining({
				type: 'BIOMETRY',
				resolution: score >= BIOMETRY_THRESHOLD ? 'SUCCESS' : 'DECLINED',
				min_confidence: score,
			}),
		]);
	});

	it('the payload can be pasted as JSON, as in the Oz docs', async () => {
		const video = mediaWithLiveness('live');
		const payload = {
			'folder:meta_data': { partner_side_folder_id: 'p-1' },
			'media:meta_data': { video1: { foo: 'bar' } },
			'media:tags': { video1: ['video_selfie', 'video_selfie_eyes', 'orientation_portrait'] },
			analyses: [
				{
					type: 'quality',
					meta_data: { example1: 'some_example1' },
					params: { threshold_spoofing: 0.5 },
				},
			],
		};
		const wf = analyzeWorkflow([{ binary: { data: file(video, 'v.mp4', 'video/mp4') } }], {
			payloadMode: 'json',
			jsonPayload: JSON.stringify(payload),
			jsonFiles: { file: [{ binaryPropertyName: 'data', mediaKey: 'video1' }] },
		});
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		expect(payloadOf()).toEqual(payload);
		expect(simulator.store.requests[0].files[0].field).toBe('video1');
		const [item] = result.output(OZ_NODE_NAME);
		expect((item.json.media as Array<{ meta_data: unknown }>)[0].meta_data).toEqual({ foo: 'bar' });
	});

	it('three items make three requests, each answered on its own paired item', async () => {
		const videos = [
			mediaWithLiveness('live', 'a'),
			mediaWithLiveness('spoof', 'b'),
			mediaWithLiveness('live', 'c'),
		];
		const wf = analyzeWorkflow(
			videos.map((video, i) => ({
				json: { customer: `c${i}` },
				binary: { data: file(video, `v${i}.mp4`, 'video/mp4') },
			})),
			{
				...livenessOnly,
				folderMetadata: '={{ JSON.stringify({ customer: $json.customer }) }}',
				simplify: true,
			},
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const items = result.output(OZ_NODE_NAME);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => item.json.system_resolution)).toEqual([
			'SUCCESS',
			'DECLINED',
			'SUCCESS',
		]);
		expect(items.map((item) => (item.json.meta_data as { customer: string }).customer)).toEqual([
			'c0',
			'c1',
			'c2',
		]);
		expect(simulator.store.requests).toHaveLength(3);
		// Two go at once by default, so they may arrive in either order: match each by its file name.
		for (const request of simulator.store.requests) {
			const i = Number(/^v(\d)\.mp4$/.exec(request.files[0].fileName)?.[1]);
			expect(request.files[0].data.equals(videos[i])).toBe(true);
			expect(withoutMarker(JSON.parse(request.fields.payload))['folder:meta_data']).toEqual({
				customer: `c${i}`,
			});
		}
	});
});

describe('Folder → Analyze: errors', () => {
	const video = () => ({ binary: { data: file(mediaWithLiveness('live'), 'v.mp4', 'video/mp4') } });

	const inputErrors: Array<[string, INodeParameters, RegExp, RegExp]> = [
		[
			'a missing binary field',
			{ ...livenessOnly, media: { file: [{ binaryPropertyName: 'selfie', tags: SELFIE_TAGS }] } },
			/No binary field "selfie" on the input item.*\[item 0\]/,
			/binary fields "data"/,
		],
		[
			'invalid JSON in folder metadata',
			{ ...livenessOnly, folderMetadata: '{"case_id": ' },
			/"Folder Metadata" is not valid JSON \[item 0\]/,
			/e\.g\./,
		],
		[
			'an array where metadata must be an object',
			{ ...livenessOnly, folderMetadata: '[1, 2]' },
			/"Folder Metadata" must be a JSON object, not an array/,
			/curly braces/,
		],
		[
			'no media rows',
			{ ...livenessOnly, media: {} },
			/No media to send/,
			/Add at least one row under "Media"/,
		],
		[
			'no analyses',
			{ ...livenessOnly, analyses: {} },
			/No analysis selected/,
			/Add at least one row under "Analyses"/,
		],
		[
			'a duplicate media key',
			{
				...livenessOnly,
				media: {
					file: [
						{ binaryPropertyName: 'data', tags: SELFIE_TAGS },
						{ binaryPropertyName: 'other', mediaKey: 'data', tags: ['photo_id'] },
					],
				},
			},
			/Media key "data" is used by more than one file/,
			/own media key/,
		],
		[
			'a file without tags',
			{ ...livenessOnly, media: { file: [{ binaryPropertyName: 'data', tags: [] }] } },
			/Media row 1 has no tags/,
			/choose at least one/,
		],
		[
			'tags for a key that has no file (JSON mode)',
			{
				payloadMode: 'json',
				jsonPayload:
					'{"media:tags": {"video1": ["video_selfie"], "photo9": ["photo_id"]}, "analyses": [{"type": "quality"}]}',
				jsonFiles: { file: [{ binaryPropertyName: 'data', mediaKey: 'video1' }] },
			},
			/"media:tags" names "photo9", but no file is sent under that key/,
			/Media Key "photo9"/,
		],
		[
			'a blacklist check without a collection',
			{ ...livenessOnly, analyses: { analysis: [{ type: 'collection' }] } },
			/a blacklist check needs a collection ID/,
			/collection/,
		],
	];

	it.each(inputErrors)(
		'%s stops the workflow with a clear error naming the item and field',
		async (_name, parameters, message, description) => {
			const wf = analyzeWorkflow([video()], parameters);
			const result = await runWorkflow(wf.nodes, wf.connections, credentials());
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toMatch(description);
			expect(simulator.store.requests).toHaveLength(0);
		},
	);

	it('a wrong token gives 401 with Oz error code 7, and the token shows nowhere', async () => {
		const rejected = ['wrong', 'access', '6f1d'].join('-');
		const wf = analyzeWorkflow([video()], livenessOnly);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials(rejected));
		expect(result.error?.message).toBe('Oz API error 7: Invalid access token (HTTP 401) [item 0]');
		expect(result.error?.description).toMatch(/access token/);
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(JSON.stringify(result.run)).not.toContain(rejected);
		expect(JSON.stringify(result.error, Object.getOwnPropertyNames(result.error))).not.toContain(
			rejected,
		);
	});

	it('a 400 from Oz keeps its error code and message', async () => {
		const wf = analyzeWorkflow(
			[{ binary: { data: file(Buffer.from('hello'), 'notes.txt', 'text/plain') } }],
			livenessOnly,
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error?.message).toBe(
			'Oz API error 4: Unsupported media type "text/plain" for "data" (HTTP 400) [item 0]',
		);
		expect(result.error?.description).toMatch(/Oz rejected a value/);
	});

	it('with Continue On Fail, a bad item becomes an error item and the others go on', async () => {
		const wf = analyzeWorkflow(
			[video(), { binary: { other: file(fakeMedia('x'), 'x.mp4', 'video/mp4') } }, video()],
			livenessOnly,
			{ continueOnFail: true },
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		expect(result.error).toBeUndefined();
		const items = result.output(OZ_NODE_NAME);
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.system_resolution).toBe('SUCCESS');
		expect(items[1].json).toMatchObject({
			error: 'No binary field "data" on the input item (media key "data") [item 1]',
			field: 'Input Binary Field',
		});
		expect(items[2].json.system_resolution).toBe('SUCCESS');
		expect(simulator.store.requests).toHaveLength(2);
	});

	it("with Continue On Fail, an API error item keeps Oz's error code, message and status", async () => {
		// A 500 is a lost answer: looked up, and sent once more; both sends meet it here.
		simulator.settings.failNext = [
			{ status: 500, error_code: 0, error_message: 'Unknown server side error occurred' },
			{ kind: 'pass' },
			{ status: 500, error_code: 0, error_message: 'Unknown server side error occurred' },
		];
		// One at a time, so the first item is the one the fault meets.
		const wf = analyzeWorkflow(
			[video(), video()],
			{ ...livenessOnly, options: { parallelRequests: 1 } },
			{ continueOnFail: true },
		);
		const result = await runWorkflow(wf.nodes, wf.connections, credentials());
		const items = result.output(OZ_NODE_NAME);
		expect(items[0].json).toMatchObject({
			error_code: 0,
			error_message: 'Unknown server side error occurred',
			httpCode: '500',
		});
		expect(items[1].json.system_resolution).toBe('SUCCESS');
	});

	it('an unreachable host is a connection error that says to check the Base URL', async () => {
		const wf = analyzeWorkflow([video()], livenessOnly);
		const result = await runWorkflow(wf.nodes, wf.connections, {
			ozForensicsApi: { baseUrl: 'http://127.0.0.1:9', accessToken: TOKEN },
		});
		expect(result.error?.message).toMatch(
			/^Could not reach the Oz API at http:\/\/127\.0\.0\.1:9 \[item 0\]$/,
		);
		expect(result.error?.description).toMatch(/check the Base URL.*ECONNREFUSED/);
	});
});
