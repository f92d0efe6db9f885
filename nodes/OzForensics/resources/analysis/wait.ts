import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/fields';
import { folderIdField } from '../../descriptions/locatorFields';
import { folderOutputOptions, optionsCollection } from '../../descriptions/options';
import { OzWaitError } from '../../input/itemError';
import { ItemParameters } from '../../input/parameters';
import type { FolderOutput } from '../../output/folderOutput';
import { folderOutput, readFolderOutputOptions } from '../../output/folderOutput';
import { folderItems } from '../../output/items';
import { runningAnalyses } from '../../output/simplify';
import { DEFAULT_TIMEOUT_SECONDS } from '../../ozApi';
import { OzClient } from '../../transport/client';
import type { Operation, RunContext } from '../types';
import { DEFAULT_POLL_SECONDS, pollUntilSettled } from './settle';

const options = folderOutputOptions;

const description = updateDisplayOptions(
	{ show: { resource: ['analysis'], operation: ['wait'] } },
	[
		folderIdField('The folder whose analyses to wait for'),
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_POLL_SECONDS,
			description: 'How long to wait between two looks at the folder',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait in all before giving up with an error',
		},
		simplifyField(),
		optionsCollection(options),
	],
);

interface WaitInput {
	folderId: string;
	intervalMs: number;
	timeoutSeconds: number;
	output: FolderOutput;
}

function readInput(parameters: ItemParameters): WaitInput {
	return {
		folderId: parameters.pickedId('folderId', 'Folder'),
		intervalMs: Math.max(1, parameters.number('pollInterval', DEFAULT_POLL_SECONDS)) * 1000,
		timeoutSeconds: parameters.number('waitTimeout', DEFAULT_TIMEOUT_SECONDS),
		output: {
			simplify: parameters.boolean('simplify'),
			options: readFolderOutputOptions(parameters.options(options)),
		},
	};
}

/** Analysis → Wait: polls a folder until none of its analyses is still running (pages "Liveness", "Biometry"). */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const { folderId, intervalMs, timeoutSeconds, output } = readInput(
		new ItemParameters(this, itemIndex),
	);
	const asItems = (folder: IDataObject) =>
		folderItems(this, itemIndex, folder, {
			simplify: output.simplify,
			splitIntoItems: output.options.splitIntoItems,
		});
	const client = new OzClient(this, itemIndex);
	const deadline = Date.now() + timeoutSeconds * 1000;
	const first = await client.folder(folderId);
	const folder = await pollUntilSettled(client, first, { intervalMs, deadline });
	// A cancelled execution gets the folder as it stands; n8n discards it anyway.
	if (client.cancelled) return asItems(folder);
	const pending = runningAnalyses(folder);
	if (pending.length === 0) return await folderOutput(client, folder, output, run.persons);
	throw new OzWaitError(
		`${pending.length} analysis(es) of folder ${folderId} still ${String(pending[0].state)} after ${timeoutSeconds} s`,
		'Timeout (Seconds)',
		'Raise "Timeout (Seconds)", or look the folder up later with Folder → Get. Oz runs two analyses at a time per worker, so a queue can take a while.',
		{ folder_id: folderId },
	);
}

export const operation = { description, execute } satisfies Operation;
