import type { INodeParameters } from 'n8n-workflow';

import { SELFIE_TAGS } from '../../support/workflows';
import type { FixtureFile } from '../LoadFiles.node';

/**
 * The bad inputs of the README's table, one per row. Each runs as the middle item of three
 * (the two others are good) with "Continue On Fail" on, except the credential rows, which
 * fail every item. `when(bad, good)` makes a field differ for the bad item only.
 */
export const VALUES: Array<{ bad: unknown; good: unknown }> = [];

/** The values travel in the items' JSON: written into the expression, "}}" in them would end it. */
function when(bad: unknown, good: unknown): string {
	VALUES.push({ bad, good });
	const index = VALUES.length - 1;
	return `={{ $json.bad ? $json.values[${index}].bad : $json.values[${index}].good }}`;
}

export interface BadInputCase {
	name: string;
	parameters: INodeParameters;
	/** Binaries of the bad item, when they differ from a good selfie video in `data`. */
	binary?: Record<string, FixtureFile | null>;
	/** Whether the bad value is found out by a look-up at Oz (a company name): only writes are counted then. */
	lookup?: boolean;
	/** Requests a good item makes (1 unless the operation makes several). */
	requestsPerGoodItem?: number;
	/** Credential overrides: these fail every item. */
	credentials?: Record<string, unknown>;
	message: RegExp;
	field?: string;
	description: RegExp;
}

/** The fields-mode parameters of a good item; each case changes some of them for the bad one. */
function fields(
	overrides: {
		media?: Record<string, unknown>;
		media2?: Record<string, unknown>;
		analysis?: Record<string, unknown>;
		top?: INodeParameters;
	} = {},
): INodeParameters {
	const files = [
		{ binaryPropertyName: 'data', mediaKey: '', tags: SELFIE_TAGS, ...overrides.media },
	];
	if (overrides.media2)
		files.push({
			binaryPropertyName: 'data',
			mediaKey: 'second',
			tags: ['photo_selfie'],
			...overrides.media2,
		});
	return {
		resource: 'folder',
		operation: 'analyze',
		payloadMode: 'fields',
		media: { file: files },
		analyses: { analysis: [{ type: 'quality', ...overrides.analysis }] },
		...overrides.top,
	} as INodeParameters;
}

const docsPayload = {
	'media:tags': { video1: SELFIE_TAGS },
	analyses: [{ type: 'quality' }],
};

function json(payloadForBad: unknown, mediaKeyForBad = 'video1'): INodeParameters {
	return {
		resource: 'folder',
		operation: 'analyze',
		payloadMode: 'json',
		jsonPayload: when(
			typeof payloadForBad === 'string' ? payloadForBad : JSON.stringify(payloadForBad),
			JSON.stringify(docsPayload),
		),
		jsonFiles: { file: [{ binaryPropertyName: 'data', mediaKey: when(mediaKeyForBad, 'video1') }] },
	};
}

const big = 'x'.repeat(70 * 1024);

