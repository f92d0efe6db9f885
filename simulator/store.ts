/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped: the simulator is a Node.js server */
import type { IncomingHttpHeaders } from 'node:http';

import type { AnalysisOutcome } from './analyses';
import type { PayloadAnalysis } from './payload';

export type Json = Record<string, unknown>;

/** What the simulator received, so tests can assert on the exact request. */
export interface ReceivedRequest {
	/** Epoch ms when the request arrived. */
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	files: Array<{ field: string; fileName: string; mimeType: string; data: Buffer }>;
	fields: Record<string, string>;
}

export interface StoredMedia {
	json: Json;
	data: Buffer;
}

export interface StoredAnalysis {
	/** Fields that do not change while the analysis runs. */
	json: Json;
	request: PayloadAnalysis;
	media: StoredMedia[];
	/** Epoch ms from which the analysis reads as finished. */
	readyAt: number;
	outcome?: AnalysisOutcome;
}

export interface StoredFolder {
	json: Json;
	media: StoredMedia[];
	analyses: StoredAnalysis[];
}

export class Store {
	readonly requests: ReceivedRequest[] = [];

	/** API requests being handled now, and the most there ever were at once. */
	inFlight = 0;

	maxInFlight = 0;

	readonly folders = new Map<string, StoredFolder>();

	readonly analyses = new Map<string, { folder: StoredFolder; analysis: StoredAnalysis }>();

	/** Files served under /static/: media originals and best shots. */
	readonly staticFiles = new Map<string, { data: Buffer; mimeType: string }>();

	reset(): void {
		this.requests.length = 0;
		this.maxInFlight = this.inFlight;
		this.folders.clear();
		this.analyses.clear();
		this.staticFiles.clear();
	}
}
