import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { folderIdField, mediaRowsField } from '../../descriptions/fields';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { buildSingleRequestBody, readMediaParts } from '../../request/multipart';
import { ItemParameters } from '../../request/parameters';
import type { OzPayload } from '../../request/payloadTypes';
import { buildMediaFromRows } from '../../request/payload';
import { paths } from '../../ozApi';
import { ozClient } from '../../transport/client';
import type { Operation } from '../types';

const showOnlyForAddMedia = { resource: ['folder'], operation: ['addMedia'] };
const options = [timeoutOption];

export const properties: INodeProperties[] = [
	folderIdField(showOnlyForAddMedia, 'The folder to add the files to'),
	mediaRowsField(showOnlyForAddMedia),
	optionsCollection(showOnlyForAddMedia, options),
];

function readInput(parameters: ItemParameters) {
	return {
		folderId: parameters.id('folderId', 'Folder ID'),
		media: buildMediaFromRows(parameters.rows('media', 'file')),
		options: parameters.options<{ timeout: number }>(options),
	};
}

/** Folder → Add Media: uploads files with tags to an existing folder (page "Uploading Media"). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { folderId, media, options: given } = readInput(new ItemParameters(this, itemIndex));
	const payload: Omit<OzPayload, 'analyses'> = { 'media:tags': media.tags };
	if (Object.keys(media.mediaMeta).length > 0) payload['media:meta_data'] = media.mediaMeta;
	const parts = await readMediaParts(this, itemIndex, media.files);
	const added = await ozClient(this, itemIndex).request({
		method: 'POST',
		path: paths.folderMedia(folderId),
		body: async () => await buildSingleRequestBody(parts, payload),
		uploads: parts,
		timeoutSeconds: given.timeout,
	});
	return [
		{
			json: { folder_id: folderId, media: Array.isArray(added) ? added : [added] },
			pairedItem: { item: itemIndex },
		},
	];
}

export const addMedia: Operation = { execute, options, createsAtOz: true };
