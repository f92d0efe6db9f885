import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OzForensicsApi } from '../../credentials/OzForensicsApi.credentials';
import { startSimulator, type Simulator } from '../../simulator';
import { TestCredentialsHelper } from './credentialsHelper';
import { nodeTypes, OZ_NODE_TYPE } from './harness';

/**
 * The credential's "Test" request, resolved with n8n's expression engine as the editor
 * resolves it, then sent: it must tell a wrong token from a wrong host.
 */
const credentialType = new OzForensicsApi();
const node: INode = {
	id: 'oz',
	name: 'Oz',
	type: OZ_NODE_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

async function runCredentialTest(credentials: ICredentialDataDecryptedObject) {
	const resolve = (value: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				)
			: value;
	const request = credentialType.test.request;
	const helper = new TestCredentialsHelper({ ozForensicsApi: credentialType }, {});
	const options = await helper.authenticate(
		credentials,
		'ozForensicsApi',
		{ url: request.url ?? '', headers: {} } as IHttpRequestOptions,
		workflow,
		node,
	);
	const url = new URL(`${String(resolve(request.baseURL))}${request.url}`);
	for (const [key, value] of Object.entries(request.qs ?? {}))
		url.searchParams.set(key, String(value));
	const response = await fetch(url, {
		method: request.method,
		headers: options.headers as Record<string, string>,
	});
	const rule = credentialType.test.rules?.find(
		(candidate) =>
			candidate.type === 'responseCode' && candidate.properties.value === response.status,
	);
	return { status: response.status, message: rule?.properties.message };
}

let simulator: Simulator;
beforeAll(async () => {
	simulator = await startSimulator({ tokens: ['good'] });
});
afterAll(() => simulator.close());

describe('credential test', () => {
	// The same four forms the node accepts (one rule, in shared/ozApi.ts).
	it.each(['', '/', '/api', '/api/', '/api/ '])(
		'passes with the right token for the Base URL "host%s"',
		async (suffix) => {
			simulator.store.requests.length = 0;
			expect(
				await runCredentialTest({ baseUrl: `${simulator.url}${suffix}`, accessToken: 'good' }),
			).toEqual({ status: 200, message: undefined });
			const [request] = simulator.store.requests;
			expect(request).toMatchObject({
				method: 'GET',
				path: '/api/folders/',
				query: { limit: '1' },
			});
		},
	);

	it('says the token was rejected for a wrong token', async () => {
		expect(await runCredentialTest({ baseUrl: simulator.url, accessToken: 'bad' })).toEqual({
			status: 401,
			message: 'Oz rejected the access token: check it, or issue a new one',
		});
	});

	it('says there is no Oz API for a host that answers 404', async () => {
		const result = await runCredentialTest({
			baseUrl: `${simulator.url}/not-oz`,
			accessToken: 'good',
		});
		expect(result.status).toBe(404);
		expect(result.message).toMatch(/No Oz API at this Base URL/);
	});
});
