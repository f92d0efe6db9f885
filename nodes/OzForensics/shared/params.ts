import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The rows of a fixedCollection parameter, e.g. media → file[]. */
export function collectionRows(ctx: IExecuteFunctions, name: string, itemIndex: number, key: string): IDataObject[] {
	const value = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
	const list = value[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * An operation's "Options" collection. n8n leaves an option that was not added out of the
 * parameters, so each absent option takes the default its own description shows.
 */
export function readOptions<T extends IDataObject>(ctx: IExecuteFunctions, itemIndex: number, definitions: INodeProperties[]): T {
	const given = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const defaults: IDataObject = {};
	for (const definition of definitions) defaults[definition.name] = definition.default as IDataObject[string];
	return { ...defaults, ...given } as T;
}

export function outputOptions(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject = {}) {
	return {
		simplify: ctx.getNodeParameter('simplify', itemIndex, false) as boolean,
		splitIntoItems: options.splitIntoItems === true,
	};
}
