import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { matchingPersons } from '../blacklist/collections';
import { needsAccessToken } from '../container/requests';
import { Sessions } from '../oz/auth';
import type { SimUser } from '../oz/auth';
import type { FolderContext } from '../oz/folders';
import { finishAnalyses } from '../oz/folders';
import { OzError, OzErrorCode } from '../oz/ozError';
import { routeApi } from '../oz/routes';
import { Store } from '../store';
import type { DrawnFault, ReceivedRequest } from '../types';
import type { CapacityModel } from './capacity';
import { enterCapacity, isSingleRequest } from './capacity';
import { control } from './control';
import type { ScriptedFault } from './faults';
import { FaultDraw, faultKind } from './faults';
import type { SimulatorSettings } from './settings';
import { defaultSettings } from './settings';
import { readBody, sendFault, sendHtml, sendJson } from './http';
import { serveFile } from './staticFiles';

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
const DEFAULT_USER: SimUser = { email: 'operator@example.com', password: 'sim-password' };

/** Everything one running simulator holds. */
interface State {
	store: Store;
	settings: SimulatorSettings;
	sessions: Sessions;
	ctx: FolderContext;
	capacity: CapacityModel;
	/** The draw of `faultRates`, made anew when the rates are set. */
	faults?: FaultDraw;
	samplesDir?: string;
}

function newReceivedRequest(request: IncomingMessage, url: URL): ReceivedRequest {
	return {
		at: Date.now(),
		method: request.method ?? 'GET',
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		params: url.searchParams,
		headers: request.headers,
		rawBody: Buffer.alloc(0),
		files: [],
		fields: {},
	};
}

/** Oz's own answer to a request (an OzError thrown on the way becomes Oz's error body). */
async function answerApi(
	state: State,
	request: IncomingMessage,
	received: ReceivedRequest,
): Promise<{ status: number; body: unknown }> {
	try {
		return await routeApi(request, received, state.ctx, state.sessions, state.settings.containers);
	} catch (error) {
		return error instanceof OzError
			? { status: error.status, body: error.body(state.settings.quirks.framework) }
			: {
					status: 500,
					body: {
						error_code: OzErrorCode.UNKNOWN,
						error_message: 'Unknown server side error occurred',
						details: null,
					},
				};
	}
}

/** One API request: recorded, then faulted, delayed, queued for capacity or answered as Oz would (see answerOrFault). */
async function handleApi(
	state: State,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	next: ScriptedFault | undefined,
	drawn?: DrawnFault,
): Promise<void> {
	const received = newReceivedRequest(request, url);
	if (drawn) received.drawnFault = drawn;
	state.store.requests.push(received);
	response.once('finish', () => (received.doneAt = Date.now()));
	try {
		await answerOrFault(state, request, response, received, next);
	} finally {
		received.workDoneAt = Date.now();
	}
}

async function answerOrFault(
	state: State,
	request: IncomingMessage,
	response: ServerResponse,
	received: ReceivedRequest,
	next: ScriptedFault | undefined,
): Promise<void> {
	const { settings } = state;
	const fault = next && faultKind(next) !== 'pass' ? next : undefined;
	if (fault && faultKind(fault) === 'reset') {
		// Drop the connection once the upload has started arriving.
		request.once('data', () => request.socket.destroy());
		request.once('end', () => request.socket.destroy());
		return;
	}
	if (answeredEarly(state, request, response, received)) return;
	received.rawBody = await readBody(request);
	const delayMs = settings.latencyMs + (next?.delayMs ?? 0);
	if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
	if (fault && faultKind(fault) === 'hang') return;
	if (fault && faultKind(fault) !== 'afterStore') return sendFault(response, fault);
	Object.assign(state.ctx, { processingMs: settings.processingMs, quirks: settings.quirks });
	// New capacity settings start a new model: a fresh queue and request count.
	if (state.capacity.settings !== settings.capacity)
		state.capacity = { settings: settings.capacity, taken: 0 };
	const ticket = enterCapacity(
		state.capacity,
		request,
		response,
		received,
		settings.quirks.framework,
	);
	if (ticket === 'refused') return;
	// A host without the optional blacklist module routes nothing there (Administrator Guide,
	// "Oz API Configuration").
	if (settings.quirks.noBlacklist && received.path.startsWith('/api/collections'))
		return sendHtml(response, 404);
	// As a real host: the single request's folder is stored on arrival, its analyses PROCESSING.
	received.deferAnalyses = ticket !== undefined;
	let answer = await answerApi(state, request, received);
	// The framework's default answer to a create is 200 where Oz's pages show 201 (lamb-core,
	// lamb/json/response.py).
	if (settings.quirks.framework && answer.status === 201) answer = { ...answer, status: 200 };
	const folderId = (answer.body as { folder_id?: unknown } | null)?.folder_id;
	if (ticket && answer.status < 300) {
		await ticket.run();
		if (typeof folderId === 'string' && state.store.folders.has(folderId))
			answer = { status: answer.status, body: finishAnalyses(state.ctx, folderId) };
	}
	ticket?.done();
	if (ticket?.gatewayGaveUp()) return;
	if (fault) {
		// The work is done and stored; the client never hears of it (and its session may run out meanwhile).
		if (fault.expireSessions) state.sessions.expireAll();
		if (fault.status === undefined) request.socket.destroy();
		else sendHtml(response, fault.status);
		return;
	}
	sendJson(response, answer.status, answer.body);
	if (answer.status >= 400 || received.path.startsWith('/api/authorize')) return;
	if (settings.expireSessionsAfter > 0 && --settings.expireSessionsAfter === 0)
		state.sessions.expireAll();
	if (settings.expireSessionsEvery > 0) state.sessions.countAnswer(settings.expireSessionsEvery);
}

