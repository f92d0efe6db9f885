/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped: the simulator is a Node.js server */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

import { applyFaultConfig, defaultFaults } from './faults';
import type { FaultConfig } from './faults';
import { createFolder, listFolders } from './folders';
import { parseMultipart } from './multipart';
import { OzError, OzErrorCode } from './ozError';
import { Store } from './store';
import type { Json, ReceivedRequest } from './store';

export interface SimulatorOptions {
	host?: string;
	port?: number;
	/** Access tokens the simulator accepts. */
	tokens?: string[];
	/** A folder served under /samples/, so workflows can download media from the simulator. */
	samplesDir?: string;
}

export interface Simulator {
	url: string;
	store: Store;
	faults: FaultConfig;
	close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'sim-token';
const MIME_TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.zip': 'application/zip' };
const MAX_BODY_BYTES = 512 * 1024 * 1024;

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
	const faults = defaultFaults();
	const tokens = new Set(options.tokens ?? [DEFAULT_TOKEN]);
	let baseUrl = '';

	async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL, received: ReceivedRequest) {
		const token = request.headers['x-forensic-access-token'];
		if (token === undefined || token === '') throw new OzError(401, OzErrorCode.AUTH_NOT_PROVIDED, 'Authentication credentials were not provided');
		if (typeof token !== 'string' || !tokens.has(token)) throw new OzError(401, OzErrorCode.AUTH_INVALID, 'Invalid access token');

		const path = url.pathname.replace(/\/+$/, '');
		if (path === '/api/folders' && request.method === 'POST') {
			const contentType = request.headers['content-type'] ?? '';
			if (!contentType.startsWith('multipart/form-data')) {
				throw new OzError(400, OzErrorCode.INVALID_STRUCTURE, 'Content-Type must be multipart/form-data');
			}
			const form = await parseMultipart(request, received.rawBody);
			received.files = form.files;
			received.fields = form.fields;
			sendJson(response, 201, createFolder(form, store, baseUrl));
			return;
		}
		if (path === '/api/folders' && request.method === 'GET') {
			sendJson(response, 200, listFolders(store, received.query));
			return;
		}
		const folderMatch = /^\/api\/folders\/([^/]+)$/.exec(path);
		if (folderMatch && request.method === 'GET') {
			const folder = store.folders.get(folderMatch[1]);
			if (!folder) throw new OzError(404, OzErrorCode.NOT_EXIST, `Folder ${folderMatch[1]} does not exist`);
			sendJson(response, 200, received.query.with_analyses === 'true' ? folder.json : { ...folder.json, analyses: undefined });
			return;
		}
		if (path.startsWith('/api/folders')) throw new OzError(405, OzErrorCode.NOT_ALLOWED, `Method ${request.method} not allowed`);
		throw new OzError(404, OzErrorCode.NOT_EXIST, `No such endpoint: ${url.pathname}`);
	}

	async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer) {
		if (url.pathname === '/_sim/requests' && request.method === 'GET') {
			sendJson(response, 200, store.requests.map(describeRequest));
		} else if (url.pathname === '/_sim/reset' && request.method === 'POST') {
			store.reset();
			Object.assign(faults, defaultFaults());
			sendJson(response, 200, { reset: true });
		} else if (url.pathname === '/_sim/faults' && request.method === 'POST') {
			applyFaultConfig(faults, JSON.parse(body.toString('utf8') || '{}') as Partial<FaultConfig>);
			sendJson(response, 200, faults);
		} else {
			sendJson(response, 404, { error: 'unknown control endpoint' });
		}
	}

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const url = new URL(request.url ?? '/', 'http://simulator');
		const rawBody = await readBody(request);
		if (url.pathname.startsWith('/_sim/')) return handleControl(request, response, url, rawBody);
		if (url.pathname.startsWith('/samples/') && options.samplesDir) {
			const relative = normalize(decodeURIComponent(url.pathname.slice('/samples/'.length)));
			if (relative.startsWith('..')) return sendHtml(response, 404);
			const data = await readFile(join(options.samplesDir, relative)).catch(() => undefined);
			if (!data) return sendHtml(response, 404);
			response.writeHead(200, { 'content-type': MIME_TYPES[extname(relative)] ?? 'application/octet-stream', 'content-length': data.length });
			response.end(data);
			return;
		}
		if (url.pathname.startsWith('/static/')) {
			const file = store.staticFiles.get(url.pathname.slice('/static/'.length));
			if (!file) return sendHtml(response, 404);
			response.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.data.length });
			response.end(file.data);
			return;
		}
		const received: ReceivedRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			rawBody,
			files: [],
			fields: {},
		};
		store.requests.push(received);
		if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
		const fault = faults.failNext.shift();
		if (fault) {
			if (fault.error_code === undefined) return sendHtml(response, fault.status);
			return sendJson(response, fault.status, { error_code: fault.error_code, error_message: fault.error_message ?? 'Injected fault', details: null });
		}
		try {
			await handleApi(request, response, url, received);
		} catch (error) {
			if (error instanceof OzError) return sendJson(response, error.status, error.body());
			sendJson(response, 500, { error_code: OzErrorCode.UNKNOWN, error_message: 'Unknown server side error occurred', details: null });
		}
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			const status = error instanceof OzError ? error.status : 500;
			if (!response.headersSent) sendJson(response, status, error instanceof OzError ? error.body() : { error_code: 0, error_message: String(error), details: null });
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
	const address = server.address() as AddressInfo;
	baseUrl = `http://${address.address}:${address.port}`;
	return {
		url: baseUrl,
		store,
		faults,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
