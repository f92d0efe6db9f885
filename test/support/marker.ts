/**
 * Every single request carries the node's marker in its folder metadata (n8n_request_id, a
 * 40-digit hex digest). Tests that compare a payload with the docs' take it out here, after
 * checking it is there and has that form.
 */
export function withoutMarker<T extends Record<string, unknown>>(payload: T): T {
	const meta = { ...(payload['folder:meta_data'] as Record<string, unknown> | undefined) };
	expect(meta.n8n_request_id).toMatch(/^[0-9a-f]{40}$/);
	delete meta.n8n_request_id;
	const rest: Record<string, unknown> = { ...payload };
	delete rest['folder:meta_data'];
	return (Object.keys(meta).length > 0 ? { ...rest, 'folder:meta_data': meta } : rest) as T;
}

/** The same for folder metadata as Oz stores and answers it. */
export function metadataWithoutMarker(meta: unknown): Record<string, unknown> {
	const copy = { ...(meta as Record<string, unknown>) };
	expect(copy.n8n_request_id).toMatch(/^[0-9a-f]{40}$/);
	delete copy.n8n_request_id;
	return copy;
}
