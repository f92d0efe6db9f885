import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** The rows of a fixedCollection parameter, e.g. media → file[]. */
export function collectionRows(ctx: IExecuteFunctions, name: string, itemIndex: number, key: string): IDataObject[] {
	const value = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
	const list = value[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

export function outputOptions(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject = {}) {
	return {
		simplify: ctx.getNodeParameter('simplify', itemIndex, false) as boolean,
		splitIntoItems: options.splitIntoItems === true,
	};
}
