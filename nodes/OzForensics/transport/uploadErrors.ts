import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** A file of an upload, for errors about size and count. */
export interface UploadFile {
	fileName: string;
	size: number;
}

const MIB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MIB).toFixed(1)} MB`;

/** Oz's defaults (Administrator Guide, "Oz API Configuration"). */
const ATTACHMENT_MAX_BYTES = 10 * MIB;
const ATTACHMENT_MAX_COUNT = 10;
/** nginx's client_max_body_size in Oz's install guide (docs/oz-facts.md#limits). */
const GATEWAY_MAX_BYTES = 50 * MIB;

/**
 * An upload the host refused as too large: nginx's HTML 413, Oz's code 14 (lamb's "request body
 * too big"), or a connection the host closed mid-upload when the body was over Oz's limits.
 */
export function tooLargeError(
	node: INode,
	uploads: UploadFile[],
	how: { status?: number; closed?: boolean },
	itemIndex: number,
): NodeApiError {
	const largest = uploads.reduce((a, b) => (b.size > a.size ? b : a), uploads[0]);
	const total = uploads.reduce((sum, file) => sum + file.size, 0);
	const message = how.closed
		? 'The Oz host closed the connection while the upload was still being sent, as it does for a body over its size limit'
		: `The Oz host refused the upload as too large (HTTP ${how.status})`;
	const error = new NodeApiError(
		node,
		{ httpCode: how.status ?? null, uploadBytes: total },
		{
			message,
			description: `"${largest.fileName}" is ${mb(largest.size)}, the whole request ${mb(total)}. Oz takes at most ${ATTACHMENT_MAX_BYTES / MIB} MB per media file by default (OZ_ATTACHMENT_MAX_SIZE), and nginx in front of Oz limits the whole request (client_max_body_size, ${GATEWAY_MAX_BYTES / MIB}M in Oz's install guide): send a shorter video or a smaller photo, or ask your Oz administrator to raise the limits`,
			...(how.status ? { httpCode: String(how.status) } : {}),
			itemIndex,
		},
	);
	return error;
}

/** Whether an upload is over Oz's documented default limits (per file, where files are media). */
export function overDefaultLimits(uploads: UploadFile[], perFile = true): boolean {
	const total = uploads.reduce((sum, file) => sum + file.size, 0);
	return (
		(perFile && uploads.some((file) => file.size > ATTACHMENT_MAX_BYTES)) ||
		total > GATEWAY_MAX_BYTES
	);
}

/**
 * Advice added to a refusal of an upload with more media than Oz takes by default.
 * GUESS(media-count): no page gives the code of that refusal, so any 4xx of such an upload gets it.
 */
export function mediaCountHint(uploads: UploadFile[]): string | undefined {
	return uploads.length > ATTACHMENT_MAX_COUNT
		? `This request has ${uploads.length} media files; Oz takes at most ${ATTACHMENT_MAX_COUNT} per folder by default (OZ_ATTACHMENT_MAX_COUNT): split them over several requests, or ask your Oz administrator to raise the limit`
		: undefined;
}
