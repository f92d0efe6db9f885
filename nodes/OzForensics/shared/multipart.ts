import type { IExecuteFunctions } from 'n8n-workflow';

import { OzInputError } from './inputError';
import type { MediaFileRef, OzPayload } from './payload';

export interface MediaPart {
	key: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

/** Reads the listed binaries of one item; a missing or empty one is an input error. */
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
			const present = Object.keys(binaries);
			throw new OzInputError(
				`No binary field "${file.binaryPropertyName}" on the input item (media key "${file.key}")`,
				'Input Binary Field',
				present.length
					? `This item has the binary fields ${present.map((name) => `"${name}"`).join(', ')}: enter one of them`
					: 'This item has no binary data: put a node that loads the file (e.g. Read/Write Files from Disk or HTTP Request) before this one',
			);
		}
		const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, file.binaryPropertyName);
		if (data.length === 0) {
			throw new OzInputError(
				`Binary field "${file.binaryPropertyName}" is an empty file (media key "${file.key}")`,
				'Input Binary Field',
				'Check the node that produced the file: Oz cannot analyse an empty file',
			);
		}
		const fileName = binary.fileName || `${file.key}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
		parts.push({ key: file.key, fileName, mimeType: mediaMimeType(binary.mimeType, fileName, file), data });
	}
	return parts;
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

/**
 * One part per media file, named by its media key, then the JSON part `payload`.
 * The built-in FormData writes the boundary and escapes names, so no Content-Type is set here.
 */
export function buildSingleRequestBody(parts: MediaPart[], payload: Partial<OzPayload>): FormData {
	const form = new FormData();
	for (const part of parts) {
		form.append(part.key, new Blob([part.data], { type: part.mimeType }), part.fileName);
	}
	form.append('payload', JSON.stringify(payload));
	return form;
}
