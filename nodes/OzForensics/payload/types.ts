import type { IDataObject } from 'n8n-workflow';

/*
 * The shapes of Oz's single request (page "Single Request"): the JSON part named `payload`,
 * the files that go beside it, and the node's rows they are built from.
 */

/** One entry of `analyses`. */
export interface PayloadAnalysis {
	type: string;
	/** Blacklist only, at the top level of the analysis (page "Collection (1:N) Check"). */
	collection_id?: string;
	params?: IDataObject;
	meta_data?: IDataObject;
	source_media?: string[];
}

/** The whole `payload` part. */
export interface OzPayload {
	'folder:meta_data'?: IDataObject;
	'media:meta_data'?: Record<string, IDataObject>;
	'media:tags': Record<string, string[]>;
	analyses: PayloadAnalysis[];
}

/** Which input binary goes into the multipart part named `key`. */
export interface MediaFileRef {
	key: string;
	binaryPropertyName: string;
}

/** The media rows of a form, checked: the files to attach and their tags and metadata. */
export interface MediaRows {
	files: MediaFileRef[];
	tags: Record<string, string[]>;
	mediaMeta: Record<string, IDataObject>;
}

/** What Folder → Analyze sends as one multipart body: the `payload` part and the files beside it. */
export interface AnalyzeUpload {
	payload: OzPayload;
	files: MediaFileRef[];
}

export interface MediaRowInput {
	binaryPropertyName?: string;
	mediaKey?: string;
	tags?: unknown;
	extraTags?: string;
	metadata?: unknown;
}

export interface AnalysisRowInput {
	type?: string;
	/** Liveness only: sets params.extract_best_shot (page "Best Shot"). */
	extractBestShot?: boolean;
	collectionId?: string;
	params?: unknown;
	metadata?: unknown;
	/** Media IDs of an existing folder, separated by commas (Analysis → Start). */
	sourceMedia?: string;
}

export interface FileRowInput {
	binaryPropertyName?: string;
	mediaKey?: string;
}
