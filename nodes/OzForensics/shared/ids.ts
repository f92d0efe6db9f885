import { OzInputError } from './inputError';

/** An Oz object ID from a field: required, trimmed, and safe to put in a URL path. */
export function requireId(value: unknown, field: string): string {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!id) {
		throw new OzInputError(`"${field}" is empty`, field, `Enter the ${field.replace(/ ID$/, '').toLowerCase()} ID, e.g. from an earlier Oz Forensics step: {{ $json.folder_id }}`);
	}
	if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
		throw new OzInputError(`"${field}" is not an Oz ID: "${id.slice(0, 60)}"`, field, 'Oz IDs are UUIDs such as 9b6f8d2e-3c1a-4e5b-8f00-1a2b3c4d5e6f');
	}
	return id;
}
