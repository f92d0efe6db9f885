import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { folderHead, objects, simplifyAnalysis, simplifyFolder } from './simplify';

export interface OutputOptions {
	simplify: boolean;
	splitIntoItems?: boolean;
}

/** Output items made from JSON, each paired to the input item it came from. */
export function itemsFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject | IDataObject[],
): INodeExecutionData[] {
	// Wrapped here, not by returnJsonArray, which would unwrap an Oz object that has a "json" key.
	const items = (Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry }));
	return ctx.helpers.constructExecutionMetaData(items, { itemData: { item: itemIndex } });
}

/** One item per folder, or with "Split Into Items" one per analysis, all paired to the input item. */
export function folderItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	folder: IDataObject,
	options: OutputOptions,
): INodeExecutionData[] {
	if (!options.splitIntoItems)
		return itemsFor(ctx, itemIndex, options.simplify ? simplifyFolder(folder) : folder);
	const head = folderHead(folder);
	const analyses = objects(folder.analyses);
	// A folder without analyses still yields its item, so nothing downstream goes missing.
	if (analyses.length === 0) return itemsFor(ctx, itemIndex, head);
	return itemsFor(
		ctx,
		itemIndex,
		analyses.map((analysis) => ({
			...head,
			...(options.simplify ? simplifyAnalysis(analysis) : analysis),
		})),
	);
}
