/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped: the simulator is a Node.js server */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

import { Sessions } from './auth';
import type { SimUser } from './auth';
import { SlotQueue } from './capacity';
import { applySettings, defaultSettings, faultKind } from './faults';
import { parseMultipart } from './multipart';
import type { ScriptedFault, SimulatorSettings } from './faults';
import type { FolderContext } from './folders';
import { OzError, OzErrorCode } from './ozError';
import { routeApi } from './routes';
import { Store } from './store';
import type { Json, ReceivedRequest } from './store';

export interface SimulatorOptions {
	host?: string;
	port?: number;
	/** Service access tokens the simulator accepts; they never expire. */
	tokens?: string[];
	/** Users who may log in with POST /api/authorize/auth. */
	users?: SimUser[];
	/** A folder served under /samples/, so workflows can download media from the simulator. */
	samplesDir?: string;
}

export interface Simulator {
	url: string;
	store: Store;
	settings: SimulatorSettings;
	sessions: Sessions;
	close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'sim-token';
export const DEFAULT_USER: SimUser = { email: 'operator@example.com', password: 'sim-password' };
const MAX_BODY_BYTES = 512 * 1024 * 1024;
const MIME_TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.zip': 'application/zip' };

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

function sendHtml(response: ServerResponse, status: number): void {
	const text = `<html><head><title>${status}</title></head><body><h1>${status}</h1><hr><center>nginx</center></body></html>`;
	response.writeHead(status, { 'content-type': 'text/html' });
	response.end(text);
}

/** How many analyses a single request asks for (1 when its payload cannot be read). */
async function countAnalyses(request: IncomingMessage, rawBody: Buffer): Promise<number> {
	try {
		const form = await parseMultipart(request, rawBody);
		const analyses = (JSON.parse(form.fields.payload ?? '{}') as { analyses?: unknown }).analyses;
		return Array.isArray(analyses) ? Math.max(1, analyses.length) : 1;
	} catch {
		return 1;
	}
}

function readBody(request: IncomingMessage): Promise<Buffer> {
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
	};
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const store = new Store();
	const settings = defaultSettings();
	const sessions = new Sessions(new Set(options.tokens ?? [DEFAULT_TOKEN]), options.users ?? [DEFAULT_USER]);
	const ctx: FolderContext = { store, baseUrl: '', processingMs: 0, quirks: settings.quirks };

