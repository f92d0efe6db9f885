import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { folderHead, objects, simplifyAnalysis, simplifyFolder } from './simplify';

export interface OutputOptions {
	simplify: boolean;
	splitIntoItems?: boolean;
}

/** One item per folder, or with "Split Into Items" one per analysis, all paired to the input item. */
export function folderItems(
	folder: IDataObject,
	options: OutputOptions,
	itemIndex: number,
): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	if (!options.splitIntoItems)
		return [{ json: options.simplify ? simplifyFolder(folder) : folder, pairedItem }];
	const head = folderHead(folder);
	const analyses = objects(folder.analyses);
	// A folder without analyses still yields its item, so nothing downstream goes missing.
	if (analyses.length === 0) return [{ json: head, pairedItem }];
	return analyses.map((analysis) => ({
		json: { ...head, ...(options.simplify ? simplifyAnalysis(analysis) : analysis) },
		pairedItem,
	}));
}
