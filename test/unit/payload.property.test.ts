import fc from 'fast-check';

import { buildPayloadFromFields } from '../../nodes/OzForensics/payload/fromFields';
import {
	analysisRows,
	expectedParams,
	expectedTags,
	jsonObject,
	mediaRows,
} from '../support/arbitraries';

/** Reads own keys only: "constructor" must not find Object's. */
const own = (record: Record<string, unknown> | undefined, key: string) =>
	record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

describe('the payload builder, on random input', () => {
	it('parses back to exactly what the user entered, and gives every file a key and tags', () => {
		fc.assert(
			fc.property(
				mediaRows,
				analysisRows,
				fc.option(jsonObject, { nil: undefined }),
				(media, analyses, folderMeta) => {
					const { payload, files } = buildPayloadFromFields({
						media,
						analyses,
						folderMetadata: folderMeta === undefined ? '' : JSON.stringify(folderMeta),
					});
					const sent = JSON.parse(JSON.stringify(payload));
					expect(sent).toEqual(payload);

					const keys = media.map((row) => row.mediaKey ?? row.binaryPropertyName);
					expect(files).toEqual(
						media.map((row, i) => ({ key: keys[i], binaryPropertyName: row.binaryPropertyName })),
					);
					// A map: order is not kept for integer-like keys ("0" sorts first), and Oz does not need it.
					expect(Object.keys(sent['media:tags']).sort()).toEqual([...keys].sort());
					media.forEach((row, i) => {
						expect(own(sent['media:tags'], keys[i])).toEqual(expectedTags(row));
						const meta = row.meta && Object.keys(row.meta).length ? row.meta : undefined;
						expect(own(sent['media:meta_data'], keys[i])).toEqual(meta);
					});
					expect(sent.analyses).toEqual(
						analyses.map((row) => {
							const expected: Record<string, unknown> = { type: row.type };
							// Page "Collection (1:N) Check": beside "type", not in params.
							if (row.collectionId) expected.collection_id = row.collectionId;
							const params = expectedParams(row);
							if (params) expected.params = params;
							if (row.meta && Object.keys(row.meta).length) expected.meta_data = row.meta;
							return expected;
						}),
					);
					expect(sent['folder:meta_data']).toEqual(
						folderMeta && Object.keys(folderMeta).length ? folderMeta : undefined,
					);
				},
			),
			{ numRuns: 300 },
		);
	});
});
