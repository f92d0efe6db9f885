import type { IncomingMessage } from 'node:http';

import type { ReceivedRequest } from '../types';
import { parseMultipart } from './multipart';
import { OzError, OzErrorCode } from '../oz/ozError';

/** A JSON body, or Oz's code 3 for one that is not JSON. */
export function jsonBody(received: ReceivedRequest): unknown {
	let parsed: { value: unknown } | undefined;
	try {
		parsed = { value: JSON.parse(received.rawBody.toString('utf8') || 'null') };
	} catch {
		parsed = undefined;
	}
	if (!parsed) throw new OzError(400, OzErrorCode.INVALID_STRUCTURE, 'Body is not valid JSON');
	return parsed.value;
}

/** A multipart body (kept on the received request for the tests), or Oz's code 3. */
export async function multipartBody(request: IncomingMessage, received: ReceivedRequest) {
	if (!(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
		throw new OzError(
			400,
			OzErrorCode.INVALID_STRUCTURE,
			'Content-Type must be multipart/form-data',
		);
	}
	const form = await parseMultipart(request, received.rawBody);
	received.files = form.files;
	received.fields = form.fields;
	return form;
}
