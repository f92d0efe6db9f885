import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { folderIdField, simplifyField } from '../../descriptions/fields';
import {
	bestShotPropertyOption,
	downloadBestShotOption,
	optionsCollection,
	splitIntoItemsOption,
} from '../../descriptions/options';
import { addBestShots } from '../../output/bestShots';
import { folderItems } from '../../output/items';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../transport/ozApi';
import { ozApiObject } from '../../transport/request';
import type { Operation } from '../types';

const showOnlyForGet = { resource: ['folder'], operation: ['get'] };
const options = [bestShotPropertyOption, downloadBestShotOption, splitIntoItemsOption];

export const properties: INodeProperties[] = [
	folderIdField(
		showOnlyForGet,
		'The folder to get, e.g. the folder_id the Oz web or mobile SDK handed to your back end',
	),
	simplifyField(showOnlyForGet),
	optionsCollection(showOnlyForGet, options),
];

function readInput(parameters: ItemParameters) {
	return {
		folderId: parameters.id('folderId', 'Folder ID'),
		simplify: parameters.boolean('simplify'),
		options: parameters.options<{
			splitIntoItems: boolean;
			downloadBestShot: boolean;
			bestShotProperty: string;
		}>(options),
	};
}

/** Folder → Get: one folder with its media and analyses. */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const folder = await ozApiObject(
		this,
		{ method: 'GET', path: paths.folder(input.folderId), qs: { with_analyses: true } },
		itemIndex,
	);
	const { splitIntoItems, downloadBestShot, bestShotProperty } = input.options;
	const items = folderItems(folder, { simplify: input.simplify, splitIntoItems }, itemIndex);
	const bestShots = { download: downloadBestShot, property: bestShotProperty };
	return await addBestShots(this, folder, items, bestShots, itemIndex);
}

export const get: Operation = { execute, options };
