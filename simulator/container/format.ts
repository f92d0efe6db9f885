import { createHash } from 'node:crypto';
import { extname } from 'node:path';

import { OzError, OzErrorCode } from '../oz/ozError';
import type { Json } from '../types';

/**
 * The simulator's OWN stand-in for an OzCapsula container: a test format, not Oz's. Real
 * containers are encrypted and their format is not public (page "OzCapsula Data Container");
 * this one only carries what they carry (a session token, the payload, the media) so the
 * simulator can answer as the page says. The node treats containers as opaque bytes.
 *
 *   bytes 0..7   ASCII "OZSIMCAP"; byte 8: version 0x01
 *   bytes 9..12  N, uint32 big-endian: byte length of the UTF-8 JSON manifest that follows,
 *                {"session_token", "payload"?, "media": [{key, file_name, mime_type, size}]}
 *   then         the media bytes, concatenated in manifest order
 *   last 32      SHA-256 of everything before it (stands in for Oz's "SummingHash")
 */
const MAGIC = Buffer.from('OZSIMCAP', 'ascii');
const VERSION = 0x01;
const HEADER_BYTES = MAGIC.length + 1 + 4;
const HASH_BYTES = 32;

interface ContainerInput {
	sessionToken: string;
	files: Array<{ key: string; data: Buffer; fileName?: string; mimeType?: string }>;
	tags?: Record<string, string[]>;
	folderMetadata?: Record<string, unknown>;
	mediaMetadata?: Record<string, Record<string, unknown>>;
	analyses?: Array<Record<string, unknown>>;
	/** Leaves the payload out, to provoke Oz's "Missing payload.json". */
	omitPayload?: boolean;
}

