/** Oz's error codes ("API Error Codes" page of the Oz docs). */
export const OzErrorCode = {
	UNKNOWN: 0,
	NOT_ALLOWED: 1,
	INVALID_STRUCTURE: 3,
	INVALID_VALUE: 4,
	INVALID_TYPE: 5,
	AUTH_NOT_PROVIDED: 6,
	AUTH_INVALID: 7,
	AUTH_EXPIRED: 8,
	AUTH_FORBIDDEN: 9,
	NOT_EXIST: 10,
	// Page "OzCapsula Data Container": a request with no container, and one that does not unpack.
	CONTAINER_MISSING: 13,
	CONTAINER_INVALID: 14,
} as const;

/** An answer in Oz's error shape `{error_code, error_message, details}`. */
export class OzError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly details: unknown = null,
	) {
		super(message);
	}

	/** The framework's serializer names the details `error_details` (lamb-core, lamb/middleware/rest.py). */
	body(framework = false) {
		return framework
			? { error_code: this.code, error_message: this.message, error_details: this.details }
			: { error_code: this.code, error_message: this.message, details: this.details };
	}
}
