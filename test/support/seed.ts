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
	if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}

/** A blacklist collection with one person, made through the simulator's own API. */
export async function seedPerson(
	simulator: Simulator,
	token: string,
): Promise<{ collectionId: string; personId: string }> {
	const headers = { 'X-Forensic-Access-Token': token };
	const created = await fetch(`${simulator.url}/api/collections/`, {
		method: 'POST',
		headers: { ...headers, 'Content-Type': 'application/json' },
		body: JSON.stringify({ alias: 'seeded', company_id: '5a1e0000-0000-4000-8000-00000000c0de' }),
	});
	const { collection_id: collectionId } = (await created.json()) as { collection_id: string };
	const form = new FormData();
	form.append(
		'image1',
		new Blob([new Uint8Array(fakeMedia('seeded person'))], { type: 'image/jpeg' }),
		'p.jpg',
	);
	form.append('payload', JSON.stringify({ 'media:tags': { image1: ['photo_selfie'] } }));
	const added = await fetch(`${simulator.url}/api/collections/${collectionId}/persons/`, {
		method: 'POST',
		body: form,
		headers,
	});
	const { person_id: personId } = (await added.json()) as { person_id: string };
	return { collectionId, personId };
}
