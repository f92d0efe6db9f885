import type { INodeParameters } from 'n8n-workflow';
import fc from 'fast-check';

import { buildPayloadFromFields } from '../../nodes/OzForensics/payload/fromFields';
import { withoutMarker } from '../support/marker';
import { analysisRows, jsonObject, mediaRows } from '../support/arbitraries';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file } from '../support/workflows';
import { runWorkflow } from './harness';

const { simulator, TOKEN } = useOzSimulator('property');

describe('on random media sets, the request Oz receives is the payload the user entered', () => {
	it('one part per media key with the same bytes, name and type, and the payload part equal to the built payload', async () => {
		await fc.assert(
			fc.asyncProperty(
				mediaRows,
				analysisRows,
				fc.option(jsonObject, { nil: undefined }),
				fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 4, maxLength: 4 }),
				async (media, analyses, folderMeta, contents) => {
					simulator.store.requests.length = 0;
					// Each row reads its own binary field; files alternate between video and photo.
					const rows = media.map((row, i) => ({ ...row, binaryPropertyName: `file${i}` }));
					const binary = Object.fromEntries(
						rows.map((row, i) => [
							row.binaryPropertyName,
							file(
								Buffer.from(contents[i]),
								i % 2 ? `p${i}.jpg` : `v${i}.mp4`,
								i % 2 ? 'image/jpeg' : 'video/mp4',
							),
						]),
					);
					const folderMetadata = folderMeta === undefined ? '' : JSON.stringify(folderMeta);
					const parameters = {
						resource: 'folder',
						operation: 'analyze',
						media: {
							file: rows.map(({ binaryPropertyName, mediaKey, tags, extraTags, metadata }) => ({
								binaryPropertyName,
								mediaKey: mediaKey ?? '',
								tags,
								extraTags,
								metadata,
							})),
						},
						analyses: {
							analysis: analyses.map(({ type, collectionId, params, metadata }) => ({
								type,
								collectionId: collectionId ?? '',
								params,
								metadata,
							})),
						},
						folderMetadata,
					};
					const wf = chainWorkflow(
						[{ binary }],
						[{ name: 'Oz', parameters: JSON.parse(JSON.stringify(parameters)) as INodeParameters }],
					);
					const result = await runWorkflow(wf.nodes, wf.connections, {
						ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN },
					});
					expect(result.error).toBeUndefined();

					const expected = buildPayloadFromFields({ media: rows, analyses, folderMetadata });
					const [request] = simulator.store.requests;
					expect(withoutMarker(JSON.parse(request.fields.payload))).toEqual(
						JSON.parse(JSON.stringify(expected.payload)),
					);
					expect(request.files.map((f) => f.field)).toEqual(expected.files.map((f) => f.key));
					expected.files.forEach((ref, i) => {
						const part = request.files[i];
						expect(part.data.equals(Buffer.from(contents[i]))).toBe(true);
						expect([part.fileName, part.mimeType]).toEqual([
							binary[ref.binaryPropertyName].fileName,
							binary[ref.binaryPropertyName].mimeType,
						]);
						const tags: Record<string, string[]> = JSON.parse(request.fields.payload)['media:tags'];
						expect(
							Object.prototype.hasOwnProperty.call(tags, ref.key) && tags[ref.key].length,
						).toBeGreaterThan(0);
					});
				},
			),
			{ numRuns: 25 },
		);
	});
});
