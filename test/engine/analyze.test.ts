import { startSimulator } from '../../simulator/server';
import type { Simulator } from '../../simulator/server';
import { mediaWithLiveness } from '../support/media';
import { analyzeWorkflow, file, OZ_NODE_NAME } from '../support/workflows';
import { cleanUpEngine, runWorkflow } from './harness';

let simulator: Simulator;
const TOKEN = 'engine-test-token';

beforeAll(async () => {
	simulator = await startSimulator({ tokens: [TOKEN] });
});
afterAll(async () => {
	await simulator.close();
	cleanUpEngine();
});
beforeEach(() => simulator.store.reset());

const credentials = () => ({ ozForensicsApi: { baseUrl: `${simulator.url}/`, accessToken: TOKEN } });

describe('Folder → Analyze through the n8n engine', () => {
	it('a selfie video is analysed for liveness', async () => {
		const video = mediaWithLiveness('live');
		const { nodes, connections } = analyzeWorkflow([{ binary: { data: file(video, 'selfie.mp4', 'video/mp4') } }], {
			media: { file: [{ binaryPropertyName: 'data', tags: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'] }] },
			analyses: { analysis: [{ type: 'quality' }] },
		});
		const result = await runWorkflow(nodes, connections, credentials());
		expect(result.error).toBeUndefined();
		const [item] = result.output(OZ_NODE_NAME);
		expect(item.json.system_resolution).toBe('SUCCESS');
		expect(item.pairedItem).toEqual({ item: 0 });

		const [request] = simulator.store.requests;
		expect(request.headers['x-forensic-access-token']).toBe(TOKEN);
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({ field: 'data', fileName: 'selfie.mp4', mimeType: 'video/mp4' });
		expect(request.files[0].data.equals(video)).toBe(true);
		expect(JSON.parse(request.fields.payload)).toEqual({
			'media:tags': { data: ['video_selfie', 'video_selfie_blank', 'orientation_portrait'] },
			analyses: [{ type: 'quality' }],
		});
	});
});
