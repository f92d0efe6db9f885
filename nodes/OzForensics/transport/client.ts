import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { paths } from '../ozApi';
import type { ListSearch } from './paging';
import { pagedList } from './paging';
import type { OzFile, OzRequest } from './request';
import { ozApiAdmitted, ozApiDownload, ozApiObject, ozApiRequest } from './request';

/**
 * The Oz API as one item sees it: every call carries the item's index (for its credential,
 * expressions and errors), so code that works for an item takes this one object instead of
 * the execute context and the index side by side. With a deadline (the item's Timeout), no
 * call of it waits past that: a call without its own timeout gets what is left.
 */
export class OzClient {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		readonly deadline?: number,
	) {}

	async request(request: OzRequest): Promise<IDataObject | IDataObject[]> {
		return await ozApiRequest(this.ctx, this.bounded(request), this.itemIndex);
	}

	/** A request that starts analyses (with its `admission`): the answer, and its wait for a turn. */
	async startAnalyses(
		request: OzRequest,
	): Promise<{ body: IDataObject | IDataObject[]; queuedMs: number }> {
		return await ozApiAdmitted(this.ctx, this.bounded(request), this.itemIndex);
	}

	async object(request: OzRequest): Promise<IDataObject> {
		return await ozApiObject(this.ctx, this.bounded(request), this.itemIndex);
	}

	async download(url: string, timeoutSeconds?: number): Promise<OzFile> {
		return await ozApiDownload(this.ctx, url, this.itemIndex, timeoutSeconds);
	}

	/** One folder with its analyses (legacy page "Folder [SINGLE]": `with_analyses=true`). */
	async folder(folderId: string): Promise<IDataObject> {
		return await this.object({
			method: 'GET',
			path: paths.folder(folderId),
			qs: { with_analyses: true },
		});
	}

	/** Folders of the folder list that match (legacy page "Folder [LIST]"). */
	async folders(search: ListSearch): Promise<IDataObject[]> {
		return await this.list(paths.folders, 'folder_id', search);
	}

	/** Entries of one of Oz's lists that match, page by page. */
	async list(path: string, idField: string, search: ListSearch): Promise<IDataObject[]> {
		return await pagedList(
			async (qs) => await this.request({ method: 'GET', path, qs }),
			idField,
			search,
		);
	}

	/** Whether the execution was cancelled (the Stop button, or a timeout of the workflow). */
	get cancelled(): boolean {
		return this.ctx.getExecutionCancelSignal?.()?.aborted === true;
	}

	private bounded(request: OzRequest): OzRequest {
		if (this.deadline === undefined || request.timeoutSeconds !== undefined) return request;
		return { ...request, timeoutSeconds: Math.max(1, (this.deadline - Date.now()) / 1000) };
	}
}
