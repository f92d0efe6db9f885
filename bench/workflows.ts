/**
 * The benchmark's workflows: files read from a folder by n8n's own Read/Write Files from Disk
 * node, then sent as Oz's single request either by this node or by n8n's HTTP Request node,
 * configured the way a user builds the request by hand (multipart, a file part and a
 * `payload` part, the token in a header); OzCapsula containers go as the raw body
 * (application/octet-stream), by Folder → Analyze Container or the HTTP Request node. And the
 * webhook workflows of the container burst: Webhook (Raw Body) → sender → Respond to Webhook.
 */
export const CREDENTIAL = { id: 'ozBenchCredent01', name: 'Oz Bench' };
const PAYLOAD = JSON.stringify({
	'media:tags': { video1: ['video_selfie', 'video_selfie_blank'] },
	analyses: [{ type: 'quality' }],
});

export type Upload =
	| { kind: 'oz'; parallelRequests: number; maxAnalysesPerMinute?: number }
	| { kind: 'http'; batch?: { size: number; intervalMs: number } }
	| { kind: 'ozContainer'; parallelRequests: number }
	| { kind: 'httpContainer' }
	| { kind: 'none' };

/** Oz's single request for a container: the raw body, no multipart (page "OzCapsula Data Container"). */
const containerUrl = (simulatorUrl: string) => `${simulatorUrl}/api/folders`;

/** This node forwarding the item's container (binary field "data"). */
function ozContainerParameters(options: Record<string, unknown>) {
	return {
		resource: 'folder',
		operation: 'analyzeContainer',
		binaryPropertyName: 'data',
		simplify: true,
		options,
	};
}

/** n8n's HTTP Request node forwarding binary field "data" as the raw body, with the token header. */
function httpContainerParameters(url: string, token: string) {
	return {
		method: 'POST',
		url,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'X-Forensic-Access-Token', value: token }] },
		sendBody: true,
		contentType: 'binaryData',
		inputDataFieldName: 'data',
		options: {},
	};
}

/** `files`: the Read/Write Files from Disk node's file selector, e.g. `/folder/*.mp4`. */
export function benchWorkflow(
	id: string,
	files: string,
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
			parameters: { operation: 'read', fileSelector: files, options: {} },
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
	} else if (upload.kind === 'ozContainer') {
		nodes.push({
			id: 'u',
			name: 'Upload',
			type: 'n8n-nodes-oz-forensics.ozForensics',
			typeVersion: 1,
			position: [440, 0],
			onError: 'continueRegularOutput',
			// Per-execution limits, as the multipart rows.
			parameters: ozContainerParameters({
				parallelRequests: upload.parallelRequests,
				sharedLimit: false,
				timeout: 300,
			}),
			credentials: { ozForensicsApi: CREDENTIAL },
		});
	} else if (upload.kind === 'httpContainer') {
		nodes.push({
			id: 'u',
			name: 'Upload',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			onError: 'continueRegularOutput',
			parameters: httpContainerParameters(containerUrl(simulatorUrl), token),
		});
	}
	return chain(id, `bench ${id}`, nodes);
}

/** The nodes in a row, each feeding the next. */
function chain(id: string, name: string, nodes: Array<Record<string, unknown>>) {
	const names = nodes.map((node) => node.name as string);
	const connections = Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** The container burst's senders: this node (default options) or the HTTP Request node. */
export type ContainerSender = 'oz' | 'http';

/**
 * Webhook (Raw Body on: the container arrives as binary field "data") → the sender → Respond to
 * Webhook with the caller's case id (header X-Case-Id) and Oz's decision. The HTTP Request node
 * takes the access token from the caller's X-Oz-Token header, as the multipart burst's does.
 */
export function containerBurstWorkflow(
	sender: ContainerSender,
	path: string,
	simulatorUrl: string,
	credential: { id: string; name: string },
) {
	const id = sender === 'oz' ? 'ozBurstContain01' : 'ozBurstContHttp1';
	const send =
		sender === 'oz'
			? {
					type: 'n8n-nodes-oz-forensics.ozForensics',
					typeVersion: 1,
					parameters: ozContainerParameters({}),
					credentials: { ozForensicsApi: credential },
				}
			: {
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: httpContainerParameters(
						containerUrl(simulatorUrl),
						"={{ $('Webhook').first().json.headers['x-oz-token'] }}",
					),
				};
	return chain(id, `bench: container burst, ${sender === 'oz' ? 'this node' : 'HTTP Request'}`, [
		{
			id: 'webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId:
				sender === 'oz'
					? '6c1e0b2a-4d3f-4e5a-8b7c-9d0e1f2a3b01'
					: '6c1e0b2a-4d3f-4e5a-8b7c-9d0e1f2a3b02',
			parameters: {
				httpMethod: 'POST',
				path,
				responseMode: 'responseNode',
				options: { rawBody: true },
			},
		},
		{
			id: 'send',
			name: 'Send Container',
			position: [220, 0],
			onError: 'continueRegularOutput',
			...send,
		},
		{
			id: 'respond',
			name: 'Respond to Webhook',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [440, 0],
			parameters: {
				respondWith: 'json',
				responseBody:
					"={{ { caseId: $('Webhook').first().json.headers['x-case-id'], decision: $json.system_resolution ?? null, error: $json.error ? String($json.error.message ?? $json.error) : null } }}",
				options: {},
			},
		},
	]);
}
