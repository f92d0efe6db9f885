import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sleepUnlessCancelled } from '../../execution/pacer';
import { objects } from '../../output/simplify';
import { getFolder } from '../../transport/folderSearch';
import { RUNNING_STATES } from '../../transport/guesses';

/** The folder's analyses that are still running (pages "Liveness", "Biometry"). */
export function runningAnalyses(folder: IDataObject): IDataObject[] {
	return objects(folder.analyses).filter((analysis) =>
		RUNNING_STATES.includes(String(analysis.state)),
	);
}

/** Seconds between two looks at a folder whose analyses still run: Analysis → Wait's default. */
export const DEFAULT_POLL_SECONDS = 3;

export const cancelledExecution = (ctx: IExecuteFunctions) =>
	ctx.getExecutionCancelSignal?.()?.aborted === true;

/**
 * The folder once none of its analyses runs any more, looked at every `intervalMs`; when the
 * next look would come after `deadline` (ms) or the execution is cancelled, the folder as it stands.
 */
export async function settledFolder(
	ctx: IExecuteFunctions,
	folder: IDataObject,
	wait: { intervalMs: number; deadline: number },
	itemIndex: number,
): Promise<IDataObject> {
	const folderId = String(folder.folder_id);
	const cancelled = () => cancelledExecution(ctx);
	let current = folder;
	while (
		!cancelled() &&
		runningAnalyses(current).length > 0 &&
		Date.now() + wait.intervalMs <= wait.deadline
	) {
		await sleepUnlessCancelled(wait.intervalMs, cancelled);
		if (cancelled()) break;
		current = await getFolder(ctx, folderId, itemIndex);
	}
	return current;
}
