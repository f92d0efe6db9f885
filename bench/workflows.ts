/**
 * The benchmark's workflows: files read from a folder by n8n's own Read/Write Files from Disk
 * node, then sent as Oz's single request either by this node or by n8n's HTTP Request node,
 * configured the way a user builds the request by hand (multipart, a file part and a
 * `payload` part, the token in a header).
 */
export const CREDENTIAL = { id: 'ozBenchCredent01', name: 'Oz Bench' };
const PAYLOAD = JSON.stringify({
	'media:tags': { video1: ['video_selfie', 'video_selfie_blank'] },
	analyses: [{ type: 'quality' }],
});

export type Upload =
	| { kind: 'oz'; parallelRequests: number; maxAnalysesPerMinute?: number }
	| { kind: 'http'; batch?: { size: number; intervalMs: number } }
	| { kind: 'none' };

export function benchWorkflow(
	id: string,
	folder: string,
	upload: Upload,
	simulatorUrl: string,
	token: string,
) {
	const nodes: Array<Record<string, unknown>> = [
		{
			id: 'm',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'r',
			name: 'Read Videos',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [220, 0],
			parameters: { operation: 'read', fileSelector: `${folder}/*.mp4`, options: {} },
		},
	];
	if (upload.kind === 'oz') {
		nodes.push({
			id: 'u',
			name: 'Upload',
			type: 'n8n-nodes-oz-forensics.ozForensics',
			typeVersion: 1,
			position: [440, 0],
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'folder',
				operation: 'analyze',
				media: {
					file: [
						{
							binaryPropertyName: 'data',
							mediaKey: 'video1',
							tags: ['video_selfie', 'video_selfie_blank'],
						},
					],
				},
				analyses: { analysis: [{ type: 'quality' }] },
				simplify: true,
				// The per-execution behaviour these rows compare with the HTTP Request node.
				options: {
					parallelRequests: upload.parallelRequests,
					maxAnalysesPerMinute: upload.maxAnalysesPerMinute ?? 0,
					sharedLimit: false,
					timeout: 300,
				},
			},
			credentials: { ozForensicsApi: CREDENTIAL },
		});
	} else if (upload.kind === 'http') {
		nodes.push({
			id: 'u',
			name: 'Upload',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${simulatorUrl}/api/folders/`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'X-Forensic-Access-Token', value: token }] },
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: {
					parameters: [
						{ parameterType: 'formBinaryData', name: 'video1', inputDataFieldName: 'data' },
						{ name: 'payload', value: PAYLOAD },
					],
				},
				options: upload.batch
					? {
							batching: {
								batch: { batchSize: upload.batch.size, batchInterval: upload.batch.intervalMs },
							},
						}
					: {},
			},
		});
	}
	const names = nodes.map((node) => node.name as string);
	const connections = Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
	return {
		id,
		name: `bench ${id}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}
