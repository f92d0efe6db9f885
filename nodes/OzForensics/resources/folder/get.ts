import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/fields';
import { folderIdField } from '../../descriptions/locatorFields';
import { folderOutputOptions, optionsCollection } from '../../descriptions/options';
import { ItemParameters } from '../../input/parameters';
import type { FolderOutputOptions } from '../../output/folderOutput';
import { folderOutput, readFolderOutputOptions } from '../../output/folderOutput';
import { OzClient } from '../../transport/client';
import type { Operation, RunContext } from '../types';

const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['get'] } }, [
	folderIdField(
		'The folder to get, e.g. the folder_id the Oz web or mobile SDK handed to your back end',
	),
	simplifyField(),
	optionsCollection(folderOutputOptions),
]);

interface GetFolderInput {
	folderId: string;
	simplify: boolean;
	options: FolderOutputOptions;
}

function readInput(parameters: ItemParameters): GetFolderInput {
	return {
		folderId: parameters.pickedId('folderId', 'Folder'),
		simplify: parameters.boolean('simplify'),
		options: readFolderOutputOptions(parameters.options(folderOutputOptions)),
	};
}

/** Folder → Get: one folder with its media and analyses. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const client = new OzClient(this, itemIndex);
	const folder = await client.folder(input.folderId);
	return await folderOutput(client, folder, input, run.persons);
}

export const operation = { description, execute } satisfies Operation;
