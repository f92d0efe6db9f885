import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import {
	BASE_URL_EXPRESSION,
	LOGIN_FAILED,
	paths,
	stripBaseUrl,
	TOKEN_HEADER,
} from '../nodes/OzForensics/ozApi';

const showForToken = { show: { authentication: ['accessToken'] } };
const showForLogin = { show: { authentication: ['emailPassword'] } };

export class OzForensicsApi implements ICredentialType {
	name = 'ozForensicsApi';

	displayName = 'Oz Forensics API';

	icon: Icon = {
		light: 'file:../icons/ozForensics.svg',
		dark: 'file:../icons/ozForensics.dark.svg',
	};

	documentationUrl =
		'https://doc.ozforensics.com/oz-knowledge/guides/developer-guide/api/oz-api/use-cases/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://sandbox.ohio.ozforensics.com',
			description: 'The Oz API host you got from Oz Forensics, with or without a trailing slash',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Token',
					value: 'accessToken',
					description: "A token you already have, e.g. a service account's long-lived token",
				},
				{
					name: 'Email and Password',
					value: 'emailPassword',
					description: 'Log in as an Oz user; n8n renews the token when it expires',
				},
			],
			default: 'accessToken',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: showForToken,
			description:
				'An Oz access token, e.g. the long-lived token of a service account (CLIENT SERVICE role)',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. name@example.com',
			default: '',
			required: true,
			displayOptions: showForLogin,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: showForLogin,
		},
		{
			// Filled by preAuthentication; n8n empties and refills it when Oz answers 401.
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Ignore SSL Issues',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the server certificate cannot be verified, e.g. an on-premise host with a self-signed certificate',
		},
	];

	/**
	 * Email-and-password mode: log in once and keep the token until Oz rejects it. The one call
	 * outside the node's transport: n8n runs it before any request, with only its own helper.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		if (credentials.authentication !== 'emailPassword') return {};
		const baseUrl = stripBaseUrl(String(credentials.baseUrl ?? ''));
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}${paths.login}`,
				body: { credentials: { email: credentials.email, password: credentials.password } },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			// LOGIN_FAILED tells the node this is no network trouble of its own request.
			// A fresh error: the HTTP client's one carries the request body, and so the password.
			throw new UserError(
				`${LOGIN_FAILED}: could not reach the Oz API at ${baseUrl} (${(error as Error).message})`,
			);
		}
		const body = (response.body ?? {}) as IDataObject;
		if (
			response.statusCode < 200 ||
			response.statusCode >= 300 ||
			typeof body.access_token !== 'string'
		) {
			const reason =
				typeof body.error_message === 'string' ? body.error_message : `HTTP ${response.statusCode}`;
			// Code 15 is the framework's "credentials invalid", 211 a blocked user (lamb-core, lamb/exc.py).
			if (body.error_code === 211)
				throw new UserError(`${LOGIN_FAILED}: this Oz user is blocked (${reason})`);
			throw new UserError(`${LOGIN_FAILED}: Oz did not accept the email and password (${reason})`);
		}
		return { sessionToken: body.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				[TOKEN_HEADER]:
					'={{$credentials.authentication === "emailPassword" ? $credentials.sessionToken : $credentials.accessToken}}',
			},
		},
	};

	// Listing one folder is cheap and read-only; 401 means a bad token, 404 or HTML a wrong host.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: paths.folders,
			method: 'GET',
			qs: { limit: 1 },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Oz rejected the access token: check it, or issue a new one',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: "The token is valid but may not list folders: check the user's role",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Oz API at this Base URL: enter the API host, e.g. https://sandbox.ohio.ozforensics.com',
				},
			},
		],
	};
}
