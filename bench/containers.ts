/**
 * OzCapsula containers for the container rows: stand-ins in the simulator's test format
 * (simulator/README.md, "OzCapsula containers"), each sealed with its own session token from
 * the simulator, as a frontend asks for one before each capture; Oz takes a token once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Answer } from '../e2e/queue/callers';
import type { Simulator } from '../simulator';
import { buildContainer } from '../simulator';

/** A fresh single-use session token (GET /api/authorize/session_token). */
async function sessionToken(simulator: Simulator, accessToken: string): Promise<string> {
	const response = await fetch(`${simulator.url}/api/authorize/session_token`, {
		headers: { 'X-Forensic-Access-Token': accessToken },
	});
	const body = (await response.json()) as { session_token?: string };
	if (!response.ok || !body.session_token)
		throw new Error(`session token: HTTP ${response.status} ${JSON.stringify(body)}`);
	return body.session_token;
}

/** One applicant's capture: their video, their case id in the SDK's meta and the file name. */
export async function capture(
	simulator: Simulator,
	accessToken: string,
	caseId: string,
	video: Buffer,
): Promise<Buffer> {
	return buildContainer({
		sessionToken: await sessionToken(simulator, accessToken),
		files: [{ key: 'video1', data: video, fileName: `${caseId}.mp4` }],
		folderMetadata: { transaction_id: caseId },
	});
}

/** Files the bench workflows read; `.bin` reads as application/octet-stream in n8n. */
export const CONTAINER_FILES = '*.bin';

/**
 * Writes `count` containers, one at a time, each with its own token and `media(index)`: fresh
 * ones for every run that sends them, since the simulator refuses a spent token.
 */
export async function writeContainers(
	folder: string,
	count: number,
	simulator: Simulator,
	accessToken: string,
	media: (index: number) => Buffer,
): Promise<void> {
	for (let i = 0; i < count; i++) {
		const caseId = `capture-${String(i).padStart(3, '0')}`;
		const container = await capture(simulator, accessToken, caseId, media(i));
		writeFileSync(join(folder, `${caseId}.bin`), container);
	}
}

/** One applicant's webhook call: the container as the raw body, the case id in a header. */
export async function callContainer(
	hooks: { webhookUrl(path: string): string },
	path: string,
	caseId: string,
	container: Buffer,
	headers: Record<string, string> = {},
): Promise<Answer> {
	const started = Date.now();
	const response = await fetch(hooks.webhookUrl(path), {
		method: 'POST',
		body: new Uint8Array(container),
		headers: { 'Content-Type': 'application/octet-stream', 'X-Case-Id': caseId, ...headers },
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// An error page stays text.
	}
	return { caseId, status: response.status, body, sentAt: started, ms: Date.now() - started };
}
