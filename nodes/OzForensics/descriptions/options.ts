import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from '../ozApi';

// Entries of the "Options" collection that several operations share.

export const bestShotPropertyOption: INodeProperties = {
	displayName: 'Best Shot Property',
	name: 'bestShotProperty',
	type: 'string',
	default: 'bestShot',
	placeholder: 'e.g. bestShot',
	description:
		'The output binary property for a downloaded best shot; with several best shots the properties are numbered, e.g. bestShot_1 and bestShot_2',
};

export const resolveMatchedPersonsOption: INodeProperties = {
	displayName: 'Resolve Matched Persons',
	name: 'resolveMatchedPersons',
	type: 'boolean',
	default: false,
	description:
		"Whether to look up each blacklist hit's person (their name and metadata) and add them to the output as matched_persons, one request per person and run",
};

export const downloadBestShotOption: INodeProperties = {
	displayName: 'Download Best Shot',
	name: 'downloadBestShot',
	type: 'boolean',
	default: false,
	description:
		'Whether to download each best shot Oz extracted into the output item as binary data, ready for storage, CRM or chat nodes. The access token is sent only to the Oz host.',
};

export const splitIntoItemsOption: INodeProperties = {
	displayName: 'Split Into Items',
	name: 'splitIntoItems',
	type: 'boolean',
	default: false,
	description:
		'Whether to output one item per analysis (with the folder ID and decision) instead of one item per folder',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_SECONDS,
	description: 'How long to wait for Oz to answer one request',
};

export const parallelRequestsOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 32,
	description:
		"The most items of this node that are sent to Oz at once. Below it, the node's shared limit for the Oz host decides how many of all executions' requests are in flight: as many as Oz keeps up with. Lower it to hold one workflow below the others. Output order stays that of the input.",
};

export const sharedLimitOption: INodeProperties = {
	displayName: 'Share Limit Across Executions',
	name: 'sharedLimit',
	type: 'boolean',
	default: true,
	description:
		'Whether requests that start analyses wait for their turn at the Oz host, shared by every execution, workflow and node of this n8n process (main or worker), and adapted to how fast Oz answers. Turned off, only "Parallel Requests" limits this node, so a burst of executions can queue at Oz until a gateway gives up.',
};

export const maxAnalysesPerMinuteOption: INodeProperties = {
	displayName: 'Max Analyses per Minute',
	name: 'maxAnalysesPerMinute',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Pace the requests so that no more analyses than this start per minute, counting every analysis of every request of the run (Oz documents up to 36 per minute per instance). 0 means no pacing.',
};

/** The "Options" collection of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** The output options of Folder → Get and Analysis → Wait (Analyze has them among its own). */
export const folderOutputOptions: INodeProperties[] = [
	bestShotPropertyOption,
	downloadBestShotOption,
	resolveMatchedPersonsOption,
	splitIntoItemsOption,
];
