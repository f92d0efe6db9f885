import { OzInputError } from '../../nodes/OzForensics/input/inputError';
import { buildPayloadFromFields } from '../../nodes/OzForensics/payload/fromFields';
import { buildPayloadFromJson } from '../../nodes/OzForensics/payload/fromJson';

const video = { binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank'] };

function inputError(run: () => unknown): OzInputError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(OzInputError);
	return caught as OzInputError;
}

describe('buildPayloadFromFields', () => {
	it('keys files by binary field unless a media key is set, and merges extra tags without duplicates', () => {
		const { payload, files } = buildPayloadFromFields({
			media: [
				video,
				{
					binaryPropertyName: 'photo',
					mediaKey: ' photo1 ',
					tags: ['photo_id'],
					extraTags: ' photo_id_front,photo_id,, ',
				},
			],
			analyses: [{ type: 'quality' }, { type: 'BIOMETRY' }],
		});
		expect(files).toEqual([
			{ key: 'data', binaryPropertyName: 'data' },
			{ key: 'photo1', binaryPropertyName: 'photo' },
		]);
		expect(payload).toEqual({
			'media:tags': {
				data: ['video_selfie', 'video_selfie_blank'],
				photo1: ['photo_id', 'photo_id_front'],
			},
			analyses: [{ type: 'quality' }, { type: 'biometry' }],
		});
	});

	it('leaves out empty metadata and parameters but keeps filled ones, parsed', () => {
		const { payload } = buildPayloadFromFields({
			media: [
				{ ...video, metadata: '{}' },
				{ binaryPropertyName: 'p', tags: ['photo_selfie'], metadata: { source: 'crm' } },
			],
			analyses: [{ type: 'quality', params: '{"extract_best_shot": false}', metadata: '' }],
			folderMetadata: '{"transaction_id": "t-1"}',
		});
		expect(payload).toEqual({
			'folder:meta_data': { transaction_id: 't-1' },
			'media:meta_data': { p: { source: 'crm' } },
			'media:tags': { data: video.tags, p: ['photo_selfie'] },
			analyses: [{ type: 'quality', params: { extract_best_shot: false } }],
		});
	});

	it('takes media keys that are names of Object members as plain keys (found by the property test)', () => {
		const { payload, files } = buildPayloadFromFields({
			media: [
				{ binaryPropertyName: 'a', mediaKey: 'constructor', tags: ['video_selfie'] },
				{
					binaryPropertyName: 'b',
					mediaKey: '__proto__',
					tags: ['photo_id'],
					metadata: '{"side": "front"}',
				},
			],
			analyses: [{ type: 'quality' }],
		});
		expect(files.map((f) => f.key)).toEqual(['constructor', '__proto__']);
		expect(JSON.parse(JSON.stringify(payload))).toEqual(
			JSON.parse(
				'{"media:tags": {"constructor": ["video_selfie"], "__proto__": ["photo_id"]}, "media:meta_data": {"__proto__": {"side": "front"}}, "analyses": [{"type": "quality"}]}',
			),
		);
	});

	it('puts the blacklist collection ID beside the type, as page "Collection (1:N) Check" shows', () => {
		const { payload } = buildPayloadFromFields({
			media: [video],
			analyses: [
				{ type: 'collection', collectionId: ' c-42 ', params: '{"decision_threshold": 0.7}' },
			],
		});
		expect(payload.analyses).toEqual([
			{ type: 'collection', collection_id: 'c-42', params: { decision_threshold: 0.7 } },
		]);
	});

	it("also sends a collection ID given only in the parameters (Oz's old iOS SDK form) beside the type", () => {
		const { payload } = buildPayloadFromFields({
			media: [video],
			analyses: [{ type: 'collection', params: '{"collection_id": "c-7"}' }],
		});
		expect(payload.analyses).toEqual([
			{ type: 'collection', collection_id: 'c-7', params: { collection_id: 'c-7' } },
		]);
	});

	it.each([
		['no media', { media: [], analyses: [{ type: 'quality' }] }, 'Media', /No media/],
		['no analyses', { media: [video], analyses: [] }, 'Analyses', /No analysis/],
		[
			'an empty binary field name',
			{ media: [{ ...video, binaryPropertyName: ' ' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Input Binary Field',
			/names no input binary field/,
		],
		[
			'a duplicate key',
			{
				media: [video, { ...video, binaryPropertyName: 'x', mediaKey: 'data' }],
				analyses: [{ type: 'quality' }],
			},
			'Media row 2: Media Key',
			/"data" is used by more than one file/,
		],
		[
			'a key with a quote',
			{ media: [{ ...video, mediaKey: 'a"b' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Media Key',
			/not allowed/,
		],
		[
			'a key with a line break',
			{ media: [{ ...video, mediaKey: 'a\r\nX-Evil: 1' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Media Key',
			/not allowed/,
		],
		[
			'a key with a slash',
			{ media: [{ ...video, mediaKey: 'a/b' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Media Key',
			/not allowed/,
		],
		[
			'a non-ASCII key',
			{ media: [{ ...video, mediaKey: 'vidéo' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Media Key',
			/not allowed/,
		],
		[
			'no tags',
			{ media: [{ ...video, tags: [] }], analyses: [{ type: 'quality' }] },
			'Media row 1: Tags',
			/has no tags/,
		],
		[
			'a tag that is not text',
			{ media: [{ ...video, tags: ['video_selfie', 7] }], analyses: [{ type: 'quality' }] },
			'Media row 1: Tags',
			/not text: 7/,
		],
		[
			'an unknown analysis type',
			{ media: [video], analyses: [{ type: 'palmistry' }] },
			'Analysis row 1: Type',
			/unknown analysis type: "palmistry"/,
		],
		[
			'invalid parameters JSON',
			{ media: [video], analyses: [{ type: 'quality', params: '{bad' }] },
			'Analysis row 1: Parameters',
			/not valid JSON/,
		],
		[
			'parameters that are an array',
			{ media: [video], analyses: [{ type: 'quality', params: '[]' }] },
			'Analysis row 1: Parameters',
			/must be a JSON object, not an array/,
		],
		[
			'media metadata that is a number',
			{ media: [{ ...video, metadata: '42' }], analyses: [{ type: 'quality' }] },
			'Media row 1: Media Metadata',
			/not a number/,
		],
		[
			'folder metadata that is a string',
			{ media: [video], analyses: [{ type: 'quality' }], folderMetadata: '"case"' },
			'Folder Metadata',
			/not a string/,
		],
		[
			'a blacklist check without collection',
			{ media: [video], analyses: [{ type: 'collection' }] },
			'Analysis row 1: Collection ID',
			/needs a collection ID/,
		],
	])('rejects %s, naming the field', (_name, input, field, message) => {
		const error = inputError(() =>
			buildPayloadFromFields(input as Parameters<typeof buildPayloadFromFields>[0]),
		);
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
		expect(error.hint.length).toBeGreaterThan(10);
	});
});

describe("extract_best_shot: the Liveness row's switch beside its Parameters", () => {
	const analysesOf = (row: Parameters<typeof buildPayloadFromFields>[0]['analyses'][0]) =>
		buildPayloadFromFields({ media: [video], analyses: [row] }).payload.analyses;

	// n8n saves no default, so the switch off cannot be told from a switch never touched.
	it.each([
		['the switch at default, Parameters true', { params: '{"extract_best_shot": true}' }, true],
		[
			'the switch off, Parameters true',
			{ extractBestShot: false, params: '{"extract_best_shot": true}' },
			true,
		],
		[
			'the switch off, Parameters false',
			{ extractBestShot: false, params: '{"extract_best_shot": false}' },
			false,
		],
		['the switch on alone', { extractBestShot: true }, true],
		[
			'the switch on, Parameters true',
			{ extractBestShot: true, params: { extract_best_shot: true } },
			true,
		],
	])('%s: sent as %s', (_name, row, sent) => {
		expect(analysesOf({ type: 'quality', ...row })).toEqual([
			{ type: 'quality', params: { extract_best_shot: sent } },
		]);
	});

	it('neither: no extract_best_shot and no params at all', () => {
		expect(analysesOf({ type: 'quality', extractBestShot: false, params: '{}' })).toEqual([
			{ type: 'quality' },
		]);
	});

	it('keeps the other parameters beside it', () => {
		expect(
			analysesOf({ type: 'quality', extractBestShot: true, params: '{"threshold_spoofing": 0.5}' }),
		).toEqual([{ type: 'quality', params: { threshold_spoofing: 0.5, extract_best_shot: true } }]);
	});

	it('the switch on and Parameters false contradict each other: an input error naming the switch', () => {
		const error = inputError(() =>
			analysesOf({
				type: 'quality',
				extractBestShot: true,
				params: '{"extract_best_shot": false}',
			}),
		);
		expect(error.message).toBe(
			'Analysis row 1: "Extract Best Shot" is on but Parameters set "extract_best_shot": false',
		);
		expect(error.field).toBe('Analysis row 1: Extract Best Shot');
		expect(error.hint).toMatch(/Turn "Extract Best Shot" off/);
	});

	it('a switch left on in a row whose type is no longer Liveness is not sent', () => {
		expect(analysesOf({ type: 'biometry', extractBestShot: true })).toEqual([{ type: 'biometry' }]);
	});
});

describe('buildPayloadFromJson', () => {
	const docsPayload = {
		'folder:meta_data': { partner_side_folder_id: 'x' },
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

	it('passes the vendor example through unchanged', () => {
		const { payload, files } = buildPayloadFromJson({
			payload: JSON.stringify(docsPayload),
			files: [{ binaryPropertyName: 'data', mediaKey: 'video1' }],
		});
		expect(payload).toEqual(docsPayload);
		expect(files).toEqual([{ key: 'video1', binaryPropertyName: 'data' }]);
	});

	it('keeps top-level and per-analysis fields it does not know', () => {
		const { payload } = buildPayloadFromJson({
			payload: {
				...docsPayload,
				resolution_endpoint: 'https://example.com/hook',
				analyses: [{ type: 'quality', source_media: ['m1'] }],
			},
			files: [{ binaryPropertyName: 'data', mediaKey: 'video1' }],
		});
		expect(payload).toMatchObject({
			resolution_endpoint: 'https://example.com/hook',
			analyses: [{ type: 'quality', source_media: ['m1'] }],
		});
	});

	it.each([true, false])(
		'sends "extract_best_shot": %s pasted from the docs as it is (no switch in this mode)',
		(value) => {
			const pasted = {
				'media:tags': { video1: ['video_selfie'] },
				analyses: [{ type: 'quality', params: { extract_best_shot: value } }],
			};
			const { payload } = buildPayloadFromJson({
				payload: JSON.stringify(pasted),
				files: [{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			});
			expect(payload).toEqual(pasted);
		},
	);

	it.each([
		['invalid JSON', '{"media:tags": ', [{ binaryPropertyName: 'data' }], /not valid JSON/],
		['an array', '[]', [{ binaryPropertyName: 'data' }], /must be a JSON object, not an array/],
		['no files', docsPayload, [], /No media to send/],
		[
			'no media:tags',
			{ analyses: [{ type: 'quality' }] },
			[{ binaryPropertyName: 'data' }],
			/no "media:tags" object/,
		],
		[
			'tags for a key without a file',
			docsPayload,
			[{ binaryPropertyName: 'data' }],
			/names "video1", but no file/,
		],
		[
			'a file without tags',
			docsPayload,
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }, { binaryPropertyName: 'p' }],
			/File "p" has no tags/,
		],
		[
			'metadata for a key without a file',
			{ ...docsPayload, 'media:meta_data': { photo: {} } },
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			/"media:meta_data" names "photo"/,
		],
		[
			'no analyses',
			{ ...docsPayload, analyses: [] },
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			/no analyses/,
		],
		[
			'an analysis that is not an object',
			{ ...docsPayload, analyses: ['quality'] },
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			/analyses\[0\] must be an object/,
		],
		[
			'an unknown analysis type',
			{ ...docsPayload, analyses: [{ type: 'aura' }] },
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			/unknown analysis type/,
		],
		[
			'tags that are not a list of text',
			{ ...docsPayload, 'media:tags': { video1: [1] } },
			[{ binaryPropertyName: 'data', mediaKey: 'video1' }],
			/not text/,
		],
	])('rejects %s', (_name, payload, files, message) => {
		expect(inputError(() => buildPayloadFromJson({ payload, files })).message).toMatch(message);
	});
});
