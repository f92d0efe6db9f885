import fc from 'fast-check';

import type { AnalysisRowInput, MediaRowInput } from '../../nodes/OzForensics/payload/types';

/** What a user can type into the fields, as fast-check arbitraries. */

// Names of Object's own members are valid keys too, and once broke duplicate detection.
const mediaKey = fc.oneof(
	{ arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/), weight: 4 },
	{
		arbitrary: fc.constantFrom('constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty'),
		weight: 1,
	},
);
const tag = fc.stringMatching(/^[a-z][a-z_]{0,23}$/);

const scalar = fc.oneof(
	fc.string({ maxLength: 12 }),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
);
const key = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== '__proto__');
export const jsonObject = fc.dictionary(
	key,
	fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(key, scalar, { maxKeys: 3 })),
	{ maxKeys: 4 },
);

export interface GeneratedMedia extends MediaRowInput {
	binaryPropertyName: string;
	tags: string[];
	extra: string[];
	meta?: Record<string, unknown>;
}

const mediaRow: fc.Arbitrary<GeneratedMedia> = fc
	.record({
		binaryPropertyName: mediaKey,
		mediaKey: fc.option(mediaKey, { nil: undefined }),
		tags: fc.array(tag, { minLength: 1, maxLength: 4 }),
		extra: fc.array(tag, { maxLength: 2 }),
		meta: fc.option(jsonObject, { nil: undefined }),
	})
	.map((row) => ({
		...row,
		extraTags: row.extra.join(', '),
		metadata: row.meta === undefined ? '' : JSON.stringify(row.meta),
	}));

/** Rows whose media keys (the key, or else the binary field name) differ. */
export const mediaRows = fc.uniqueArray(mediaRow, {
	minLength: 1,
	maxLength: 4,
	selector: (row) => row.mediaKey ?? row.binaryPropertyName,
});

export interface GeneratedAnalysis extends AnalysisRowInput {
	type: string;
	paramsObject?: Record<string, unknown>;
	meta?: Record<string, unknown>;
}

const analysisRow: fc.Arbitrary<GeneratedAnalysis> = fc
	.record({
		type: fc.constantFrom('quality', 'biometry', 'documents', 'collection'),
		paramsObject: fc.option(jsonObject, { nil: undefined }),
		meta: fc.option(jsonObject, { nil: undefined }),
		collectionId: fc.uuid(),
	})
	.map((row) => ({
		...row,
		collectionId: row.type === 'collection' ? row.collectionId : undefined,
		params: row.paramsObject === undefined ? '{}' : JSON.stringify(row.paramsObject),
		metadata: row.meta === undefined ? '{}' : JSON.stringify(row.meta),
	}));

export const analysisRows = fc.array(analysisRow, { minLength: 1, maxLength: 3 });

/** The tags a row should end up with: selected then extra, trimmed, each once. */
export function expectedTags(row: GeneratedMedia): string[] {
	return [...new Set([...row.tags, ...row.extra])];
}

export function expectedParams(row: GeneratedAnalysis): Record<string, unknown> | undefined {
	return row.paramsObject && Object.keys(row.paramsObject).length ? row.paramsObject : undefined;
}
