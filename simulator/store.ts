import type { IncomingHttpHeaders } from 'node:http';

import type { ReceivedRequest, StoredAnalysis, StoredCollection, StoredFolder } from './types';

export class Store {
	readonly requests: ReceivedRequest[] = [];

	/** API requests being handled now, and the most there ever were at once. */
	inFlight = 0;

	maxInFlight = 0;

	readonly folders = new Map<string, StoredFolder>();

	readonly analyses = new Map<string, { folder: StoredFolder; analysis: StoredAnalysis }>();

	/** Blacklist collections, with their persons and photos. */
	readonly collections = new Map<string, StoredCollection>();

	/** Requests for files under /static/, with the host name they were sent to. */
	readonly downloads: Array<{ path: string; host: string; headers: IncomingHttpHeaders }> = [];

	/** Files served under /static/: media originals and best shots. */
	readonly staticFiles = new Map<string, { data: Buffer; mimeType: string }>();

	reset(): void {
		this.requests.length = 0;
		this.downloads.length = 0;
		this.maxInFlight = this.inFlight;
		this.folders.clear();
		this.analyses.clear();
		this.staticFiles.clear();
		this.collections.clear();
	}
}
