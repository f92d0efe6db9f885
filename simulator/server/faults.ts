/** Scripted failures: what the next API requests meet instead of Oz's answer. */

/**
 * - `pass`: answer normally (to aim a fault at a later request);
 * - `oz`: answer `status` with Oz's error body (the default when `error_code` is given);
 * - `html`: answer `status` with an HTML page, as a gateway or proxy would (the default otherwise);
 * - `truncated`: answer `status` (default 200) with JSON cut off in the middle;
 * - `reset`: drop the connection while the upload is still arriving;
 * - `hang`: take the request and never answer;
 * - `afterStore`: do the work for real (the folder is stored), then answer `status` as HTML,
 *   or with no `status` drop the connection, as when a gateway gives up on a slow Oz.
 */
export type FaultKind = 'pass' | 'oz' | 'html' | 'truncated' | 'reset' | 'hang' | 'afterStore';

export interface ScriptedFault {
	kind?: FaultKind;
	status?: number;
	error_code?: number;
	error_message?: string;
	/** Seconds for a Retry-After header. */
	retryAfter?: number;
	/** Extra wait before this request is handled (with `pass`: a slow but normal answer). */
	delayMs?: number;
}

export function faultKind(fault: ScriptedFault): FaultKind {
	return fault.kind ?? (fault.error_code !== undefined ? 'oz' : 'html');
}
