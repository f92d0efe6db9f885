import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { paths } from '../../shared/apiShapes';
import { folderIdField, simplifyField, splitIntoItemsOption, optionsCollection } from '../../shared/descriptions';
import { folderItems } from '../../shared/output';
import { outputOptions } from '../../shared/params';
import { requireId } from '../../shared/ids';
import { ozApiObject } from '../../shared/transport';

const showOnlyForGet = { resource: ['folder'], operation: ['get'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForGet, 'The folder to get, e.g. the folder_id the Oz web or mobile SDK handed to your back end'),
	simplifyField(showOnlyForGet),
	optionsCollection(showOnlyForGet, [splitIntoItemsOption]),
];

/** Folder → Get: one folder with its media and analyses. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireId(this.getNodeParameter('folderId', itemIndex, ''), 'Folder ID');
	const options = this.getNodeParameter('options', itemIndex, {}) as { splitIntoItems?: boolean };
	const folder = await ozApiObject(this, { method: 'GET', path: paths.folder(folderId), qs: { with_analyses: true } }, itemIndex);
	return folderItems(folder, outputOptions(this, itemIndex, options), itemIndex);
}
