import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { HostQuirks } from '../types';

/*
 * Page "Best Shot": the best frame of a liveness video, linked at results_media → output_images
 * → original_url. GUESS(best-shot): what the link serves, and whether it needs the token, no
 * page says: here it is a small JPEG (samples/best-shot.jpg, the drawn face) on the Oz host, behind the token.
 */

let jpeg: Buffer | undefined;

export function bestShotJpeg(): Buffer {
	jpeg ??= readFileSync(join(__dirname, '..', '..', 'samples', 'best-shot.jpg'));
	return jpeg;
}

/** The best shot's URL: on the Oz host, or with the `bestShotHost` quirk on another origin (a CDN). */
export function bestShotUrl(baseUrl: string, quirks: HostQuirks, mediaId: string): string {
	const url = new URL(`${baseUrl}/static/best_shot/${mediaId}.jpg`);
	if (quirks.bestShotHost) url.hostname = quirks.bestShotHost;
	return url.toString();
}
