import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { OptionValues } from '../input/parameters';
import type { OzClient } from '../transport/client';
import { addBestShots } from './bestShots';
import { folderItems } from './items';
import type { PersonCache } from './persons';
import { addMatchedPersons } from './persons';

/** The output options Folder → Analyze, Folder → Get and Analysis → Wait share. */
export interface FolderOutputOptions {
	bestShotProperty: string;
	downloadBestShot: boolean;
	resolveMatchedPersons: boolean;
	splitIntoItems: boolean;
}

export function readFolderOutputOptions(options: OptionValues): FolderOutputOptions {
	return {
		bestShotProperty: options.string('bestShotProperty'),
		downloadBestShot: options.boolean('downloadBestShot'),
		resolveMatchedPersons: options.boolean('resolveMatchedPersons'),
		splitIntoItems: options.boolean('splitIntoItems'),
	};
}

export interface FolderOutput {
	simplify: boolean;
	options: FolderOutputOptions;
	timeoutSeconds?: number;
	/** Fields of the node's own added to every item, e.g. how long the request waited. */
	extra?: IDataObject;
}

/** A folder as output items: simplified or split as asked, with best shots and matched persons added. */
export async function folderOutput(
	client: OzClient,
	folder: IDataObject,
	output: FolderOutput,
	persons: PersonCache,
): Promise<INodeExecutionData[]> {
	const { options } = output;
	const items = folderItems(client.ctx, client.itemIndex, folder, {
		simplify: output.simplify,
		splitIntoItems: options.splitIntoItems,
	});
	if (output.extra) for (const item of items) Object.assign(item.json, output.extra);
	const bestShots = {
		download: options.downloadBestShot,
		property: options.bestShotProperty,
		timeoutSeconds: output.timeoutSeconds,
	};
	const split = options.splitIntoItems;
	await addBestShots(client, folder, items, bestShots, split);
	if (options.resolveMatchedPersons) await addMatchedPersons(client, folder, items, persons, split);
	return items;
}
