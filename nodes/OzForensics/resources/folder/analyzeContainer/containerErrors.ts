import { type INode, NodeApiError, type NodeError } from 'n8n-workflow';

const RECAPTURE =
	'Fetch a new session token before each capture (Session → Get Token) and capture again: a container can be sent only once';

/**
 * What to do about Oz's refusals of a container (page "OzCapsula Data Container"). The page
 * reuses 3, 4, 13 and 14 with meanings other than the framework's, so a refusal counts as the
 * container's only when its message or details use the page's words: read the message, not
 * the code alone. The page's message is "Invalid request data" in one version, "Invalid
 * structure" in another, with the reason beside it.
 */
const CONTAINER_REFUSALS: Array<{ code: number; words: RegExp; hint: string }> = [
	{
		code: 3,
		words: /payload\.json/i,
		hint: 'The container holds no payload (Oz: "Missing payload.json"). Check the SDK version and its capture settings, then capture again',
	},
	{
		code: 4,
		words: /no media have been added/i,
		hint: 'The container holds no media (Oz: "No media have been added into container"). Check that the capture finished in the SDK, then capture again',
	},
	{
		code: 5,
		words: /container is damaged/i,
		hint: 'The container is damaged (Oz: "Container is damaged"). Forward the SDK\'s blob byte for byte: in the Webhook node turn on "Raw Body", and don\'t convert or re-encode it on the way',
	},
	{
		code: 13,
		words: /container/i,
		hint: 'Oz received no container. Send the SDK\'s blob as the request\'s whole body: in the Webhook node turn on "Raw Body", and check the Input Binary Field',
	},
	{
		code: 14,
		words: /container|session token|signature|summinghash/i,
		hint: `Oz could not unpack the container or refused its session token (an expired or already used token, a replayed container, a bad signature). ${RECAPTURE}`,
	},
];

/** Whether Oz refused the container: a 4xx answer, after which nothing was analysed. */
export function isRefusal(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	return status >= 400 && status < 500 && error.context.outcomeUnknown !== true;
}

/** Oz's refusal of a container with the advice that fits containers; Oz's code and message stay. */
export function withContainerAdvice(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const code = error.context.error_code;
	const said = JSON.stringify([error.context.error_message, error.errorResponse?.details]);
	const refusal = CONTAINER_REFUSALS.find((entry) => entry.code === code && entry.words.test(said));
	if (refusal) error.description = refusal.hint;
	return error;
}

/** Where to find a folder whose answer was lost, in words and by the look-up the user set. */
function howToFind(lookUp: { key: string; value: string } | undefined): string {
	return lookUp
		? `No folder with ${lookUp.key} == "${lookUp.value}" was found yet: look again later with Folder → Get Many, Metadata filter ${lookUp.key}==${lookUp.value}`
		: 'Find it with Folder → Get Many, filtering on a metadata value your frontend put into the SDK\'s meta (e.g. transaction_id); set "Look Up By Metadata" in the options so the node does this itself';
}

/**
 * A container whose answer was lost, or that an earlier try already sent: Oz may have analysed
 * and billed it, and its session token is spent, so the node never sends it again.
 */
export function outcomeUnknownError(
	node: INode,
	itemIndex: number,
	why: string,
	lookUp: { key: string; value: string } | undefined,
	cause?: NodeError,
): NodeApiError {
	const error = new NodeApiError(
		node,
		{ reason: why },
		{
			message: `The outcome of this container is unknown: ${why}`,
			description: `Oz may have analysed and billed it; the node does not send a container twice. ${howToFind(lookUp)}. ${RECAPTURE}`,
			...(cause instanceof NodeApiError && cause.httpCode ? { httpCode: cause.httpCode } : {}),
			itemIndex,
		},
	);
	error.context.outcomeUnknown = true;
	for (const key of ['error_code', 'error_message'])
		if (cause?.context[key] !== undefined) error.context[key] = cause.context[key];
	return error;
}

/** A look-up value that matched more than one folder: which is this capture's, the node can't tell. */
export function ambiguousLookUpError(
	node: INode,
	itemIndex: number,
	lookUp: { key: string; value: string },
	folderIds: string[],
): NodeApiError {
	return new NodeApiError(
		node,
		{ folders: folderIds.join(', ') },
		{
			message: `More than one folder has ${lookUp.key} == "${lookUp.value}" (${folderIds.join(', ')}): the node can't tell which is this container's`,
			description:
				"Give each capture its own value in the SDK's meta (e.g. a new transaction_id per capture), then check these folders with Folder → Get",
			itemIndex,
		},
	);
}
