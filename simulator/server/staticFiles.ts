/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped: the simulator is a Node.js server */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

import type { Store } from '../store';
import { sendHtml } from './http';

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

/**
 * What the simulator serves besides the API: sample media, the files Oz links to (originals,
 * best shots), and two stand-ins for a wrong Base URL. Answers whether it took the request.
 */
export async function serveFile(
	response: ServerResponse,
	url: URL,
	store: Store,
	samplesDir?: string,
): Promise<boolean> {
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
