import { createHash } from 'node:crypto';

import { livenessScore, LIVENESS_THRESHOLD } from '../../simulator';

/** Deterministic stand-in bytes for a media file: the same seed gives the same file. */
export function fakeMedia(seed: string, size = 2048): Buffer {
	const chunks: Buffer[] = [];
	let block = createHash('sha256').update(seed).digest();
	while (chunks.length * block.length < size) {
		chunks.push(block);
		block = createHash('sha256').update(block).digest();
	}
	return Buffer.concat(chunks).subarray(0, size);
}

/** A file the simulator's liveness check passes (live) or declines (spoof). */
export function mediaWithLiveness(outcome: 'live' | 'spoof', prefix = 'selfie'): Buffer {
	for (let i = 0; i < 1000; i++) {
		const data = fakeMedia(`${prefix}-${i}`);
		const live = livenessScore(data) < LIVENESS_THRESHOLD;
		if (live === (outcome === 'live')) return data;
	}
	throw new Error('no such media found');
}
