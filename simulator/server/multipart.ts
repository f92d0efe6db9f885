import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';

import { OzError, OzErrorCode } from '../oz/ozError';

export interface ReceivedFile {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export interface ReceivedForm {
	files: ReceivedFile[];
	fields: Record<string, string>;
}

/** Parses a multipart body with busboy, keeping every file's bytes. */
export function parseMultipart(request: IncomingMessage, rawBody: Buffer): Promise<ReceivedForm> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: request.headers, limits: { fieldSize: 16 * 1024 * 1024 } });
		} catch (error) {
			reject(
				new OzError(
					400,
					OzErrorCode.INVALID_STRUCTURE,
					`Multipart body expected: ${(error as Error).message}`,
				),
			);
			return;
		}
		const form: ReceivedForm = { files: [], fields: {} };
		parser.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () =>
				form.files.push({
					field,
					fileName: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		parser.on('field', (field, value) => {
			form.fields[field] = value;
		});
		parser.on('error', (error: Error) =>
			reject(
				new OzError(
					400,
					OzErrorCode.INVALID_STRUCTURE,
					`Malformed multipart body: ${error.message}`,
				),
			),
		);
		parser.on('close', () => resolve(form));
		parser.end(rawBody);
	});
}
