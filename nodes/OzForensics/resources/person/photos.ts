import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildSingleRequestBody, readMediaParts } from '../../request/multipart';
import type { ItemParameters } from '../../request/parameters';
import { buildMediaFromRows } from '../../request/payload';
import type { OzRequest } from '../../transport/request';

/**
 * A person's photos as page "Collection (1:N) Management in Oz API" sends them: file parts plus
 * a `payload` with "media:tags" (and "person:meta_data" when adding a person). Rows, checks and
 * streaming as in Folder → Analyze.
 */
export async function photosRequest(
	ctx: IExecuteFunctions,
	parameters: ItemParameters,
	itemIndex: number,
	path: string,
	personMeta?: IDataObject,
): Promise<OzRequest> {
	const media = buildMediaFromRows(parameters.rows('media', 'file'));
	const payload: IDataObject = { 'media:tags': media.tags };
	if (Object.keys(media.mediaMeta).length > 0) payload['media:meta_data'] = media.mediaMeta;
	if (personMeta && Object.keys(personMeta).length > 0) payload['person:meta_data'] = personMeta;
	const parts = await readMediaParts(ctx, itemIndex, media.files);
	return {
		method: 'POST',
		path,
		body: async () => await buildSingleRequestBody(parts, payload),
		uploads: parts,
	};
}
