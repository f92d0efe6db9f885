import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { OZ_ID } from '../ozApi';
import { OzInputError } from './inputError';

/**
 * One item's node parameters, typed. Each operation reads all it needs through this once, at
 * its start, into one object: no scattered `getNodeParameter(...) as T`.
 */
export class ItemParameters {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	private value(name: string, fallback: unknown, extractValue = false): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback, { extractValue });
	}

	string(name: string, fallback = ''): string {
		const value = this.value(name, fallback);
		return typeof value === 'string'
			? value
			: value === undefined || value === null
				? fallback
				: String(value);
	}

	number(name: string, fallback: number): number {
		const value = Number(this.value(name, fallback));
		return Number.isFinite(value) ? value : fallback;
	}

	boolean(name: string, fallback = false): boolean {
		const value = this.value(name, fallback);
		return typeof value === 'boolean' ? value : fallback;
	}

	/** A JSON field as n8n hands it over (text, or an object from an expression); the payload builder parses it. */
	json(name: string, fallback: unknown = undefined): unknown {
		return this.value(name, fallback);
	}

	/** The rows of a fixedCollection, e.g. media → file[]. */
	rows(name: string, key: string): IDataObject[] {
		const value = this.value(name, {});
		const list =
			typeof value === 'object' && value !== null && !Array.isArray(value)
				? (value as IDataObject)[key]
				: undefined;
		return Array.isArray(list)
			? list.filter((row): row is IDataObject => typeof row === 'object' && row !== null)
			: [];
	}

	/** A collection of optional fields, e.g. Get Many's filters. */
	collection(name: string): IDataObject {
		const value = this.value(name, {});
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as IDataObject)
			: {};
	}

	/**
	 * The "Options" collection, read against the option list the editor shows. n8n leaves an
	 * option that was not added out of the parameters, so each absent option takes the default
	 * its own description shows.
	 */
	options(definitions: INodeProperties[]): OptionValues {
		return new OptionValues(definitions, this.collection('options'));
	}

	/** How many entries a Get Many wants: all with "Return All", else its "Limit". */
	pageLimit(): number {
		return this.boolean('returnAll') ? Infinity : this.number('limit', 50);
	}

	/** An Oz object ID from a text field: required, trimmed, and safe to put in a URL path. */
	id(name: string, field: string): string {
		return checkedId(
			this.value(name, ''),
			field,
			`Enter the ${field.replace(/ ID$/, '').toLowerCase()} ID, e.g. from an earlier Oz Forensics step: {{ $json.folder_id }}`,
		);
	}

	/** An Oz object ID from a picker (resource locator): n8n extracts the value of either mode. */
	pickedId(name: string, field: string): string {
		return checkedId(
			this.value(name, '', true),
			field,
			`Pick the ${field.toLowerCase()} from the list, or choose By ID and enter it, e.g. {{ $json.${name.replace(/Id$/, '_id')} }}`,
		);
	}
}

function checkedId(value: unknown, field: string, fix: string): string {
	const id = (typeof value === 'string' || typeof value === 'number' ? String(value) : '').trim();
	if (!id) throw new OzInputError(`"${field}" is empty`, field, fix);
	if (!OZ_ID.test(id)) {
		throw new OzInputError(
			`"${field}" is not an Oz ID: "${id.slice(0, 60)}"`,
			field,
			'Oz IDs are UUIDs such as 9b6f8d2e-3c1a-4e5b-8f00-1a2b3c4d5e6f',
		);
	}
	return id;
}

/** The values of one operation's "Options", each read as its own type. */
export class OptionValues {
	constructor(
		private readonly definitions: INodeProperties[],
		private readonly given: IDataObject,
	) {}

	private value(name: string): { given: unknown; fallback: unknown } {
		const definition = this.definitions.find((option) => option.name === name);
		// A programming error, not the user's: the operation reads an option its editor never shows.
		if (!definition) throw new Error(`The option "${name}" is not among this operation's options`);
		return { given: this.given[name], fallback: definition.default };
	}

	number(name: string): number {
		const { given, fallback } = this.value(name);
		const value = given === undefined || given === null || given === '' ? NaN : Number(given);
		return Number.isFinite(value) ? value : Number(fallback);
	}

	boolean(name: string): boolean {
		const { given, fallback } = this.value(name);
		return typeof given === 'boolean' ? given : fallback === true;
	}

	string(name: string): string {
		const { given, fallback } = this.value(name);
		if (typeof given === 'string') return given;
		return given === undefined || given === null ? String(fallback ?? '') : String(given);
	}

	/** An option whose type its reader checks itself, e.g. the Idempotency Key (text or a number). */
	raw(name: string): unknown {
		const { given, fallback } = this.value(name);
		return given ?? fallback;
	}
}
