import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { folderIdField, simplifyField } from '../../descriptions/fields';
import { folderOutputOptions, optionsCollection } from '../../descriptions/options';
import type { FolderOutputOptions } from '../../output/folderOutput';
import { folderOutput } from '../../output/folderOutput';
import { ItemParameters } from '../../request/parameters';
import { ozClient } from '../../transport/client';
import type { Operation, RunContext } from '../types';

const showOnlyForGet = { resource: ['folder'], operation: ['get'] };
const options = folderOutputOptions;

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
	const client = ozClient(this, itemIndex);
	const folder = await client.folder(input.folderId);
	return await folderOutput(client, folder, input, run.persons);
}

export const get: Operation = { execute, options };
