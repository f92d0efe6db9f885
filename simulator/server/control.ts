import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Sessions } from '../oz/auth';
import type { Store } from '../store';
import type { Json, ReceivedRequest } from '../types';
import type { SimulatorSettings } from './settings';
import { applySettings, defaultSettings } from './settings';
import { sendJson } from './http';

/** What the control endpoint reports of a request: bytes summarised, so it travels as JSON. */
function describeRequest(request: ReceivedRequest): Json {
	return {
		at: request.at,
		method: request.method,
		path: request.path,
		query: request.query,
		headers: request.headers,
		bodyBytes: request.rawBody.length,
		fields: request.fields,
		files: request.files.map((file) => ({
			field: file.field,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.data.length,
			base64: file.data.toString('base64'),
		})),
		...(request.container ? { container: request.container } : {}),
	};
}

/** `/_sim/…`: what the simulator received, reset, settings, session expiry. */
export function control(
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	body: Buffer,
	state: { store: Store; sessions: Sessions; settings: SimulatorSettings },
): void {
	const { store, sessions, settings } = state;
	if (url.pathname === '/_sim/requests' && request.method === 'GET')
		return sendJson(response, 200, store.requests.map(describeRequest));
	if (url.pathname === '/_sim/reset' && request.method === 'POST') {
		store.reset();
		sessions.reset();
		Object.assign(settings, defaultSettings());
		return sendJson(response, 200, { reset: true });
	}
	if (url.pathname === '/_sim/settings' && request.method === 'POST') {
		applySettings(
			settings,
			JSON.parse(body.toString('utf8') || '{}') as Partial<SimulatorSettings>,
		);
		return sendJson(response, 200, settings);
	}
	if (url.pathname === '/_sim/expire-sessions' && request.method === 'POST') {
		sessions.expireAll();
		return sendJson(response, 200, { expired: true });
	}
	sendJson(response, 404, { error: 'unknown control endpoint' });
}
