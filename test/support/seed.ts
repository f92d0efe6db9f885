import type { Simulator } from '../../simulator';
import { fakeMedia } from './media';

/** Creates a folder through the simulator's own single request, as another Oz client would. */
export async function seedFolder(
	simulator: Simulator,
	token: string,
	meta: Record<string, unknown>,
	analyses: Array<Record<string, unknown>> = [{ type: 'quality' }],
	media: Buffer = fakeMedia(JSON.stringify(meta)),
): Promise<Record<string, unknown>> {
	const form = new FormData();
	form.append('video1', new Blob([new Uint8Array(media)], { type: 'video/mp4' }), 'seed.mp4');
	form.append(
		'payload',
		JSON.stringify({
			'folder:meta_data': meta,
			'media:tags': { video1: ['video_selfie', 'video_selfie_blank'] },
			analyses,
		}),
	);
	const response = await fetch(`${simulator.url}/api/folders/`, {
		method: 'POST',
		body: form,
		headers: { 'X-Forensic-Access-Token': token },
	});
	if (response.status !== 201)
		throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}
