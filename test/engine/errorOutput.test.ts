import { mediaWithLiveness, fakeMedia } from '../support/media';
import { useOzSimulator } from '../support/simulator';
import { chainWorkflow, file, SELFIE_TAGS } from '../support/workflows';
import { runWorkflow } from './harness';

/*
 * "Continue (using error output)": n8n routes an item to the node's error output only when its
 * JSON has no keys but `error`, `message` and `details` (n8n-core's handleNodeErrorOutput).
 * The node's error items used to carry their facts beside `error`, so they all came out of the
 * success output, where a workflow built on the error output never saw them.
 */
const { simulator, TOKEN } = useOzSimulator('error-output');
const credentials = () => ({ ozForensicsApi: { baseUrl: simulator.url, accessToken: TOKEN } });

beforeEach(() => {
	simulator.store.reset();
	simulator.settings.failNext = [];
});

const video = (caseId: string) => ({
	json: { caseId },
	binary: { data: file(mediaWithLiveness('live', caseId), `${caseId}.mp4`, 'video/mp4') },
});

async function analyze(errorOutput: boolean) {
	const wf = chainWorkflow(
		[
			video('good'),
			{
				json: { caseId: 'no-file' },
				binary: { other: file(fakeMedia('x'), 'x.mp4', 'video/mp4') },
			},
			video('refused'),
		],
		[
			{
				name: 'Oz',
				parameters: {
					resource: 'folder',
					operation: 'analyze',
					media: { file: [{ binaryPropertyName: 'data', tags: SELFIE_TAGS }] },
					analyses: { analysis: [{ type: 'quality' }] },
					// One at a time, so the refusal meets the third item.
					options: { parallelRequests: 1 },
				},
				...(errorOutput ? { errorOutput: true } : { continueOnFail: true }),
			},
		],
	);
	// The first upload passes; the second is refused by Oz (a 4xx is final: no look-up, no resend).
	simulator.settings.failNext = [
		{ kind: 'pass' },
		{ status: 400, error_code: 4, error_message: 'Bad media' },
	];
	const result = await runWorkflow(wf.nodes, wf.connections, credentials());
	expect(result.error).toBeUndefined();
	return result;
}

it('failed items go to the error output with the message under `error` and the facts under `details`', async () => {
	const result = await analyze(true);
	const good = result.output('Oz');
	expect(good).toHaveLength(1);
	expect(good[0].json).toMatchObject({ system_resolution: 'SUCCESS' });
	const failed = result.errorOutput('Oz');
	expect(failed).toHaveLength(2);
	// n8n adds the input item's JSON, so the case id is there to route on.
	expect(failed[0].json).toMatchObject({
		caseId: 'no-file',
		error: 'No binary field "data" on the input item (media key "data") [item 1]',
		details: { field: 'Input Binary Field' },
	});
	expect(failed[1].json).toMatchObject({
		caseId: 'refused',
		error: 'Oz API error 4: Bad media (HTTP 400) [item 2]',
		details: { error_code: 4, error_message: 'Bad media', httpCode: '400' },
	});
	// Nothing of the node's beside `error` and `details`: the input's keys only.
	for (const key of ['error_code', 'httpCode', 'description', 'field'])
		expect(failed[1].json).not.toHaveProperty(key);
});

it('with Continue (using regular output) the error items keep their facts beside `error`, as before', async () => {
	const result = await analyze(false);
	const items = result.output('Oz');
	expect(items).toHaveLength(3);
	expect(result.errorOutput('Oz')).toEqual([]);
	expect(items[1].json).toMatchObject({ field: 'Input Binary Field' });
	expect(items[2].json).toMatchObject({ error_code: 4, error_message: 'Bad media' });
});
