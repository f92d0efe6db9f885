import { createHash } from 'node:crypto';

/**
 * Deterministic "analysis": every score comes from a hash of the file bytes, so the
 * same file always gets the same result and tests can compute what to expect.
 */
function hashScore(...parts: Buffer[]): number {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return Math.round((hash.digest().readUInt32BE(0) / 0x1_0000_0000) * 10_000) / 10_000;
}

export const LIVENESS_THRESHOLD = 0.5;
export const BIOMETRY_THRESHOLD = 0.85;

/** Chance that the face in the file is not a live person. */
export function livenessScore(data: Buffer): number {
	return hashScore(data);
}

/** Similarity of the faces of two files: the same bytes are the same face. */
export function similarity(a: Buffer, b: Buffer): number {
	if (a.equals(b)) return 1;
	const [first, second] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
	// Spread over 0.5 to 0.99 so both outcomes occur around the 0.85 threshold.
	return Math.round((0.5 + 0.49 * hashScore(first, Buffer.from('|'), second)) * 10_000) / 10_000;
}
