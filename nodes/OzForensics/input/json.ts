import type { IDataObject } from 'n8n-workflow';

import { OzInputError } from './inputError';

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Our own bound: Oz documents none, and metadata is meant for IDs and short facts. */
const MAX_JSON_FIELD_BYTES = 64 * 1024;

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return `a ${typeof value}`;
}

/**
 * Reads a JSON-object field. n8n hands JSON parameters over as text, or as an object
 * when an expression produced one; empty text means "not set".
 */
export function parseJsonObject(
	value: unknown,
	field: string,
	example: string,
): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const result = tryParseJson(value);
		if ('error' in result) {
			throw new OzInputError(
				`"${field}" is not valid JSON`,
				field,
				`${result.error}. Enter a JSON object, e.g. ${example}`,
			);
		}
		parsed = result.value;
	}
	if (!isPlainObject(parsed)) {
		throw new OzInputError(
			`"${field}" must be a JSON object, not ${kindOf(parsed)}`,
			field,
			`Wrap the values in curly braces, e.g. ${example}`,
		);
	}
	const size = Buffer.byteLength(JSON.stringify(parsed));
	if (size > MAX_JSON_FIELD_BYTES) {
		throw new OzInputError(
			`"${field}" is too large (${Math.ceil(size / 1024)} KB, at most ${MAX_JSON_FIELD_BYTES / 1024} KB)`,
			field,
			'Metadata is for IDs and short facts: keep documents and images out of it, and store a reference instead',
		);
	}
	return parsed;
}

function tryParseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/**
 * A map from user-chosen keys (media keys). Without a prototype, keys such as "constructor"
 * or "__proto__" are plain keys, not Object's own members.
 */
export function keyedRecord<T>(): Record<string, T> {
	return Object.create(null) as Record<string, T>;
}

/** An HTTP answer's body as JSON when it parses, else as it came (text of an HTML page, say). */
export function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const result = tryParseJson(body);
	return 'value' in result ? result.value : body;
}
