import type { IDataObject } from 'n8n-workflow';

import { multipartBody, readMediaParts } from '../../payload/multipartBody';
import type { MediaRows } from '../../payload/types';
import type { OzClient } from '../../transport/client';
import type { OzRequest } from '../../transport/request';

/**
 * A person's photos as page "Collection (1:N) Management in Oz API" sends them: file parts plus
 * a `payload` with "media:tags" (and "person:meta_data" when adding a person). Rows, checks and
 * streaming as in Folder → Analyze.
 */
export async function photosRequest(
	client: OzClient,
	path: string,
	photos: MediaRows,
	personMeta?: IDataObject,
): Promise<OzRequest> {
	const payload: IDataObject = { 'media:tags': photos.tags };
	if (Object.keys(photos.mediaMeta).length > 0) payload['media:meta_data'] = photos.mediaMeta;
	if (personMeta && Object.keys(personMeta).length > 0) payload['person:meta_data'] = personMeta;
	const parts = await readMediaParts(client.ctx, client.itemIndex, photos.files);
	return {
		method: 'POST',
		path,
		body: async () => await multipartBody(parts, payload),
		uploads: parts,
	};
}
