import type { IDataObject } from 'n8n-workflow';

import { sleepUnlessCancelled } from '../../execution/pacer';
import { OzWaitError } from '../../input/itemError';
import { stillAnalysing } from '../../output/simplify';
import type { OzClient } from '../../transport/client';

/** Seconds between two looks at a folder whose analyses still run: Analysis → Wait's default. */
export const DEFAULT_POLL_SECONDS = 3;

/** A folder found again runs one analysis of its own at most: look soon, then less often. */
const FIRST_LOOKS_MS = [500, 1000, 2000];

/**
 * The folder once none of its analyses runs any more, looked at every `intervalMs`; when the
 * next look would come after `deadline` (ms) or the execution is cancelled, the folder as it stands.
 */
export async function pollUntilSettled(
	client: OzClient,
	folder: IDataObject,
	wait: { intervalMs: number | ((look: number) => number); deadline: number },
): Promise<IDataObject> {
	const folderId = String(folder.folder_id);
	const cancelled = () => client.cancelled;
	const interval =
		typeof wait.intervalMs === 'number' ? () => wait.intervalMs as number : wait.intervalMs;
	let current = folder;
	for (
		let look = 0;
		!cancelled() && stillAnalysing(current) && Date.now() + interval(look) <= wait.deadline;
		look++
	) {
		await sleepUnlessCancelled(interval(look), cancelled);
		if (cancelled()) break;
		current = await client.folder(folderId);
	}
	return current;
}

/**
 * A folder as a result: finished, or a clear error that Oz is still analysing it (never a
 * running folder that an IF on the decision would misread). The error carries the folder_id,
 * so that with Continue On Fail the next node can wait for it with Analysis → Wait.
 */
export async function finishedFolder(
	client: OzClient,
	folder: IDataObject,
	deadline: number,
): Promise<IDataObject> {
	if (!stillAnalysing(folder)) return folder;
	const current = await pollUntilSettled(client, folder, {
		intervalMs: (look) => FIRST_LOOKS_MS[look] ?? DEFAULT_POLL_SECONDS * 1000,
		deadline,
	});
	if (!stillAnalysing(current) || client.cancelled) return current;
	const folderId = String(current.folder_id);
	throw new OzWaitError(
		`Oz is still analysing folder ${folderId}: no decision yet`,
		'Timeout (Seconds)',
		'Continue with Analysis → Wait on this folder_id (turn on Continue On Fail to get it as an error item), or raise "Timeout (Seconds)" in the options',
		{ folder_id: folderId },
	);
}
