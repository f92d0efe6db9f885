import type { IncomingMessage, ServerResponse } from 'node:http';

import { OzError, OzErrorCode } from '../oz/ozError';
import type { ScriptedFault } from './faults';
import { faultKind } from './faults';

const MAX_BODY_BYTES = 512 * 1024 * 1024;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	response.end(text);
}

/** A page as a gateway or proxy in front of Oz would send it. */
export function sendHtml(response: ServerResponse, status: number): void {
	const text = `<html><head><title>${status}</title></head><body><h1>${status}</h1><hr><center>nginx</center></body></html>`;
	response.writeHead(status, { 'content-type': 'text/html' });
	response.end(text);
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new OzError(413, OzErrorCode.INVALID_VALUE, 'Request body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/** An answer a fault script asked for instead of the real one. */
export function sendFault(response: ServerResponse, fault: ScriptedFault): void {
	const status = fault.status ?? 200;
	if (fault.retryAfter !== undefined) response.setHeader('retry-after', String(fault.retryAfter));
	const kind = faultKind(fault);
	if (kind === 'oz') {
		return sendJson(response, status, {
			error_code: fault.error_code,
			error_message: fault.error_message ?? 'Injected fault',
			[fault.framework ? 'error_details' : 'details']: null,
		});
	}
	if (kind === 'truncated') {
		const text = JSON.stringify({
			folder_id: 'cut',
			analyses: [{ type: 'QUALITY', state: 'FINISHED' }],
		});
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(text.slice(0, Math.floor(text.length / 2)));
		return;
	}
	sendHtml(response, status);
}
