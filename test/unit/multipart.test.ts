import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { multipartBody, readMediaParts } from '../../nodes/OzForensics/payload/multipartBody';

/** Just the helpers readMediaParts uses, recording what it asks for. */
function context(binary: IBinaryData, bytes: Buffer) {
	const calls = { streams: 0, buffers: 0 };
	const ctx = {
		getInputData: () => [{ json: {}, binary: { data: binary } }],
		helpers: {
			getBinaryMetadata: async () => ({
				fileSize: bytes.length,
				fileName: binary.fileName,
				mimeType: binary.mimeType,
			}),
			getBinaryStream: async () => {
				calls.streams++;
				// Two chunks, as n8n's store hands out a file in pieces.
				return (async function* () {
					yield bytes.subarray(0, 3);
					yield bytes.subarray(3);
				})();
			},
			getBinaryDataBuffer: async () => {
				calls.buffers++;
				return bytes;
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

describe('media parts', () => {
	const bytes = Buffer.from('0123456789abcdef');

	it('a stored binary streams, opening the store anew for every attempt', async () => {
		const { ctx, calls } = context(
			{ id: 'filesystem-v2:abc', data: 'filesystem-v2', mimeType: 'video/mp4', fileName: 'v.mp4' },
			bytes,
		);
		const [part] = await readMediaParts(ctx, 0, [{ key: 'video1', binaryPropertyName: 'data' }]);
		expect(part).toMatchObject({
			key: 'video1',
			fileName: 'v.mp4',
			mimeType: 'video/mp4',
			size: 16,
			streamed: true,
		});
		for (let attempt = 1; attempt <= 2; attempt++) {
			const body = await new Response(await multipartBody([part], { analyses: [] })).text();
			expect(body).toContain('name="video1"; filename="v.mp4"');
			expect(body).toContain('\r\n\r\n0123456789abcdef\r\n');
			expect(calls.streams).toBe(attempt);
		}
		expect(calls.buffers).toBe(0);
	});

	it('an inline binary is read into memory', async () => {
		const { ctx, calls } = context(
			{ data: bytes.toString('base64'), mimeType: 'image/jpeg', fileName: 'p.jpg' },
			bytes,
		);
		const [part] = await readMediaParts(ctx, 0, [{ key: 'photo1', binaryPropertyName: 'data' }]);
		expect(part).toMatchObject({ size: 16, streamed: false });
		const body = await new Response(await multipartBody([part], {})).text();
		expect(body).toContain('0123456789abcdef');
		expect(calls).toEqual({ streams: 0, buffers: 1 });
	});
});
