/** What the queue-mode suite sends to n8n's production webhooks. */
import { buildContainer } from '../../simulator';
import type { QueueCluster } from './cluster';

export interface Answer {
	caseId: string;
	status: number;
	body: unknown;
	/** Epoch ms when the call was sent, and how long its answer took. */
	sentAt: number;
	ms: number;
}

/** Anything with production webhooks: a queue-mode main or a regular n8n. */
type Webhooks = Pick<QueueCluster, 'webhookUrl'>;

/** One applicant's call: a multipart upload of the selfie video with its case id. */
export async function callAnalyze(
	cluster: Webhooks,
	path: string,
	caseId: string,
	video: Buffer,
	headers: Record<string, string> = {},
): Promise<Answer> {
	const form = new FormData();
	form.append('caseId', caseId);
	form.append('video', new Blob([new Uint8Array(video)], { type: 'video/mp4' }), `${caseId}.mp4`);
	const started = Date.now();
	const response = await fetch(cluster.webhookUrl(path), { method: 'POST', body: form, headers });
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// An error page stays text.
	}
	return { caseId, status: response.status, body, sentAt: started, ms: Date.now() - started };
}

/** Runs the workflow over a folder of videos under the cluster's work folder; answers its items. */
export async function callFiles(
	cluster: Webhooks,
	path: string,
	body: { folder: string; parallel?: number },
): Promise<{ status: number; items: Array<Record<string, unknown>> }> {
	const response = await fetch(cluster.webhookUrl(path), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const answer = (await response.json()) as unknown;
	const items = Array.isArray(answer) ? answer : [answer];
	return { status: response.status, items: items as Array<Record<string, unknown>> };
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Example 5's webhooks, as a page with Oz's Web SDK calls them. */
export const SDK_BACKEND = { session: 'oz/session-token', capture: 'oz/capture' } as const;

/** What the page gets before a capture: the session token, and nothing else. */
export async function fetchSessionToken(
	webhooks: Webhooks,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Headers }> {
	const response = await fetch(webhooks.webhookUrl(SDK_BACKEND.session), { headers });
	const text = await response.text();
	return {
		status: response.status,
		body: JSON.parse(text) as Record<string, unknown>,
		text,
		headers: response.headers,
	};
}

/** The page posts the SDK's container as the whole body, its transaction_id in a header. */
export async function postContainer(
	webhooks: Webhooks,
	caseId: string,
	container: Buffer,
	/** null: no header, as a page that forgot it. */
	transactionId: string | null = caseId,
): Promise<Answer & { text: string }> {
	const started = Date.now();
	const response = await fetch(webhooks.webhookUrl(SDK_BACKEND.capture), {
		method: 'POST',
		headers: {
			'Content-Type': 'application/octet-stream',
			...(transactionId === null ? {} : { 'X-Transaction-Id': transactionId }),
		},
		body: new Uint8Array(container),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// An error page stays text.
	}
	return { caseId, status: response.status, body, text, sentAt: started, ms: Date.now() - started };
}

/**
 * One page's capture: a new session token from the backend, the stand-in container the SDK
 * would make with it (the video, `transaction_id` in its meta), posted to the backend.
 */
export async function callCapture(
	webhooks: Webhooks,
	caseId: string,
	video: Buffer,
): Promise<Answer & { text: string; container: Buffer; sessionToken: string }> {
	const token = await fetchSessionToken(webhooks);
	if (token.status !== 200 || typeof token.body.session_token !== 'string')
		throw new Error(`no session token for ${caseId}: HTTP ${token.status} ${token.text}`);
	const sessionToken = token.body.session_token;
	const container = buildContainer({
		sessionToken,
		files: [{ key: 'video1', data: video, fileName: 'selfie.mp4' }],
		folderMetadata: { transaction_id: caseId },
	});
	return { ...(await postContainer(webhooks, caseId, container)), container, sessionToken };
}
