import { OzInputError } from '../input/inputError';
import { stripBaseUrl } from '../ozApi';

/** Accepts the host with or without a trailing slash (and with a pasted `/api`). */
export function normaliseBaseUrl(value: unknown): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	const url = URL.canParse(raw) ? new URL(raw) : undefined;
	if (!url) {
		throw new OzInputError(
			`The credential's Base URL ${raw ? `"${raw}" ` : ''}is not a valid URL`,
			'Base URL',
			'Enter the Oz API host you got from Oz, e.g. https://sandbox.ohio.ozforensics.com',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new OzInputError(
			`The credential's Base URL must start with https:// or http://`,
			'Base URL',
			'Enter the Oz API host, e.g. https://sandbox.ohio.ozforensics.com',
		);
	}
	if (url.username || url.password) {
		throw new OzInputError(
			"The credential's Base URL must not contain a user name or password",
			'Base URL',
			'Remove the part before "@": Oz takes the access token in the Access Token field',
		);
	}
	return stripBaseUrl(`${url.origin}${url.pathname}`);
}
