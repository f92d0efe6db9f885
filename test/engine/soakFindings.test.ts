import { mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * What the soak (issue #28) found, one request at a time. With Email and Password, an upload
 * whose connection is cut after Oz stored the folder is probed with a read; when the login
 * session ran out meanwhile (Oz's sessions last 15 minutes, so one will, under steady load),
 * the probe's "token expired" was taken for "the host turned the upload away": the session was
 * renewed and the upload sent again at once, without the look-up by its marker, so Oz made and
 * billed two folders (transport/tries.ts, `probeAfterCutUpload`). Now the renewal is followed by
 * the look-up, as for any cut upload.
 */
const { simulator, login } = useOzSimulator('soak-findings');
const singleRequests = () =>
	simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');

async function analyzeOnce(seed: string) {
	const wf = chainWorkflow(
		[
			{
				json: {},
				binary: { data: file(mediaWithLiveness('live', seed), `${seed}.mp4`, 'video/mp4') },
			},
		],
		[{ name: 'Oz', parameters: livenessAnalysis({}), continueOnFail: true }],
	);
	const result = await runWorkflow(wf.nodes, wf.connections, login());
	expect(result.error).toBeUndefined();
	return result.output('Oz')[0].json;
}

beforeEach(() => {
	simulator.store.reset();
	simulator.sessions.reset();
	Object.assign(simulator.settings, { failNext: [], latencyMs: 0, quirks: {}, capacity: null });
});

it('an upload cut after Oz stored it, the session still good: the folder is found by its marker, one folder', async () => {
	// The login, then the upload.
	simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'afterStore' }];
	const json = await analyzeOnce('cut-session-good');
	expect(json).toMatchObject({ system_resolution: 'SUCCESS', oz_delivery: 'recovered' });
	expect(singleRequests()).toHaveLength(1);
	expect(simulator.store.folders.size).toBe(1);
});

it('an upload cut after Oz stored it, the session run out meanwhile: still one folder', async () => {
	simulator.settings.failNext = [{ kind: 'pass' }, { kind: 'afterStore', expireSessions: true }];
	const json = await analyzeOnce('cut-session-expired');
	expect(json).toMatchObject({ system_resolution: 'SUCCESS' });
	expect(singleRequests()).toHaveLength(1);
	expect(simulator.store.folders.size).toBe(1);
});
