import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class OzForensicsApi implements ICredentialType {
	name = 'ozForensicsApi';

	displayName = 'Oz Forensics API';

	icon: Icon = { light: 'file:../icons/ozForensics.svg', dark: 'file:../icons/ozForensics.dark.svg' };

	documentationUrl = 'https://doc.ozforensics.com/oz-knowledge/guides/developer-guide/api/oz-api/use-cases/authentication';

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
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An Oz access token, e.g. the long-lived token of a service account (CLIENT SERVICE role)',
		},
		{
			displayName: 'Ignore SSL Issues',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the server certificate cannot be verified, e.g. an on-premise host with a self-signed certificate',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Forensic-Access-Token': '={{$credentials.accessToken}}' },
		},
	};

	// Listing one folder is cheap and read-only; 401 means a bad token, 404 or HTML a wrong host.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/api/folders/',
			method: 'GET',
			qs: { limit: 1 },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Oz rejected the access token: check it, or issue a new one' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The token is valid but may not list folders: check the user\'s role' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'No Oz API at this Base URL: enter the API host, e.g. https://sandbox.ohio.ozforensics.com' },
			},
		],
	};
}
