import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { folderIdField, simplifyField } from '../../descriptions/fields';
import {
	bestShotPropertyOption,
	downloadBestShotOption,
	optionsCollection,
	resolveMatchedPersonsOption,
	splitIntoItemsOption,
} from '../../descriptions/options';
import type { FolderOutputOptions } from '../../output/folderOutput';
import { folderOutput } from '../../output/folderOutput';
import { ItemParameters } from '../../request/parameters';
import { paths } from '../../transport/ozApi';
import { ozApiObject } from '../../transport/request';
import type { Operation, RunContext } from '../types';

const showOnlyForGet = { resource: ['folder'], operation: ['get'] };
const options = [
	bestShotPropertyOption,
	downloadBestShotOption,
	resolveMatchedPersonsOption,
	splitIntoItemsOption,
];

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
		options: parameters.options<FolderOutputOptions>(options),
	};
}

/** Folder → Get: one folder with its media and analyses. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const folder = await ozApiObject(
		this,
		{ method: 'GET', path: paths.folder(input.folderId), qs: { with_analyses: true } },
		itemIndex,
	);
	return await folderOutput(this, folder, input, run, itemIndex);
}

export const get: Operation = { execute, options };
