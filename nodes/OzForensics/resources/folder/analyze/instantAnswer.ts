import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../../input/json';

function isAnalysis(entry: IDataObject): boolean {
	return (
		entry.analysis_id !== undefined ||
		entry.analyse_id !== undefined ||
		Array.isArray(entry.results_media)
	);
}

/**
 * The folder's decision from its analyses, as the page "Statuses in API" describes
 * `system_resolution` as far as it is readable: SUCCESS when all succeeded, OPERATOR_REQUIRED
 * when none was declined but some need an operator. DECLINED for any declined belongs to the guess below.
 */
function decisionOf(analyses: IDataObject[]): string | null {
	const results = analyses.map((analysis) => analysis.resolution_status ?? analysis.resolution);
	if (results.length === 0) return null;
	if (results.includes('DECLINED')) return 'DECLINED';
	if (results.includes('OPERATOR_REQUIRED')) return 'OPERATOR_REQUIRED';
	return results.every((result) => result === 'SUCCESS') ? 'SUCCESS' : null;
}

/**
 * GUESS(instant-answer): an Instant API answer as a folder. Oz's Postman collection
 * "OZ-Forensic Instant 6.0.0" reads the answer as an array (`jsonData[0]['media_id']`); the page
 * shows no answer. An array is read as media and analyses (an entry with an analysis id or
 * `results_media`, or a media entry's own `analyses`), and given the folder's fields, its
 * decision derived; a folder object stays as it is.
 */
export function instantAnswerToFolder(body: IDataObject | IDataObject[]): IDataObject {
	if (!Array.isArray(body)) return body;
	const entries = body.filter(isPlainObject);
	const analyses = entries.filter(isAnalysis);
	const media = entries.filter((entry) => !isAnalysis(entry));
	for (const entry of media)
		if (Array.isArray(entry.analyses)) analyses.push(...entry.analyses.filter(isPlainObject));
	const folderId =
		entries.map((entry) => entry.folder_id).find((id) => typeof id === 'string') ?? null;
	return {
		folder_id: folderId,
		resolution_status: null,
		system_resolution: decisionOf(analyses),
		media,
		analyses,
	};
}
