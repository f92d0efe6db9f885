import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { paths } from '../../shared/ozApi';
import { folderIdField, mediaRowsField, timeoutOption, optionsCollection } from '../../shared/descriptions';
import { requireId } from '../../shared/ids';
import { buildSingleRequestBody, readMediaParts } from '../../shared/multipart';
import { collectionRows, readOptions } from '../../shared/params';
import type { OzPayload } from '../../shared/payload';
import { buildMediaFromRows } from '../../shared/payload';
import { ozApiRequest } from '../../shared/transport';

const showOnlyForAddMedia = { resource: ['folder'], operation: ['addMedia'] };

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForAddMedia, 'The folder to add the files to'),
	mediaRowsField(showOnlyForAddMedia),
	optionsCollection(showOnlyForAddMedia, [timeoutOption]),
];

export const options = [timeoutOption];

/** Folder → Add Media: uploads files with tags to an existing folder. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireId(this.getNodeParameter('folderId', itemIndex, ''), 'Folder ID');
	const { files, tags, mediaMeta } = buildMediaFromRows(collectionRows(this, 'media', itemIndex, 'file'));
	const payload: Omit<OzPayload, 'analyses'> = { 'media:tags': tags };
	if (Object.keys(mediaMeta).length > 0) payload['media:meta_data'] = mediaMeta;
	const parts = await readMediaParts(this, itemIndex, files);
	const { timeout } = readOptions<{ timeout: number }>(this, itemIndex, options);
	const media = await ozApiRequest(
		this,
		{ method: 'POST', path: paths.folderMedia(folderId), body: async () => await buildSingleRequestBody(parts, payload), timeoutSeconds: timeout },
		itemIndex,
	);
	return [{ json: { folder_id: folderId, media: Array.isArray(media) ? media : [media] }, pairedItem: { item: itemIndex } }];
}
