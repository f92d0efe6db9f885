/** What the queue-mode suite sends to n8n's production webhooks. */
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