export const BAD_INPUTS: BadInputCase[] = [
	{
		name: 'Input binary field missing on the item',
		parameters: fields({ media: { binaryPropertyName: when('selfie', 'data') } }),
		message: /No binary field "selfie" on the input item/,
		field: 'Input Binary Field',
		description: /has the binary fields "data"/,
	},
	{
		name: 'Item without any binary data',
		parameters: fields(),
		binary: { data: null },
		message: /No binary field "data" on the input item/,
		field: 'Input Binary Field',
		description: /no binary data: put a node that loads the file/,
	},
	{
		name: 'Input binary field name empty',
		parameters: fields({ media: { binaryPropertyName: when(' ', 'data') } }),
		message: /Media row 1 names no input binary field/,
		field: 'Media row 1: Input Binary Field',
		description: /name of the binary field/,
	},
	{
		name: 'Empty file (0 bytes)',
		parameters: fields(),
		binary: { data: { base64: '', fileName: 'v.mp4', mimeType: 'video/mp4' } },
		message: /is an empty file/,
		field: 'Input Binary Field',
		description: /cannot analyse an empty file/,
	},
	{
		name: 'File without MIME type or telling extension',
		parameters: fields(),
		binary: {
			data: { base64: 'AAAA', fileName: 'upload.bin', mimeType: 'application/octet-stream' },
		},
		message: /has no media type Oz can use/,
		field: 'Input Binary Field',
		description: /MIME type/,
	},
	{
		name: 'Media key used twice',
		parameters: fields({ media2: { mediaKey: when('data', 'second') } }),
		message: /Media key "data" is used by more than one file/,
		field: 'Media row 2: Media Key',
		description: /own media key/,
	},
	{
		name: 'Media key with a double quote',
		parameters: fields({ media: { mediaKey: when('video"1', '') } }),
		message: /Media key "video"1" is not allowed/,
		field: 'Media row 1: Media Key',
		description: /letters, digits/,
	},
	{
		name: 'Media key with CR/LF',
		parameters: fields({ media: { mediaKey: when('video1\r\nX-Injected: 1', '') } }),
		message: /is not allowed/,
		field: 'Media row 1: Media Key',
		description: /letters, digits/,
	},
	{
		name: 'Media key with a slash',
		parameters: fields({ media: { mediaKey: when('../video1', '') } }),
		message: /Media key "..\/video1" is not allowed/,
		field: 'Media row 1: Media Key',
		description: /letters, digits/,
	},
	{
		name: 'Media key with non-ASCII letters',
		parameters: fields({ media: { mediaKey: when('vidéo', '') } }),
		message: /Media key "vidéo" is not allowed/,
		field: 'Media row 1: Media Key',
		description: /letters, digits/,
	},
	{
		name: 'Media key longer than 100 characters',
		parameters: fields({ media: { mediaKey: when('v'.repeat(101), '') } }),
		message: /is not allowed/,
		field: 'Media row 1: Media Key',
		description: /1 to 100/,
	},
	{
		name: 'File without tags',
		parameters: fields({ media: { tags: when([], SELFIE_TAGS) } }),
		message: /Media row 1 has no tags/,
		field: 'Media row 1: Tags',
		description: /choose at least one/,
	},
	{
		name: 'Tag that is not text',
		parameters: fields({ media: { tags: when(['video_selfie', 42], SELFIE_TAGS) } }),
		message: /has a tag that is not text: 42/,
		field: 'Media row 1: Tags',
		description: /as a string/,
	},
	{
		name: 'Invalid JSON in Media Metadata',
		parameters: fields({ media: { metadata: when('{"camera": front}', '{}') } }),
		message: /"Media row 1: Media Metadata" is not valid JSON/,
		field: 'Media row 1: Media Metadata',
		description: /Enter a JSON object/,
	},
	{
		name: 'Media Metadata that is a string, not an object',
		parameters: fields({ media: { metadata: when('"front camera"', '{}') } }),
		message: /must be a JSON object, not a string/,
		field: 'Media row 1: Media Metadata',
		description: /curly braces/,
	},
	{
		name: 'Invalid JSON in Parameters',
		parameters: fields({ analysis: { params: when('{extract_best_shot: true}', '{}') } }),
		message: /"Analysis row 1: Parameters" is not valid JSON/,
		field: 'Analysis row 1: Parameters',
		description: /Enter a JSON object/,
	},
	{
		name: 'Parameters that are an array',
		parameters: fields({ analysis: { params: when('[{"extract_best_shot": true}]', '{}') } }),
		message: /must be a JSON object, not an array/,
		field: 'Analysis row 1: Parameters',
		description: /curly braces/,
	},
	{
		name: 'Invalid JSON in Analysis Metadata',
		parameters: fields({ analysis: { metadata: when("{'step': 1}", '{}') } }),
		message: /"Analysis row 1: Analysis Metadata" is not valid JSON/,
		field: 'Analysis row 1: Analysis Metadata',
		description: /Enter a JSON object/,
	},
	{
		name: 'Invalid JSON in Folder Metadata',
		parameters: fields({ top: { folderMetadata: when('{"case_id": ', '{}') } }),
		message: /"Folder Metadata" is not valid JSON/,
		field: 'Folder Metadata',
		description: /Enter a JSON object/,
	},
	{
		name: 'Folder Metadata that is an array',
		parameters: fields({ top: { folderMetadata: when('["A-1017"]', '{}') } }),
		message: /"Folder Metadata" must be a JSON object, not an array/,
		field: 'Folder Metadata',
		description: /curly braces/,
	},
	{
		name: 'Folder Metadata larger than 64 KB',
		parameters: fields({ top: { folderMetadata: when(JSON.stringify({ note: big }), '{}') } }),
		message: /"Folder Metadata" is too large \(71 KB, at most 64 KB\)/,
		field: 'Folder Metadata',
		description: /store a reference instead/,
	},
	{
		name: 'Unknown analysis type',
		parameters: fields({ analysis: { type: when('palmistry', 'quality') } }),
		message: /unknown analysis type: "palmistry"/,
		field: 'Analysis row 1: Type',
		description: /quality, biometry, collection, documents/,
	},
	{
		name: 'Blacklist without a collection ID',
		parameters: fields({ analysis: { type: when('collection', 'quality') } }),
		message: /a blacklist check needs a collection ID/,
		field: 'Analysis row 1: Collection ID',
		description: /collection to search/,
	},
	{
		name: 'Blacklist with "Don\'t Store Data (Instant API)"',
		parameters: fields({
			analysis: { type: when('collection', 'quality'), collectionId: 'c-1' },
			top: { options: { instant: true } },
		}),
		message: /Blacklist checks are not available/,
		field: 'Analyses',
		description: /turn off "Don't Store Data/,
	},
	{
		name: 'Idempotency Key with "Don\'t Store Data (Instant API)"',
		parameters: fields({
			top: { options: { instant: true, idempotencyKey: when('APP-1', '') } },
		}),
		message: /An Idempotency Key is not available with "Don't Store Data/,
		field: 'Idempotency Key',
		description: /Instant keeps no folder/,
	},
	{
		name: 'Idempotency Key that is not text',
		parameters: fields({ top: { options: { idempotencyKey: when({ id: 1 }, 'APP-2') } } }),
		message: /"Idempotency Key" is not text/,
		field: 'Idempotency Key',
		description: /single value/,
	},
	{
		name: 'Invalid JSON in Payload (JSON)',
		parameters: json('{"media:tags": {"video1": ["video_selfie"]},'),
		message: /"Payload \(JSON\)" is not valid JSON/,
		field: 'Payload (JSON)',
		description: /Enter a JSON object/,
	},
	{
		name: 'Payload (JSON) that is an array',
		parameters: json([docsPayload]),
		message: /"Payload \(JSON\)" must be a JSON object, not an array/,
		field: 'Payload (JSON)',
		description: /curly braces/,
	},
	{
		name: 'Payload (JSON) without "media:tags"',
		parameters: json({ analyses: [{ type: 'quality' }] }),
		message: /no "media:tags" object/,
		field: 'Payload (JSON)',
		description: /Add "media:tags"/,
	},
	{
		name: 'Tags for a media key that has no file',
		parameters: json({
			...docsPayload,
			'media:tags': { video1: SELFIE_TAGS, photo9: ['photo_id'] },
		}),
		message: /"media:tags" names "photo9", but no file is sent/,
		field: 'Payload (JSON)',
		description: /Media Key "photo9"/,
	},
	{
		name: 'A file the payload gives no tags',
		parameters: {
			...json({ 'media:tags': { video1: SELFIE_TAGS }, analyses: [{ type: 'quality' }] }),
			jsonPayload: when(
				JSON.stringify({ 'media:tags': { video1: SELFIE_TAGS }, analyses: [{ type: 'quality' }] }),
				JSON.stringify({
					'media:tags': { video1: SELFIE_TAGS, photo1: ['photo_selfie'] },
					analyses: [{ type: 'quality' }],
				}),
			),
			jsonFiles: {
				file: [
					{ binaryPropertyName: 'data', mediaKey: 'video1' },
					{ binaryPropertyName: 'data', mediaKey: 'photo1' },
				],
			},
		},
		message: /File "photo1" has no tags/,
		field: 'Payload (JSON)',
		description: /Add "photo1" to "media:tags"/,
	},
	{
		name: 'Metadata for a media key that has no file',
		parameters: json({ ...docsPayload, 'media:meta_data': { photo9: { a: 1 } } }),
		message: /"media:meta_data" names "photo9"/,
		field: 'Payload (JSON)',
		description: /Media Key "photo9"/,
	},
	{
		name: 'Tags that are not a list of text (JSON)',
		parameters: json({ ...docsPayload, 'media:tags': { video1: [1, 2] } }),
		message: /"media:tags" of "video1" has a tag that is not text: 1/,
		field: '"media:tags" of "video1": Tags',
		description: /as a string/,
	},
	{
		name: 'Payload (JSON) without analyses',
		parameters: json({ 'media:tags': { video1: SELFIE_TAGS }, analyses: [] }),
		message: /The payload has no analyses/,
		field: 'Payload (JSON)',
		description: /at least one entry/,
	},
	{
		name: 'Analysis that is not an object (JSON)',
		parameters: json({ 'media:tags': { video1: SELFIE_TAGS }, analyses: ['quality'] }),
		message: /analyses\[0\] must be an object/,
		field: 'Payload (JSON)',
		description: /\{"type": "quality"\}/,
	},
	{
		name: 'Unknown analysis type (JSON)',
		parameters: json({ 'media:tags': { video1: SELFIE_TAGS }, analyses: [{ type: 'aura' }] }),
		message: /unknown analysis type: "aura"/,
		field: 'Payload (JSON): analyses[0]: Type',
		description: /quality, biometry/,
	},
	{
		name: 'Folder ID empty (Folder → Get)',
		parameters: { resource: 'folder', operation: 'get', folderId: when('', '{{FOLDER}}') },
		message: /"Folder" is empty/,
		field: 'Folder',
		description: /choose By ID and enter it, e\.g\. \{\{ \$json\.folder_id \}\}/,
	},
	{
		name: 'Folder ID that is not an Oz ID',
		parameters: {
			resource: 'folder',
			operation: 'get',
			folderId: when('../../users', '{{FOLDER}}'),
		},
		message: /"Folder" is not an Oz ID/,
		field: 'Folder',
		description: /UUIDs/,
	},
	{
		name: 'Folder picked By ID that is not an Oz ID (Analysis → Wait)',
		parameters: {
			resource: 'analysis',
			operation: 'wait',
			folderId: { __rl: true, mode: 'id', value: when('9b6f 8d2e', '{{FOLDER}}') },
		},
		message: /"Folder" is not an Oz ID: "9b6f 8d2e"/,
		field: 'Folder',
		description: /UUIDs/,
	},
	{
		name: 'Metadata filter that is not key==value (Get Many)',
		parameters: {
			resource: 'folder',
			operation: 'getMany',
			limit: 1,
			filters: { metadata: when('transaction_id A-1017', 'transaction_id!=none') },
		},
		message: /The metadata filter "transaction_id A-1017" is not key==value or key!=value/,
		field: 'Filters: Metadata',
		description: /transaction_id==A-1017/,
	},
	{
		name: 'Extract Best Shot on while Parameters set extract_best_shot false',
		parameters: fields({
			analysis: { extractBestShot: true, params: when('{"extract_best_shot": false}', '{}') },
		}),
		message:
			/Analysis row 1: "Extract Best Shot" is on but Parameters set "extract_best_shot": false/,
		field: 'Analysis row 1: Extract Best Shot',
		description: /Turn "Extract Best Shot" off to send the value in Parameters/,
	},
	{
		name: 'Metadata filter value with a comma (Get Many)',
		parameters: {
			resource: 'folder',
			operation: 'getMany',
			limit: 1,
			filters: { metadata: when('case_id==A-1,B-2', 'purpose==bad input tests') },
		},
		message:
			/The metadata filter's value "A-1,B-2" holds a comma \(,\), which Oz's metadata search cannot take/,
		field: 'Filters: Metadata',
		description: /Oz splits the filter on commas and on ==/,
	},
	{
		name: 'Metadata filter value with a second == (Get Many)',
		parameters: {
			resource: 'folder',
			operation: 'getMany',
			limit: 1,
			filters: { metadata: when('note==a==b', 'purpose==bad input tests') },
		},
		message: /The metadata filter's value "a==b" holds a second ==/,
		field: 'Filters: Metadata',
		description: /check the rest in an IF node/,
	},
	{
		name: 'Person Update Metadata with no metadata',
		parameters: {
			resource: 'person',
			operation: 'updateMetadata',
			collectionId: '{{COLLECTION}}',
			personId: '{{PERSON}}',
			metadata: when('{}', '{"case_id": "F-311"}'),
		},
		message: /No metadata to write/,
		field: 'Metadata',
		description: /case_id/,
	},
	{
		name: 'Company name that matches several companies (Blacklist Collection → Create)',
		parameters: {
			resource: 'collection',
			operation: 'create',
			alias: 'fraud',
			companyBy: 'name',
			companyName: when('Demo', 'Northwind Telecom'),
		},
		message: /"Demo" matches 2 companies: "Oz Demo Bank" \(.+\), "Oz Demo Bank Europe"/,
		field: 'Company Name',
		description: /full name of one of them, or its Company ID/,
		lookup: true,
	},
	{
		name: 'Company name that matches no company (Blacklist Collection → Create)',
		parameters: {
			resource: 'collection',
			operation: 'create',
			alias: 'fraud',
			companyBy: 'name',
			companyName: when('Nobody Ltd', 'Northwind Telecom'),
		},
		message: /No Oz company matches "Nobody Ltd"/,
		field: 'Company Name',
		description: /enter the Company ID/,
		lookup: true,
	},
	{
		name: 'Person ID that is not an Oz ID (Blacklist Person → Get)',
		parameters: {
			resource: 'person',
			operation: 'get',
			collectionId: '{{COLLECTION}}',
			personId: when('../../admin', '{{PERSON}}'),
		},
		message: /"Person" is not an Oz ID: "..\/..\/admin"/,
		field: 'Person',
		description: /UUIDs/,
	},
	{
		name: 'Update Metadata with no keys to remove',
		parameters: {
			resource: 'folder',
			operation: 'updateMetadata',
			folderId: '{{FOLDER}}',
			change: 'remove',
			keys: when(' , ', 'old_key'),
		},
		// Read, delete, write back what stays.
		requestsPerGoodItem: 3,
		message: /No keys to remove/,
		field: 'Keys',
		description: /separated by commas/,
	},
	{
		name: 'Base URL without http(s)://',
		parameters: fields(),
		credentials: { baseUrl: 'ftp://oz.example.com' },
		message: /Base URL must start with https:\/\/ or http:\/\//,
		field: 'Base URL',
		description: /Oz API host/,
	},
	{
		name: 'Base URL that is not a URL',
		parameters: fields(),
		credentials: { baseUrl: 'sandbox.ozforensics' },
		message: /Base URL "sandbox.ozforensics" is not a valid URL/,
		field: 'Base URL',
		description: /Oz API host/,
	},
	{
		name: 'Base URL with a user name and password in it',
		parameters: fields(),
		credentials: { baseUrl: 'https://admin:hunter2@oz.example.com' },
		message: /must not contain a user name or password/,
		field: 'Base URL',
		description: /Remove the part before "@"/,
	},
	{
		name: 'Base URL that answers an HTML page',
		parameters: fields(),
		credentials: { baseUrl: '{{SIMULATOR}}/website' },
		message: /The server answered, but not with Oz API JSON|without an Oz error body/,
		description: /Base URL|Oz API host/,
	},
	{
		name: 'Base URL that redirects (e.g. http:// to https://)',
		parameters: fields(),
		credentials: { baseUrl: '{{SIMULATOR}}/moved' },
		message: /answered HTTP 301 without an Oz error body/,
		description: /redirects elsewhere.*enter the address it redirects to/,
	},
	{
		name: 'Empty access token',
		parameters: fields(),
		credentials: { accessToken: '' },
		message: /credential has no access token/,
		field: 'Access Token',
		description: /paste the access token/,
	},
];
