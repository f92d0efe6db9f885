import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/**
 * Serves test credentials and applies a credential type's own `authenticate`
 * definition, resolving its `={{$credentials.x}}` expressions with n8n's expression engine.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.types[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!authenticate || authenticate.type !== 'generic' || !workflow || !node) return options;
		const target = options as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			const resolved: Record<string, unknown> = { ...(target[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
				resolved[key] =
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
			}
			target[outerKey] = resolved;
		}
		return options;
	}

	/**
	 * As n8n's own helper does: call the type's preAuthentication when its expirable hidden
	 * field is empty or the request was answered 401, and store what it returns.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.preAuthentications++;
		Object.assign(this.data[typeName], output);
		return Object.assign(credentials, output);
	}

	/** How often preAuthentication logged in, for the tests. */
	preAuthentications = 0;

	/** How often a node read (and n8n would decrypt) a credential, for the tests. */
	reads = 0;

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	/** The stored data with the type's defaults filled in, as n8n decrypts credentials. */
	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		this.reads++;
		const defaults = Object.fromEntries(
			(this.types[type]?.properties ?? []).map((p) => [p.name, p.default]),
		);
		return { ...defaults, ...data } as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}
}
