import type { INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ozApiError } from '../../nodes/OzForensics/transport/apiErrors';
import { BASE_URL_EXPRESSION, stripBaseUrl } from '../../nodes/OzForensics/ozApi';
import { OzInputError } from '../../nodes/OzForensics/input/inputError';
import { normaliseBaseUrl } from '../../nodes/OzForensics/transport/baseUrl';

describe('normaliseBaseUrl', () => {
	it.each([
		['https://sandbox.ohio.ozforensics.com', 'https://sandbox.ohio.ozforensics.com'],
		['https://sandbox.ohio.ozforensics.com/', 'https://sandbox.ohio.ozforensics.com'],
		[' https://oz.example.com/api/ ', 'https://oz.example.com'],
		['http://10.0.0.5:8080/oz//', 'http://10.0.0.5:8080/oz'],
	])('%s → %s', (input, expected) => {
		expect(normaliseBaseUrl(input)).toBe(expected);
	});

	it.each([
		['', /not a valid URL/],
		['sandbox.ohio.ozforensics.com', /not a valid URL/],
		['ftp://oz.example.com', /must start with https:\/\/ or http:\/\//],
		['https://user:secret@oz.example.com', /must not contain a user name or password/],
	])('rejects %j', (input, message) => {
		expect(() => normaliseBaseUrl(input)).toThrow(OzInputError);
		expect(() => normaliseBaseUrl(input)).toThrow(message);
	});
});

describe('one Base URL rule for the node and the credential test', () => {
	const node: INode = {
		id: '1',
		name: 'Oz',
		type: 'oz',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeTypes = {
		getByName: () => undefined,
		getByNameAndVersion: () => undefined,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const viaExpression = (baseUrl: string) =>
		workflow.expression.getSimpleParameterValue(
			node,
			BASE_URL_EXPRESSION,
			'internal',
			{ $credentials: { baseUrl } },
			undefined,
			'',
		);

	it.each([
		'https://oz.example.com',
		'https://oz.example.com/',
		'https://oz.example.com/api',
		'https://oz.example.com/api/',
		' https://oz.example.com/API// ',
		'http://10.0.0.5:8080/oz/',
	])("%j: the expression n8n resolves for the credential test equals the node's rule", (input) => {
		expect(viaExpression(input)).toBe(stripBaseUrl(input));
		expect(normaliseBaseUrl(input)).toBe(stripBaseUrl(input));
	});
});

describe('ozApiError', () => {
	const node: INode = {
		id: '1',
		name: 'Oz Forensics',
		type: 'n8n-nodes-oz-forensics.ozForensics',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	it('keeps Oz error code, message and HTTP status, with advice for the code', () => {
		const error = ozApiError(
			node,
			401,
			{ error_code: 8, error_message: 'Session expired', details: null },
			3,
		);
		expect(error.message).toBe('Oz API error 8: Session expired (HTTP 401)');
		expect(error.description).toMatch(/expired/);
		expect(error.httpCode).toBe('401');
		expect(error.context).toMatchObject({
			error_code: 8,
			error_message: 'Session expired',
			itemIndex: 3,
		});
	});

	it('explains an HTML answer by its status and quotes its beginning', () => {
		const error = ozApiError(node, 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 0);
		expect(error.message).toBe('The Oz server answered HTTP 502 without an Oz error body');
		expect(error.description).toMatch(/gateway.*502 Bad Gateway/s);
	});
});
