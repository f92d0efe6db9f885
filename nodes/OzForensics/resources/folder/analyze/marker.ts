import { createHash } from 'crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nodeRunKey } from '../../../execution/nodeRun';

/** Folder metadata key of the marker every single request carries (a digest): our own name, not Oz's. */
export const MARKER_FIELD = 'n8n_request_id';

/** Folder metadata key the Idempotency Key is kept under, readable beside the marker: our own name. */
const IDEMPOTENCY_FIELD = 'n8n_idempotency_key';

/**
 * The entry every single request writes into its folder metadata, to find that folder again:
 * a digest, so that Oz's `meta_data` filter grammar (which splits on commas and reads `==`, `<`,
 * `!` as operators: docs/oz-facts.md#metadata-filter) can never misread it, whatever the key.
 */
export interface FolderMarker {
	/** Hex digits only: what the look-up searches for. */
	digest: string;
	/** The Idempotency Key as the user gave it, kept readable beside the digest. */
	key?: string;
}

function digestOf(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

/** The marker digest of an Idempotency Key. */
export function keyDigest(key: string): string {
	return digestOf(['key', key]);
}

/**
 * With an Idempotency Key, the key names the check across executions. Without, the item of
 * this node run in this execution: the same for each of n8n's Retry On Fail tries of the run
 * (they share the run index), new for a new execution.
 */
export function markerFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	idempotencyKey: string | undefined,
): FolderMarker {
	if (idempotencyKey !== undefined)
		return { digest: keyDigest(idempotencyKey), key: idempotencyKey };
	return { digest: digestOf(['run', ...nodeRunKey(ctx), itemIndex]) };
}

/** The folder metadata entries of a marker. */
export function markerMetadata(marker: FolderMarker): IDataObject {
	return {
		[MARKER_FIELD]: marker.digest,
		...(marker.key === undefined ? {} : { [IDEMPOTENCY_FIELD]: marker.key }),
	};
}

/** Whether a folder from a list carries the marker: only an exact match counts, as a host may filter loosely. */
export function carriesMarker(folder: IDataObject, marker: FolderMarker): boolean {
	const meta = folder.meta_data;
	return (
		typeof meta === 'object' &&
		meta !== null &&
		!Array.isArray(meta) &&
		(meta as IDataObject)[MARKER_FIELD] === marker.digest
	);
}
