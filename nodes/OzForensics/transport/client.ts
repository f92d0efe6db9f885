import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FolderSearch } from './folderSearch';
import { getFolder, searchFolders, searchList } from './folderSearch';
import type { OzFile, OzRequest } from './request';
import { ozApiDownload, ozApiObject, ozApiRequest } from './request';

/**
 * The Oz API as one item sees it: every call carries the item's index (for its credential,
 * expressions and errors), so code that works for an item takes this one object instead of
 * the execute context and the index side by side.
 */
export class OzClient {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
	) {}

	async request(request: OzRequest): Promise<IDataObject | IDataObject[]> {
		return await ozApiRequest(this.ctx, request, this.itemIndex);
	}

	async object(request: OzRequest): Promise<IDataObject> {
		return await ozApiObject(this.ctx, request, this.itemIndex);
	}

	async download(url: string, timeoutSeconds?: number): Promise<OzFile> {
		return await ozApiDownload(this.ctx, url, this.itemIndex, timeoutSeconds);
	}

	/** One folder with its analyses. */
	async folder(folderId: string): Promise<IDataObject> {
		return await getFolder(this.ctx, folderId, this.itemIndex);
	}

	async folders(search: FolderSearch): Promise<IDataObject[]> {
		return await searchFolders(this.ctx, this.itemIndex, search);
	}

	async list(path: string, idField: string, search: FolderSearch): Promise<IDataObject[]> {
		return await searchList(this.ctx, this.itemIndex, path, idField, search);
	}

	/** Whether the execution was cancelled (the Stop button, or a timeout of the workflow). */
	get cancelled(): boolean {
		return this.ctx.getExecutionCancelSignal?.()?.aborted === true;
	}
}

export function ozClient(ctx: IExecuteFunctions, itemIndex: number): OzClient {
	return new OzClient(ctx, itemIndex);
}
