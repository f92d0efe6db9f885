import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { OzInputError } from '../input/inputError';
import { isToolCall, toolCallCarriesNoFiles } from '../input/toolCall';
import type { MediaFileRef } from './types';

/** One media file of a request; `file()` gives a fresh File for each attempt. */
export interface MediaPart {
	key: string;
	fileName: string;
	mimeType: string;
	size: number;
	/** Whether the bytes stream from n8n's binary store instead of sitting in memory. */
	streamed: boolean;
	file(): Promise<File>;
}

// Small chunks keep what waits in the upload pipeline (16 chunks per stream) to about 1 MB.
const CHUNK_SIZE = 64 * 1024;

/**
 * A File whose bytes come from n8n's binary store as they are sent. FormData and the HTTP
 * client only need its size and stream(); the store is opened on the first read, and every
 * call of stream() opens it again, so a resend reads the file anew.
 */
class BinaryStoreFile extends File {
	/** Whether the HTTP client read the bytes to their end (set by the stream of this try). */
	readWhole = false;

	constructor(
		size: number,
		private readonly open: () => Promise<AsyncIterable<Uint8Array>>,
		name: string,
		type: string,
	) {
		super([], name, { type });
		// The bytes are not in the Blob itself, so its size is told, from n8n's metadata.
		Object.defineProperty(this, 'size', { value: size, enumerable: true });
	}

	stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
		const open = this.open;
		const readToEnd = () => {
			this.readWhole = true;
		};
		let chunks: AsyncIterator<Uint8Array> | undefined;
		return new ReadableStream<Uint8Array<ArrayBuffer>>({
			async pull(controller) {
				chunks ??= (await open())[Symbol.asyncIterator]();
				const { value, done } = await chunks.next();
				if (done) {
					readToEnd();
					controller.close();
				} else
					controller.enqueue(
						new Uint8Array(value.buffer as ArrayBuffer, value.byteOffset, value.byteLength),
					);
			},
			async cancel() {
				await chunks?.return?.();
			},
		});
	}
}

const MIME_BY_EXTENSION: Record<string, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	avi: 'video/x-msvideo',
	mpeg: 'video/mpeg',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	zip: 'application/zip',
};

/** Oz tells photo, video and shot set apart by MIME type, so a file must have a telling one. */
function mediaMimeType(mimeType: string | undefined, fileName: string, file: MediaFileRef): string {
	if (mimeType && mimeType !== 'application/octet-stream') return mimeType;
	const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
	const known = MIME_BY_EXTENSION[extension];
	if (known) return known;
	throw new OzInputError(
		`Binary field "${file.binaryPropertyName}" has no media type Oz can use (media key "${file.key}")`,
		'Input Binary Field',
		'Oz tells photos, videos and ZIP shot sets apart by MIME type: give the file a name ending in .mp4, .jpg, .png … or set its MIME type in the node that made it (e.g. the MIME Type option of Convert to File)',
	);
}

function emptyFile(file: MediaFileRef): OzInputError {
	return new OzInputError(
		`Binary field "${file.binaryPropertyName}" is an empty file (media key "${file.key}")`,
		'Input Binary Field',
		'Check the node that produced the file: Oz cannot analyse an empty file',
	);
}

/** Streams binaries that live in n8n's binary store; reads inline ones (no id) into memory. */
async function partOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binary: IBinaryData,
	file: MediaFileRef,
): Promise<MediaPart> {
	const fileName =
		binary.fileName || `${file.key}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const mimeType = mediaMimeType(binary.mimeType, fileName, file);
	const base = { key: file.key, fileName, mimeType };
	const id = binary.id;
	if (id) {
		const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
		if (!fileSize) throw emptyFile(file);
		return {
			...base,
			size: fileSize,
			streamed: true,
			file: async () =>
				new BinaryStoreFile(
					fileSize,
					async () => await ctx.helpers.getBinaryStream(id, CHUNK_SIZE),
					fileName,
					mimeType,
				),
		};
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, file.binaryPropertyName);
	if (data.length === 0) throw emptyFile(file);
	return {
		...base,
		size: data.length,
		streamed: false,
		file: async () => new File([new Uint8Array(data)], fileName, { type: mimeType }),
	};
}

/** The listed binaries of one item; a missing or empty one is an input error. */
export async function readMediaParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	files: MediaFileRef[],
): Promise<MediaPart[]> {
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const parts: MediaPart[] = [];
	for (const file of files) {
		const binary = binaries[file.binaryPropertyName];
		if (!binary) {
			if (isToolCall(ctx)) throw toolCallCarriesNoFiles(ctx);
			const present = Object.keys(binaries);
			throw new OzInputError(
				`No binary field "${file.binaryPropertyName}" on the input item (media key "${file.key}")`,
				'Input Binary Field',
				present.length
					? `This item has the binary fields ${present.map((name) => `"${name}"`).join(', ')}: enter one of them`
					: 'This item has no binary data: put a node that loads the file (e.g. Read/Write Files from Disk or HTTP Request) before this one',
			);
		}
		parts.push(await partOf(ctx, itemIndex, binary, file));
	}
	return parts;
}

/**
 * One part per media file, named by its media key, then the JSON part `payload`.
 * Files go in without a separate file name: FormData would copy them into a new File, which
 * loses the streamed bytes. No Content-Type is set: the HTTP client writes the boundary.
 */
export async function multipartBody(parts: MediaPart[], payload: object): Promise<FormData> {
	const form = new FormData();
	const streamed: BinaryStoreFile[] = [];
	for (const part of parts) {
		const file = await part.file();
		if (file instanceof BinaryStoreFile) streamed.push(file);
		form.append(part.key, file);
	}
	form.append('payload', JSON.stringify(payload));
	streamedFiles.set(form, streamed);
	return form;
}

const streamedFiles = new WeakMap<FormData, BinaryStoreFile[]>();

/**
 * Whether a body's upload certainly stopped short: a file streamed from n8n's binary store was
 * not read to its end, so the host never had the whole request and cannot have stored it. A
 * file held in memory cannot tell, so a body of those never counts as short.
 */
export function uploadStoppedShort(body: unknown): boolean {
	const files = body instanceof FormData ? streamedFiles.get(body) : undefined;
	return files?.some((file) => !file.readWhole) ?? false;
}
