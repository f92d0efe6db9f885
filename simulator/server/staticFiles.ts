import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

import type { Sessions } from '../oz/auth';
import { OzError } from '../oz/ozError';
import type { Store } from '../store';
import type { SimulatorSettings } from './settings';
import { sendHtml, sendJson } from './http';

const MIME_TYPES: Record<string, string> = {
	'.mp4': 'video/mp4',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.png': 'image/png',
	'.zip': 'application/zip',
};

async function sendSample(
	response: ServerResponse,
	samplesDir: string,
	pathname: string,
): Promise<void> {
	const relative = normalize(decodeURIComponent(pathname.slice('/samples/'.length)));
	const data = relative.startsWith('..')
		? undefined
		: await readFile(join(samplesDir, relative)).catch(() => undefined);
	if (!data) return sendHtml(response, 404);
	response.writeHead(200, {
		'content-type': MIME_TYPES[extname(relative)] ?? 'application/octet-stream',
		'content-length': data.length,
	});
	response.end(data);
}

function hostName(request: IncomingMessage): string {
	return (request.headers.host ?? '').replace(/:\d+$/, '');
}

/**
 * GUESS(best-shot): files on the Oz host need the token; on the `bestShotHost` quirk's
 * host they are public, as on a CDN. `failBestShots` makes every best shot a 404.
 */
function mayDownload(
	request: IncomingMessage,
	response: ServerResponse,
	state: { sessions: Sessions; settings: SimulatorSettings },
): boolean {
	const { quirks } = state.settings;
	if (quirks.failBestShots && request.url?.startsWith('/static/best_shot/')) {
		sendHtml(response, 404);
		return false;
	}
	if (quirks.bestShotHost && hostName(request) === quirks.bestShotHost) return true;
	let refused: OzError | undefined;
	try {
		state.sessions.check(request.headers['x-forensic-access-token'], quirks.authStatus);
	} catch (error) {
		refused = error instanceof OzError ? error : new OzError(500, 0, String(error));
	}
	if (refused) sendJson(response, refused.status, refused.body());
	return refused === undefined;
}

/**
 * What the simulator serves besides the API: sample media, the files Oz links to (originals,
 * best shots), and two stand-ins for a wrong Base URL. Answers whether it took the request.
 */
export async function serveFile(
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	state: { store: Store; sessions: Sessions; settings: SimulatorSettings; samplesDir?: string },
): Promise<boolean> {
	const { store, samplesDir } = state;
	if (url.pathname.startsWith('/samples/') && samplesDir) {
		await sendSample(response, samplesDir, url.pathname);
		return true;
	}
	if (url.pathname.startsWith('/moved/')) {
		// Stands for an old Base URL (e.g. http://) that redirects to the real one.
		response.writeHead(301, {
			location: `${url.pathname.slice('/moved'.length)}${url.search}`,
			'content-type': 'text/html',
		});
		response.end('<html><body>Moved Permanently</body></html>');
		return true;
	}
	if (url.pathname.startsWith('/website/')) {
		// Stands for a Base URL that points at a web site instead of the API: 200 and a page.
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end(
			'<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>',
		);
		return true;
	}
	if (url.pathname.startsWith('/static/')) {
		store.downloads.push({ path: url.pathname, host: hostName(request), headers: request.headers });
		if (!mayDownload(request, response, state)) return true;
		const file = store.staticFiles.get(url.pathname.slice('/static/'.length));
		if (!file) sendHtml(response, 404);
		else {
			response.writeHead(200, {
				'content-type': file.mimeType,
				'content-length': file.data.length,
			});
			response.end(file.data);
		}
		return true;
	}
	return false;
}
