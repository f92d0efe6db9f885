import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { isPlainObject } from '../input/json';
import { DEFAULT_TIMEOUT_SECONDS } from '../ozApi';
import type { RawBody } from '../payload/containerBody';
import { uploadStoppedShort } from '../payload/multipartBody';
import type { Admission } from './admission';
import { connectionError } from './connectionErrors';
import type { OzCredentials } from './session';
import { CREDENTIAL_TYPE, decryptedCredential } from './session';
import type { UploadFile } from './uploadErrors';

/** What calls Oz: a node's execution, or the editor asking for a picker's list. */
export type OzContext = IExecuteFunctions | ILoadOptionsFunctions;

/** A multipart or raw body can be sent once; a factory builds a fresh one for each attempt. */
type BodySource = FormData | IDataObject | string[] | (() => Promise<FormData>) | RawBody;

export interface OzRequest {
	method: IHttpRequestMethods;
	/** A path on the Oz host, or with `file` a whole URL. */
	path: string;
	body?: BodySource;
	qs?: IDataObject;
	timeoutSeconds?: number;
	/** A file to download (a best shot): the answer's bytes, and the token only if the URL is on the Oz host. */
	file?: boolean;
	/**
	 * A request that starts analyses: it waits for its turn at the Oz host (shared by every
	 * execution of the process) before it is sent, and its deadline bounds its timeout.
	 */
	admission?: Admission;
	/** The files of a multipart upload: for errors that name the file and its size. */
	uploads?: UploadFile[];
	/**
	 * An OzCapsula container (page "OzCapsula Data Container"): its code 14 means a container or
	 * session token refused, not the framework's "request body too big", and Oz's limit per media
	 * file does not apply to the container as a whole.
	 */
	container?: boolean;
}

/** One request to one Oz host, as every try of it sees it. */
export interface Target {
	ctx: OzContext;
	baseUrl: string;
	credentials: OzCredentials;
	/** Whether the token goes along: not to a best shot on another origin. */
	withToken: boolean;
	itemIndex: number;
}

/** The request's own timeout, or what is left of its item's Timeout (at least a second). */
export function timeoutMs(request: OzRequest): number {
	const own = (request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
	const deadline = request.admission?.deadline;
	return deadline === undefined ? own : Math.max(1000, Math.min(own, deadline - Date.now()));
}

function isRawBody(body: unknown): body is RawBody {
	return (
		isPlainObject(body) && typeof body.open === 'function' && typeof body.contentType === 'string'
	);
}

/**
 * The one place the node's HTTP requests leave n8n, through n8n's request helpers. `credentials`
 * may stand in for the stored ones, as a renewal does with the session token emptied.
 */
export async function send(
	target: Target,
	request: OzRequest,
	credentials = target.credentials,
): Promise<IN8nHttpFullResponse> {
	const { ctx, baseUrl } = target;
	const source = typeof request.body === 'function' ? await request.body() : request.body;
	const raw = isRawBody(source) ? source : undefined;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.file ? request.path : `${baseUrl}${request.path}`,
		body: raw ? await raw.open() : (source as Exclude<BodySource, RawBody | (() => unknown)>),
		// A raw body gets its own type; a multipart one gets its boundary from the HTTP client.
		...(raw
			? {
					headers: {
						'Content-Type': raw.contentType,
						'Content-Length': String(raw.length),
					},
				}
			: {}),
		qs: request.qs,
		json: !request.file,
		...(request.file ? { encoding: 'arraybuffer' as const } : {}),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs(request),
		skipSslCertificateValidation: credentials.ignoreSslIssues === true,
		// Following redirects makes the HTTP client keep a copy of the whole body to replay it:
		// uploads would sit in memory. Oz does not redirect its API; a redirect is reported.
		disableFollowRedirect: request.method !== 'GET',
	};
	// n8n would read and decrypt the credential a second time. With Email and Password it must,
	// unless a renewal hands its own: another request may have renewed the session token since.
	const stored = credentials === target.credentials;
	const decrypted =
		stored && credentials.authentication === 'emailPassword'
			? undefined
			: { credentialsDecrypted: decryptedCredential(credentials) };
	try {
		return (await (target.withToken
			? ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, decrypted)
			: ctx.helpers.httpRequest(options))) as IN8nHttpFullResponse;
	} catch (error) {
		const failure = connectionError(ctx.getNode(), error, baseUrl, target.itemIndex);
		if (uploadStoppedShort(source)) failure.context.stoppedShort = true;
		throw failure;
	}
}
