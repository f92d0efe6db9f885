// What to do about an error Oz or a gateway answered: data only, read by apiErrors.ts.

/** What to do, per Oz error code. */
export const OZ_CODE_HINTS: Record<number, string> = {
	0: 'Oz reported an internal error. Try again later; if it persists, give Oz support the time of the request',
	1: 'This Oz server does not allow this method: check that the Base URL points at Oz API 6.0.1 or later',
	2: 'This Oz server does not implement this call: check its version with your Oz contact',
	3: 'Oz rejected the structure of the request: check the media keys, tags and analyses against the Oz docs',
	4: 'Oz rejected a value in the request: check the tags, analysis types and parameters',
	5: 'Oz rejected the type of a value: metadata and parameters must be JSON objects, tags must be lists of text',
	6: 'No access token reached Oz: enter the Access Token in the Oz Forensics API credential',
	7: 'Oz does not know this access token: check it in the credential, or issue a new one',
	8: 'The access token has expired: issue a new one (service accounts get long-lived tokens)',
	9: 'Your Oz user may not do this: ask your Oz administrator for the rights it needs (e.g. to start this analysis)',
	10: 'The object does not exist on this Oz server: check the ID',
	11: 'A service Oz depends on failed: try again later',
	// The framework's codes above 11 (lamb-core, lamb/exc.py; docs/oz-facts.md#error-codes).
	12: "Oz's database failed: try again later; if it persists, give Oz support the time of the request",
	13: 'Oz already has this object: look it up instead of creating it again',
	14: 'The request is larger than Oz accepts: send smaller files',
	15: 'Oz did not accept the email and password: fix them in the Oz Forensics API credential (the node does not try again)',
	16: 'A value is out of the range Oz accepts: check offsets, limits and dates',
	17: 'Oz failed on its side: try again later; if it persists, give Oz support the time of the request',
	101: 'Oz is throttling this account: the node waited and tried again; send fewer requests at once or spread the executions out',
	201: 'Oz asks for a newer client: check the Oz API version with your Oz contact',
	202: 'Oz refused the request: see its message',
	203: 'Oz refused the request: see its message',
	211: 'This Oz user is blocked: ask your Oz administrator to unblock it, or use another credential',
	221: "Oz's business rules refused the request: see its message",
};

const REDIRECT_HINT =
	'The Base URL redirects elsewhere, e.g. from http:// to https://: enter the address it redirects to in the credential';

/** What to do, per HTTP status, when the body does not say more. */
export const STATUS_HINTS: Record<number, string> = {
	301: REDIRECT_HINT,
	302: REDIRECT_HINT,
	307: REDIRECT_HINT,
	308: REDIRECT_HINT,
	401: 'Check the Access Token in the Oz Forensics API credential',
	403: 'Your Oz user lacks the rights for this call: ask your Oz administrator',
	404: 'Nothing answers at this path: check that the Base URL is the Oz API host, e.g. https://sandbox.ohio.ozforensics.com',
	405: 'This server does not take this method here: check that the Base URL is an Oz API 6.0.1 or later host',
	413: 'The files are larger than the server accepts: send shorter videos or smaller photos, or ask Oz to raise the limit',
	429: 'Too many requests at once: the node waited and tried again; lower the number of items per run or pace the workflow',
	500: 'The Oz server failed: try again later',
	502: 'A gateway in front of Oz got no valid answer: try again later',
	503: 'Oz is unavailable or overloaded: try again later',
	504: 'A gateway in front of Oz gave up waiting: the analysis may still have run; look the folder up before sending it again',
};
