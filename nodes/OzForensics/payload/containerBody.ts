import { createHash } from 'crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import { OzInputError } from '../input/inputError';
import { isToolCall, toolCallCarriesNoFiles } from '../input/toolCall';

/** A stream from n8n's binary store, as its helper gives it. */
type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** A request body sent as it is, not as multipart: an OzCapsula container. */
export interface RawBody {
	contentType: string;
	length: number;
	/** A fresh stream (or the bytes) for each attempt. */
	open(): Promise<BinaryStream | Buffer>;
}

/** One OzCapsula container of an item, ready to send. */
export interface ContainerFile {
	fileName: string;
	size: number;
	/** SHA-256 of the bytes: the same capture is the same container, whichever execution has it. */
	digest: string;
	body: RawBody;
}

// Page "OzCapsula Data Container": the body is the raw container as application/octet-stream.
const CONTAINER_CONTENT_TYPE = 'application/octet-stream';
const CHUNK_SIZE = 64 * 1024;
const FIELD = 'Input Binary Field';

/** Leading bytes of the files people most often send by mistake: what they are, by their signature. */
function plainMediaKind(head: Buffer): string | undefined {
	const starts = (...bytes: number[]) => bytes.every((byte, at) => head[at] === byte);
	if (starts(0xff, 0xd8, 0xff)) return 'a JPEG photo';
	if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG photo';
	if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'a ZIP archive';
	if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'an MP4 or MOV video';
	if (starts(0x1a, 0x45, 0xdf, 0xa3)) return 'a WebM video';
	if (
		head.subarray(0, 4).toString('latin1') === 'RIFF' &&
		head.subarray(8, 12).toString('latin1') === 'AVI '
	)
		return 'an AVI video';
	return undefined;
}

/** Hashes the bytes as they stream by, keeping only the first few for the signature check. */
async function scan(
	chunks: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer>,
): Promise<{ head: Buffer; digest: string }> {
	const hash = createHash('sha256');
	let head = Buffer.alloc(0);
	for await (const chunk of chunks) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		if (head.length < 16) head = Buffer.concat([head, bytes.subarray(0, 16 - head.length)]);
		hash.update(bytes);
	}
	return { head, digest: hash.digest('hex') };
}

/**
 * The item's container: a binary that is there, not empty, and not plainly a photo, video or ZIP
 * (those go to Folder → Analyze). Checked, and its digest taken, before anything is sent; the
 * bytes then stream from n8n's binary store again for the request.
 */
export async function readContainer(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): Promise<ContainerFile> {
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[binaryPropertyName];
	if (!binary) {
		if (isToolCall(ctx)) throw toolCallCarriesNoFiles(ctx);
		const present = Object.keys(binaries);
		throw new OzInputError(
			`No binary field "${binaryPropertyName}" on the input item`,
			FIELD,
			present.length
				? `This item has the binary fields ${present.map((name) => `"${name}"`).join(', ')}: enter the one that holds the container`
				: 'This item has no binary data: in the Webhook node that receives the container, turn on the option "Raw Body", so the body arrives as the binary field "data"',
		);
	}
	const fileName = binary.fileName || 'container';
	const id = binary.id;
	let size: number;
	let open: () => Promise<BinaryStream | Buffer>;
	if (id) {
		size = (await ctx.helpers.getBinaryMetadata(id)).fileSize ?? 0;
		open = async () => await ctx.helpers.getBinaryStream(id, CHUNK_SIZE);
	} else {
		const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
		size = data.length;
		open = async () => data;
	}
	if (!size)
		throw new OzInputError(
			`Binary field "${binaryPropertyName}" is empty: no container to send`,
			FIELD,
			"Check what the browser or app posted: the SDK's container (a blob of type application/octet-stream) must be the request's whole body",
		);
	const opened = await open();
	const { head, digest } = await scan(Buffer.isBuffer(opened) ? [opened] : opened);
	const kind = plainMediaKind(head);
	if (kind)
		throw new OzInputError(
			`Binary field "${binaryPropertyName}" is ${kind}, not an OzCapsula container`,
			FIELD,
			"Send photos, videos and ZIP shot sets with Folder → Analyze. Folder → Analyze Container takes only the encrypted container that Oz's Web or Mobile SDK makes in capture mode",
		);
	return {
		fileName,
		size,
		digest,
		body: { contentType: CONTAINER_CONTENT_TYPE, length: size, open },
	};
}
