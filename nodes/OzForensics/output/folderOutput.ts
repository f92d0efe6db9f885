import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RunContext } from '../resources/types';
import { addBestShots } from './bestShots';
import { folderItems } from './items';
import { addMatchedPersons } from './persons';

/** The output options Folder → Analyze, Folder → Get and Analysis → Wait share. */
export interface FolderOutputOptions extends IDataObject {
	bestShotProperty: string;
	downloadBestShot: boolean;
	resolveMatchedPersons: boolean;
	splitIntoItems: boolean;
}

/** A folder as output items: simplified or split as asked, with best shots and matched persons added. */
export async function folderOutput(
	ctx: IExecuteFunctions,
	folder: IDataObject,
	output: { simplify: boolean; options: FolderOutputOptions; timeoutSeconds?: number },
	run: RunContext,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { options } = output;
	const items = folderItems(
		folder,
		{ simplify: output.simplify, splitIntoItems: options.splitIntoItems },
		itemIndex,
	);
	const bestShots = {
		download: options.downloadBestShot,
		property: options.bestShotProperty,
		timeoutSeconds: output.timeoutSeconds,
	};
	await addBestShots(ctx, folder, items, bestShots, itemIndex);
	if (options.resolveMatchedPersons)
		await addMatchedPersons(ctx, folder, items, run.persons, itemIndex);
	return items;
}
