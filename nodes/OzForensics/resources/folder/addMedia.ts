import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaRowsField } from '../../descriptions/fields';
import { folderIdField } from '../../descriptions/locatorFields';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { ItemParameters } from '../../input/parameters';
import { itemsFor } from '../../output/items';
import { paths } from '../../ozApi';
import { buildMediaFromRows } from '../../payload/fromFields';
import { multipartBody, readMediaParts } from '../../payload/multipartBody';
import type { MediaRows, OzPayload } from '../../payload/types';
import { OzClient } from '../../transport/client';
import type { Operation } from '../types';

const options = [timeoutOption];

const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['addMedia'] } },
	[folderIdField('The folder to add the files to'), mediaRowsField(), optionsCollection(options)],
);

interface AddMediaInput {
	folderId: string;
	media: MediaRows;
	timeoutSeconds: number;
}

function readInput(parameters: ItemParameters): AddMediaInput {
	return {
		folderId: parameters.pickedId('folderId', 'Folder'),
		media: buildMediaFromRows(parameters.rows('media', 'file')),
		timeoutSeconds: parameters.options(options).number('timeout'),
	};
}

/** Folder → Add Media: uploads files with tags to an existing folder (page "Uploading Media"). */
async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { folderId, media, timeoutSeconds } = readInput(new ItemParameters(this, itemIndex));
	const payload: Omit<OzPayload, 'analyses'> = { 'media:tags': media.tags };
	if (Object.keys(media.mediaMeta).length > 0) payload['media:meta_data'] = media.mediaMeta;
	const parts = await readMediaParts(this, itemIndex, media.files);
	const added = await new OzClient(this, itemIndex).request({
		method: 'POST',
		path: paths.folderMedia(folderId),
		body: async () => await multipartBody(parts, payload),
		uploads: parts,
		timeoutSeconds,
	});
	return itemsFor(this, itemIndex, {
		folder_id: folderId,
		media: Array.isArray(added) ? added : [added],
	});
}

export const operation = { description, execute, createsAtOz: true } satisfies Operation;
