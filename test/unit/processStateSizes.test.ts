import type { IExecuteFunctions } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { stateSizes } from '../../e2e/soak';
import {
	hostLimiter,
	markSent,
	processStateSizes,
	singleFlight,
} from '../../nodes/OzForensics/execution/processState';
import { ItemResults } from '../../nodes/OzForensics/execution/retryMemo';

/*
 * The size report of the node's process-wide state (issue #28): what a long-running n8n logs
 * at debug level every 100 sends, read back by the soak (e2e/soak.ts `stateSizes`).
 */
const debug: string[] = [];
const ignore = () => undefined;
LoggerProxy.init({
	debug: (message: string) => debug.push(message),
	info: ignore,
	warn: ignore,
	error: ignore,
});

const ctx = {
	getExecutionId: () => 'execution-1',
	getNode: () => ({ name: 'Oz' }),
	runIndex: 0,
} as unknown as IExecuteFunctions;

it('reports each structure: limiters, sent markers, single flights and the Retry On Fail memo', async () => {
	expect(processStateSizes()).toEqual({
		limiters: 0,
		sentMarkers: 0,
		inFlight: 0,
		retryMemoItems: 0,
	});
	hostLimiter('http://oz.example', 'credential-1');
	markSent('digest-a');
	markSent('digest-b');
	markSent('digest-a');
	new ItemResults(ctx).set(0, [{ json: {} }]);
	let finish: () => void = ignore;
	const flight = singleFlight('digest-c', () => new Promise<void>((done) => (finish = done)));
	expect(processStateSizes()).toEqual({
		limiters: 1,
		sentMarkers: 2,
		inFlight: 1,
		retryMemoItems: 1,
	});
	finish();
	await flight;
	new ItemResults(ctx).release();
	expect(processStateSizes()).toMatchObject({ inFlight: 0, retryMemoItems: 0 });
});

it('logs the sizes with their bounds at debug level every 100th send, in the form the soak reads', () => {
	debug.length = 0;
	// Three sends above; 100 more cross the 100th once.
	for (let i = 0; i < 100; i++) markSent(`digest-${i}`);
	const lines = debug.filter((line) => line.includes('process state'));
	expect(lines).toHaveLength(1);
	expect(stateSizes(lines[0])).toEqual([
		{
			sends: 100,
			limiters: 1,
			sentMarkers: 99,
			maxMarkers: 20_000,
			markerHours: 6,
			inFlight: 0,
			retryMemoItems: 0,
			maxMemoItems: 5000,
			memoHours: 6,
		},
	]);
});
