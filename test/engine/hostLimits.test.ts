import { mediaWithLiveness } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, livenessAnalysis } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * Oz's own limits and the nginx in front of it (docs/oz-facts.md#limits), and hosts
 * that answer from the headers alone, before the body is in.
 */
const { simulator, credentials: token, login } = useOzSimulator('limits');
const MB = 1024 * 1024;
const video = (seed: string, padTo = 0) => {
	const data = mediaWithLiveness('live', seed);
	return padTo > data.length ? Buffer.concat([data, Buffer.alloc(padTo - data.length)]) : data;
};
const item = (seed: string, padTo = 0) => ({
	binary: { data: file(video(seed, padTo), `${seed}.mp4`, 'video/mp4') },
});
const posts = () =>
	simulator.store.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders/');

beforeEach(() => {
	simulator.store.reset();
	simulator.sessions.reset();
	Object.assign(simulator.settings, {
		failNext: [],
		latencyMs: 0,
		quirks: {},
		expireSessionsAfter: 0,
	});
});

describe('a host that answers before the upload ends', () => {
	it('12 items at Parallel Requests 5, the session expiring mid-run: 12 right items and 2 logins', async () => {
		simulator.settings.quirks = { earlyAnswers: true };
		simulator.settings.latencyMs = 100;
		simulator.settings.expireSessionsAfter = 4;
		// 3 MB each: more than a socket takes before the host closes it. Recovery off: the answer itself is read.
		const items = Array.from({ length: 12 }, (_, i) => item(`early-${i}`, 3 * MB));
		const wf = chainWorkflow(items, [
			{ name: 'Oz', parameters: livenessAnalysis({ parallelRequests: 5, safeRetry: false }) },
		]);
		const result = await runWorkflow(wf.nodes, wf.connections, login());
		expect(result.error).toBeUndefined();
		expect(result.output('Oz').map((i) => i.json.error ?? 'answered')).toEqual(
			Array(12).fill('answered'),
		);
		expect(simulator.sessions.logins).toBe(2);
		expect(simulator.store.folders.size).toBe(12);
	});

	it('a token the host turns away at once is that answer (Oz code 7), not a connection error', async () => {
		simulator.settings.quirks = { earlyAnswers: true };
		const wf = chainWorkflow(
			[item('revoked', 3 * MB)],
			[{ name: 'Oz', parameters: livenessAnalysis({}), continueOnFail: true }],
		);
		const [out] = (await runWorkflow(wf.nodes, wf.connections, token('revoked-token'))).output(
			'Oz',
		);
		expect(out.json).toMatchObject({ error_code: 7, httpCode: '401' });
		expect(String(out.json.error)).toMatch(/^Oz API error 7: Invalid access token \(HTTP 401\)/);
		expect(simulator.store.folders.size).toBe(0);
	});

	it("a body over nginx's limit, answered 413 before it is read: the error names the file and its size", async () => {
		simulator.settings.quirks = { earlyAnswers: true, bodyLimitBytes: 10 * MB };
		const wf = chainWorkflow(
			[item('small'), item('huge', 11 * MB), item('small-2')],
			[{ name: 'Oz', parameters: livenessAnalysis({}), continueOnFail: true }],
		);
		const output = (await runWorkflow(wf.nodes, wf.connections, token())).output('Oz');
		expect(output.map((i) => i.json.system_resolution ?? 'error')).toEqual([
			'SUCCESS',
			'error',
			'SUCCESS',
		]);
		// Whether n8n's HTTP client reads the 413 before the connection is cut depends on timing:
		// either way the item says it was too large, never a bare connection error.
		expect(output[1].json.error).toMatch(
			/^The Oz host (refused the upload as too large \(HTTP 413\)|closed the connection while the upload was still being sent, as it does for a body over its size limit) \[item 1\]$/,
		);
		expect(output[1].json.description).toMatch(
			/^"huge\.mp4" is 11\.0 MB, the whole request 11\.0 MB\. Oz takes at most 10 MB per media file by default \(OZ_ATTACHMENT_MAX_SIZE\), and nginx in front of Oz limits the whole request/,
		);
		// Nothing was made, and it was not sent again (recovery found nothing and did not resend a refused body).
		expect(simulator.store.folders.size).toBe(2);
	});
});

describe("Oz's own limits", () => {
	it('a file over OZ_ATTACHMENT_MAX_SIZE (code 14): the error names the file and its size', async () => {
		simulator.settings.quirks = { attachmentMaxBytes: 1 * MB };
		const wf = chainWorkflow(
			[item('big', 2 * MB)],
			[{ name: 'Oz', parameters: livenessAnalysis({}), continueOnFail: true }],
		);
		const [out] = (await runWorkflow(wf.nodes, wf.connections, token())).output('Oz');
		expect(out.json.error).toBe('The Oz host refused the upload as too large (HTTP 400) [item 0]');
		expect(out.json.description).toMatch(/^"big\.mp4" is 2\.0 MB/);
		expect(posts()).toHaveLength(1);
	});

	it('more media than OZ_ATTACHMENT_MAX_COUNT: the error names the setting', async () => {
		simulator.settings.quirks = { attachmentMaxCount: 10 };
		const binary = Object.fromEntries(
			Array.from({ length: 11 }, (_, i) => [
				`v${i}`,
				file(video(`many-${i}`), `v${i}.mp4`, 'video/mp4'),
			]),
		);
		const wf = chainWorkflow(
			[{ binary }],
			[
				{
					name: 'Oz',
					parameters: {
						...livenessAnalysis({}),
						media: {
							file: Object.keys(binary).map((key) => ({
								binaryPropertyName: key,
								tags: ['video_selfie'],
							})),
						},
					},
					continueOnFail: true,
				},
			],
		);
		const [out] = (await runWorkflow(wf.nodes, wf.connections, token())).output('Oz');
		expect(out.json.error_code).toBe(4);
		expect(out.json.description).toMatch(
			/^This request has 11 media files; Oz takes at most 10 per folder by default \(OZ_ATTACHMENT_MAX_COUNT\)/,
		);
	});
});
