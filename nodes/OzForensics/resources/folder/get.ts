import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { paths } from '../../shared/ozApi';
import { folderIdField, simplifyField, splitIntoItemsOption, optionsCollection } from '../../shared/descriptions';
import { folderItems } from '../../shared/output';
import { outputOptions, readOptions } from '../../shared/params';
import { requireId } from '../../shared/ids';
import { ozApiObject } from '../../shared/transport';

const showOnlyForGet = { resource: ['folder'], operation: ['get'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForGet, 'The folder to get, e.g. the folder_id the Oz web or mobile SDK handed to your back end'),
	simplifyField(showOnlyForGet),
	optionsCollection(showOnlyForGet, [splitIntoItemsOption]),
];

export const options = [splitIntoItemsOption];

/** Folder → Get: one folder with its media and analyses. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireId(this.getNodeParameter('folderId', itemIndex, ''), 'Folder ID');
	const given = readOptions<{ splitIntoItems: boolean }>(this, itemIndex, options);
	const folder = await ozApiObject(this, { method: 'GET', path: paths.folder(folderId), qs: { with_analyses: true } }, itemIndex);
	return folderItems(folder, outputOptions(this, itemIndex, given), itemIndex);
}