/** With `faultRates` set, the drawn fault of a single request, if it gets one. */
function drawnFault(
	state: State,
	request: IncomingMessage,
	url: URL,
): ReturnType<FaultDraw['draw']> {
	const rates = state.settings.faultRates;
	if (!rates || !isSingleRequest(request.method, url.pathname)) return undefined;
	if (state.faults?.rates !== rates) state.faults = new FaultDraw(rates);
	return state.faults.draw();
}

/**
 * With the `earlyAnswers` quirk: an auth failure or a body over `bodyLimitBytes` is answered
 * from the headers alone, the body left unread and the connection closed, as nginx does.
 */
function answeredEarly(
	state: State,
	request: IncomingMessage,
	response: ServerResponse,
	received: ReceivedRequest,
): boolean {
	const { quirks } = state.settings;
	if (!quirks.earlyAnswers && quirks.bodyLimitBytes === undefined) return false;
	const length = Number(request.headers['content-length'] ?? 0);
	const close = () => response.once('finish', () => request.socket.destroy());
	if (quirks.bodyLimitBytes !== undefined && length > quirks.bodyLimitBytes) {
		close();
		sendHtml(response, 413);
		return true;
	}
	if (
		!quirks.earlyAnswers ||
		received.path.replace(/\/+$/, '') === '/api/authorize/auth' ||
		!needsAccessToken(request, received, quirks)
	)
		return false;
	const refusal = authRefusal(state, request);
	if (!refusal) return false;
	close();
	response.setHeader('connection', 'close');
	sendJson(response, refusal.status, refusal.body(quirks.framework));
	return true;
}

/** Oz's error for the request's token, if it is refused. */
function authRefusal(state: State, request: IncomingMessage): OzError | undefined {
	try {
		state.sessions.check(
			request.headers['x-forensic-access-token'],
			state.settings.quirks.authStatus,
		);
		return undefined;
	} catch (error) {
		return error instanceof OzError ? error : new OzError(500, OzErrorCode.UNKNOWN, String(error));
	}
}

async function handle(
	state: State,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const url = new URL(request.url ?? '/', 'http://simulator');
	if (url.pathname.startsWith('/_sim/'))
		return control(request, response, url, await readBody(request), state);
	if (await serveFile(request, response, url, state)) return;
	const { store } = state;
	store.maxInFlight = Math.max(store.maxInFlight, ++store.inFlight);
	try {
		// A scripted fault goes first; a drawn one only when none is scripted.
		const scripted = state.settings.failNext.shift();
		const drawn = scripted ? undefined : drawnFault(state, request, url);
		await handleApi(state, request, response, url, scripted ?? drawn?.fault, drawn?.name);
	} finally {
		// Counts the work, not the connection: after a gateway 504 the work goes on.
		store.inFlight--;
	}
}

/** Starts a simulator on loopback (a free port unless one is given). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const settings = defaultSettings();
	const state: State = {
		store: new Store(),
		settings,
		sessions: new Sessions(
			new Set(options.tokens ?? [DEFAULT_TOKEN]),
			options.users ?? [DEFAULT_USER],
		),
		ctx: {
			store: new Store(),
			baseUrl: '',
			processingMs: 0,
			quirks: settings.quirks,
			matchPersons: () => [],
		},
		capacity: { settings: null, taken: 0 },
		samplesDir: options.samplesDir,
	};
	state.ctx.store = state.store;
	state.ctx.matchPersons = (collectionId, data) =>
		matchingPersons(state.ctx, collectionId, data).map((person) => String(person.json.person_id));
	const server: Server = createServer((request, response) => {
		handle(state, request, response).catch((error: unknown) => {
			if (response.headersSent) return;
			const status = error instanceof OzError ? error.status : 500;
			sendJson(
				response,
				status,
				error instanceof OzError
					? error.body()
					: { error_code: 0, error_message: String(error), details: null },
			);
		});
	});
	await new Promise<void>((resolve) =>
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
	);
	const address = server.address() as AddressInfo;
	state.ctx.baseUrl = `http://${address.address}:${address.port}`;
	return {
		url: state.ctx.baseUrl,
		store: state.store,
		settings,
		sessions: state.sessions,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