	async function serveFile(response: ServerResponse, url: URL): Promise<boolean> {
		if (url.pathname.startsWith('/samples/') && options.samplesDir) {
			const relative = normalize(decodeURIComponent(url.pathname.slice('/samples/'.length)));
			const data = relative.startsWith('..') ? undefined : await readFile(join(options.samplesDir, relative)).catch(() => undefined);
			if (!data) sendHtml(response, 404);
			else {
				response.writeHead(200, { 'content-type': MIME_TYPES[extname(relative)] ?? 'application/octet-stream', 'content-length': data.length });
				response.end(data);
			}
			return true;
		}
		if (url.pathname.startsWith('/moved/')) {
			// Stands for an old Base URL (e.g. http://) that redirects to the real one.
			response.writeHead(301, { location: `${url.pathname.slice('/moved'.length)}${url.search}`, 'content-type': 'text/html' });
			response.end('<html><body>Moved Permanently</body></html>');
			return true;
		}
		if (url.pathname.startsWith('/website/')) {
			// Stands for a Base URL that points at a web site instead of the API: 200 and a page.
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>');
			return true;
		}
		if (url.pathname.startsWith('/static/')) {
			const file = store.staticFiles.get(url.pathname.slice('/static/'.length));
			if (!file) sendHtml(response, 404);
			else {
				response.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.data.length });
				response.end(file.data);
			}
			return true;
		}
		return false;
	}

	function control(request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer) {
		if (url.pathname === '/_sim/requests' && request.method === 'GET') return sendJson(response, 200, store.requests.map(describeRequest));
		if (url.pathname === '/_sim/reset' && request.method === 'POST') {
			store.reset();
			sessions.reset();
			Object.assign(settings, defaultSettings());
			return sendJson(response, 200, { reset: true });
		}
		if (url.pathname === '/_sim/settings' && request.method === 'POST') {
			applySettings(settings, JSON.parse(body.toString('utf8') || '{}') as Partial<SimulatorSettings>);
			return sendJson(response, 200, settings);
		}
		if (url.pathname === '/_sim/expire-sessions' && request.method === 'POST') {
			sessions.expireAll();
			return sendJson(response, 200, { expired: true });
		}
		sendJson(response, 404, { error: 'unknown control endpoint' });
	}

	let queue: SlotQueue | undefined;

	/**
	 * With the capacity model on, a single request waits for a slot and its analyses' time
	 * before it is handled; a gateway timeout answers 504 meanwhile, and the work goes on.
	 */
	async function waitForCapacity(request: IncomingMessage, response: ServerResponse, received: ReceivedRequest): Promise<() => boolean> {
		const capacity = settings.capacity;
		const path = received.path.replace(/\/+$/, '');
		if (!capacity || request.method !== 'POST' || (path !== '/api/folders' && path !== '/api/instant/folders')) return () => false;
		if (queue?.slots !== capacity.slots) queue = new SlotQueue(capacity.slots);
		const analyses = countAnalyses(request, received.rawBody);
		let gaveUp = false;
		const gateway = capacity.gatewayTimeoutMs
			? setTimeout(() => {
					gaveUp = true;
					sendHtml(response, 504);
				}, capacity.gatewayTimeoutMs)
			: undefined;
		await queue.run(await analyses, capacity.msPerAnalysis);
		clearTimeout(gateway);
		return () => gaveUp;
	}

	function sendFault(response: ServerResponse, fault: ScriptedFault): void {
		const status = fault.status ?? 200;
		if (fault.retryAfter !== undefined) response.setHeader('retry-after', String(fault.retryAfter));
		const kind = faultKind(fault);
		if (kind === 'oz') {
			return sendJson(response, status, { error_code: fault.error_code, error_message: fault.error_message ?? 'Injected fault', details: null });
		}
		if (kind === 'truncated') {
			const text = JSON.stringify({ folder_id: 'cut', analyses: [{ type: 'QUALITY', state: 'FINISHED' }] });
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(text.slice(0, Math.floor(text.length / 2)));
			return;
		}
		sendHtml(response, status);
	}

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const url = new URL(request.url ?? '/', 'http://simulator');
		if (url.pathname.startsWith('/_sim/')) return control(request, response, url, await readBody(request));
		if (await serveFile(response, url)) return;

		const next = settings.failNext.shift();
		const fault = next && faultKind(next) !== 'pass' ? next : undefined;
		store.maxInFlight = Math.max(store.maxInFlight, ++store.inFlight);
		try {
			await handleApi(request, response, url, fault, next);
		} finally {
			// Counts the work, not the connection: after a gateway 504 the work goes on.
			store.inFlight--;
		}
	}

	async function handleApi(
		request: IncomingMessage,
		response: ServerResponse,
		url: URL,
		fault: ScriptedFault | undefined,
		next: ScriptedFault | undefined,
	) {
		const received: ReceivedRequest = {
			at: Date.now(),
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			rawBody: Buffer.alloc(0),
			files: [],
			fields: {},
		};
		store.requests.push(received);
		if (fault && faultKind(fault) === 'reset') {
			// Drop the connection once the upload has started arriving.
			request.once('data', () => request.socket.destroy());
			request.once('end', () => request.socket.destroy());
			return;
		}
		received.rawBody = await readBody(request);
		const delayMs = settings.latencyMs + (next?.delayMs ?? 0);
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
		if (fault && faultKind(fault) === 'hang') return;
		if (fault && faultKind(fault) !== 'afterStore') return sendFault(response, fault);
		ctx.processingMs = settings.processingMs;
		ctx.quirks = settings.quirks;
		const gatewayGaveUp = await waitForCapacity(request, response, received);
		let answer: { status: number; body: unknown };
		try {
			answer = await routeApi(request, received, ctx, sessions);
		} catch (error) {
			answer = error instanceof OzError
				? { status: error.status, body: error.body() }
				: { status: 500, body: { error_code: OzErrorCode.UNKNOWN, error_message: 'Unknown server side error occurred', details: null } };
		}
		if (gatewayGaveUp()) return;
		if (fault) {
			// The work is done and stored; the client never hears of it.
			if (fault.status === undefined) return request.socket.destroy();
			return sendHtml(response, fault.status);
		}
		sendJson(response, answer.status, answer.body);
		if (answer.status < 400 && settings.expireSessionsAfter > 0 && !received.path.startsWith('/api/authorize') && --settings.expireSessionsAfter === 0) {
			sessions.expireAll();
		}
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (response.headersSent) return;
			const status = error instanceof OzError ? error.status : 500;
			sendJson(response, status, error instanceof OzError ? error.body() : { error_code: 0, error_message: String(error), details: null });
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
	const address = server.address() as AddressInfo;
	ctx.baseUrl = `http://${address.address}:${address.port}`;
	return {
		url: ctx.baseUrl,
		store,
		settings,
		sessions,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