interface ContainerMedia {
	key: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

interface OpenedContainer {
	/** Empty when the manifest has none: the token check then refuses it. */
	sessionToken: string;
	payload: Json;
	media: ContainerMedia[];
}

const MIME_TYPES: Record<string, string> = {
	'.mp4': 'video/mp4',
	'.mov': 'video/quicktime',
	'.webm': 'video/webm',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.png': 'image/png',
	'.zip': 'application/zip',
};

/** Tags a capture would carry (page "Media Tags"): a selfie video, or a selfie photo. */
function defaultTags(mimeType: string): string[] | undefined {
	if (mimeType.startsWith('video/'))
		return ['video_selfie', 'video_selfie_blank', 'orientation_portrait'];
	if (mimeType.startsWith('image/')) return ['photo_selfie'];
	return undefined;
}

/** A stand-in container holding these files, their tags and metadata, and the analyses to run. */
export function buildContainer(input: ContainerInput): Buffer {
	const media = input.files.map((file) => {
		const fileName = file.fileName ?? file.key;
		const mimeType =
			file.mimeType ?? MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
		return { key: file.key, file_name: fileName, mime_type: mimeType, data: file.data };
	});
	const tags: Record<string, string[]> = {};
	for (const file of media) {
		const fallback = defaultTags(file.mime_type);
		if (fallback) tags[file.key] = fallback;
	}
	// The metadata and analyses travel inside, as the SDKs put them there on the device.
	const payload = {
		...(input.folderMetadata ? { 'folder:meta_data': input.folderMetadata } : {}),
		...(input.mediaMetadata ? { 'media:meta_data': input.mediaMetadata } : {}),
		'media:tags': { ...tags, ...input.tags },
		analyses: input.analyses ?? [{ type: 'quality' }],
	};
	const manifest = Buffer.from(
		JSON.stringify({
			session_token: input.sessionToken,
			...(input.omitPayload ? {} : { payload }),
			media: media.map(({ data, ...entry }) => ({ ...entry, size: data.length })),
		}),
		'utf8',
	);
	const header = Buffer.alloc(HEADER_BYTES);
	MAGIC.copy(header);
	header[MAGIC.length] = VERSION;
	header.writeUInt32BE(manifest.length, MAGIC.length + 1);
	const body = Buffer.concat([header, manifest, ...media.map((file) => file.data)]);
	return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/** A copy with one byte flipped (in the media, else in the hash), so the hash no longer matches. */
export function damage(container: Buffer): Buffer {
	const copy = Buffer.from(container);
	const mediaStart = HEADER_BYTES + copy.readUInt32BE(MAGIC.length + 1);
	const hashStart = copy.length - HASH_BYTES;
	const at =
		hashStart > mediaStart ? mediaStart + Math.floor((hashStart - mediaStart) / 2) : hashStart;
	copy[at] ^= 0xff;
	return copy;
}

/**
 * Where the readable text goes: `error_message` is the page's message for the code (for 3, 4
 * and 5 "Invalid request data"), `details.description` what exactly was wrong; the code is
 * always the page's.
 */
function refuse(code: number, message: string, description: string): OzError {
	return new OzError(400, code, message, { description });
}

function unpackingFailed(description: string): OzError {
	return refuse(OzErrorCode.CONTAINER_INVALID, 'Data container unpacking failed', description);
}

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readManifest(buffer: Buffer): Json {
	if (buffer.length < HEADER_BYTES + HASH_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC))
		throw unpackingFailed('Not a container: the bytes do not start with OZSIMCAP');
	if (buffer[MAGIC.length] !== VERSION)
		throw unpackingFailed(`Unknown container version ${buffer[MAGIC.length]}`);
	const length = buffer.readUInt32BE(MAGIC.length + 1);
	if (HEADER_BYTES + length > buffer.length - HASH_BYTES)
		throw unpackingFailed('The manifest is longer than the container');
	let manifest: unknown;
	try {
		manifest = JSON.parse(buffer.subarray(HEADER_BYTES, HEADER_BYTES + length).toString('utf8'));
	} catch {
		throw unpackingFailed('The manifest is not JSON');
	}
	if (!isObject(manifest)) throw unpackingFailed('The manifest is not a JSON object');
	return manifest;
}

function readMediaList(manifest: Json): Array<Omit<ContainerMedia, 'data'> & { size: number }> {
	const list = manifest.media;
	if (!Array.isArray(list)) throw unpackingFailed('The manifest has no media list');
	return list.map((entry: unknown, index) => {
		if (
			!isObject(entry) ||
			typeof entry.key !== 'string' ||
			typeof entry.file_name !== 'string' ||
			typeof entry.mime_type !== 'string' ||
			!Number.isSafeInteger(entry.size) ||
			(entry.size as number) < 0
		)
			throw unpackingFailed(`media[${index}] needs key, file_name, mime_type and size`);
		return {
			key: entry.key,
			fileName: entry.file_name,
			mimeType: entry.mime_type,
			size: entry.size as number,
		};
	});
}

/**
 * Unpacks a container with the errors of page "OzCapsula Data Container": 13 for no body, 14
 * when it does not unpack (lengths are checked before the hash, so a cut-off file reads as
 * unpacking failed), 5 when the hash fails, 3 without a payload, 4 without media.
 */
export function readContainer(buffer: Buffer): OpenedContainer {
	if (buffer.length === 0) {
		throw refuse(
			OzErrorCode.CONTAINER_MISSING,
			'No data container provided',
			"API didn't receive the container",
		);
	}
	const manifest = readManifest(buffer);
	const list = readMediaList(manifest);
	const mediaStart = HEADER_BYTES + buffer.readUInt32BE(MAGIC.length + 1);
	const hashStart = buffer.length - HASH_BYTES;
	if (mediaStart + list.reduce((sum, entry) => sum + entry.size, 0) !== hashStart)
		throw unpackingFailed('The media sizes do not add up to the container');
	const hash = createHash('sha256').update(buffer.subarray(0, hashStart)).digest();
	if (!hash.equals(buffer.subarray(hashStart)))
		throw refuse(OzErrorCode.INVALID_TYPE, 'Invalid request data', 'Container is damaged');
	if (manifest.payload === undefined)
		throw refuse(OzErrorCode.INVALID_STRUCTURE, 'Invalid request data', 'Missing payload.json');
	if (!isObject(manifest.payload)) {
		throw refuse(
			OzErrorCode.INVALID_STRUCTURE,
			'Invalid request data',
			'payload.json is not a JSON object',
		);
	}
	if (list.length === 0) {
		throw refuse(
			OzErrorCode.INVALID_VALUE,
			'Invalid request data',
			'No media have been added into container',
		);
	}
	let offset = mediaStart;
	const media = list.map(({ size, ...entry }) => {
		const data = buffer.subarray(offset, offset + size);
		offset += size;
		return { ...entry, data };
	});
	const token = manifest.session_token;
	return {
		sessionToken: typeof token === 'string' ? token : '',
		payload: manifest.payload,
		media,
	};
}
