import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { RUNNING_STATES } from '../../shared/guesses';
import { paths } from '../../shared/ozApi';
import { folderIdField, simplifyField, splitIntoItemsOption, optionsCollection } from '../../shared/descriptions';
import { requireId } from '../../shared/ids';
import { OzInputError } from '../../shared/inputError';
import { folderItems } from '../../shared/output';
import { outputOptions, readOptions } from '../../shared/params';
import { ozApiObject } from '../../shared/transport';
import { sleepUnlessCancelled } from '../../shared/waiting';

const showOnlyForWait = { resource: ['analysis'], operation: ['wait'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForWait, 'The folder whose analyses to wait for'),
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description: 'How long to wait between two looks at the folder',
		displayOptions: { show: showOnlyForWait },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: 'How long to wait in all before giving up with an error',
		displayOptions: { show: showOnlyForWait },
	},
	simplifyField(showOnlyForWait),
	optionsCollection(showOnlyForWait, [splitIntoItemsOption]),
];

export const options = [splitIntoItemsOption];

function running(folder: IDataObject): IDataObject[] {
	const analyses = Array.isArray(folder.analyses) ? (folder.analyses as IDataObject[]) : [];
	return analyses.filter((analysis) => RUNNING_STATES.includes(String(analysis.state)));
}

/** Analysis → Wait: polls a folder until none of its analyses is still running. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireId(this.getNodeParameter('folderId', itemIndex, ''), 'Folder ID');
	const intervalMs = Math.max(1, this.getNodeParameter('pollInterval', itemIndex, 3) as number) * 1000;
	const timeoutSeconds = this.getNodeParameter('waitTimeout', itemIndex, 300) as number;
	const given = readOptions<{ splitIntoItems: boolean }>(this, itemIndex, options);
	const deadline = Date.now() + timeoutSeconds * 1000;
	const cancelled = () => this.getExecutionCancelSignal?.()?.aborted === true;
	for (;;) {
		const folder = await ozApiObject(this, { method: 'GET', path: paths.folder(folderId), qs: { with_analyses: true } }, itemIndex);
		const pending = running(folder);
		// A cancelled execution gets the folder as it stands; n8n discards it anyway.
		if (pending.length === 0 || cancelled()) return folderItems(folder, outputOptions(this, itemIndex, given), itemIndex);
		if (Date.now() + intervalMs > deadline) {
			throw new OzInputError(
				`${pending.length} analysis(es) of folder ${folderId} still ${String(pending[0].state)} after ${timeoutSeconds} s`,
				'Timeout (Seconds)',
				'Raise "Timeout (Seconds)", or look the folder up later with Folder → Get. Oz runs two analyses at a time per worker, so a queue can take a while.',
			);
		}
		await sleepUnlessCancelled(intervalMs, cancelled);
		if (cancelled()) return folderItems(folder, outputOptions(this, itemIndex, given), itemIndex);
	}
}
