import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { OzClient } from '../transport/client';
import type { BestShot } from './simplify';
import { bestShotsOf, objects } from './simplify';

export interface BestShotOptions {
	/** Whether to download the best shots into the output items. */
	download: boolean;
	/** The binary property: `bestShot`, or `bestShot_1`, `bestShot_2` … when an item has several. */
	property: string;
	timeoutSeconds?: number;
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
};

function fileName(folderId: string, shot: BestShot, mimeType: string): string {
	const extension =
		EXTENSIONS[mimeType] ?? /\.([A-Za-z0-9]{1,5})(?:\?|$)/.exec(shot.url)?.[1] ?? 'bin';
	return `${folderId}_${shot.mediaId}_best_shot.${extension}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * Downloads the best shots into the items as binary data, through n8n's binary helpers (so
 * they sit in n8n's binary store, not in the JSON). A shot that cannot be downloaded leaves
 * the item as it is, with `best_shot_error` saying why.
 */
async function attach(
	client: OzClient,
	item: INodeExecutionData,
	folderId: string,
	shots: BestShot[],
	options: BestShotOptions,
): Promise<void> {
	for (const [index, shot] of shots.entries()) {
		const property = shots.length === 1 ? options.property : `${options.property}_${index + 1}`;
		try {
			const file = await client.download(shot.url, options.timeoutSeconds);
			item.binary ??= {};
			item.binary[property] = await client.ctx.helpers.prepareBinaryData(
				file.data,
				fileName(folderId, shot, file.mimeType),
				file.mimeType,
			);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			item.json.best_shot_error = `${property}: ${message}`;
		}
	}
}

/**
 * The best shots of a folder into its output items: the folder item gets all of them; with
 * "Split Into Items" each analysis item gets its own.
 */
export async function addBestShots(
	client: OzClient,
	folder: IDataObject,
	items: INodeExecutionData[],
	options: BestShotOptions,
	split: boolean,
): Promise<INodeExecutionData[]> {
	if (!options.download) return items;
	const folderId = String(folder.folder_id ?? 'folder');
	const analyses = objects(folder.analyses);
	if (!split) {
		await attach(client, items[0], folderId, analyses.flatMap(bestShotsOf), options);
		return items;
	}
	// One item per analysis, in the same order.
	for (const [index, item] of items.entries()) {
		await attach(
			client,
			item,
			folderId,
			analyses[index] ? bestShotsOf(analyses[index]) : [],
			options,
		);
	}
	return items;
}
