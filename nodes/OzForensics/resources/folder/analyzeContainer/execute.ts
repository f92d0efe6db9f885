import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { OzInputError } from '../../../input/inputError';
import { ItemParameters } from '../../../input/parameters';
import type { FolderOutputOptions } from '../../../output/folderOutput';
import { folderOutput, readFolderOutputOptions } from '../../../output/folderOutput';
import { paths } from '../../../ozApi';
import { readContainer } from '../../../payload/containerBody';
import type { Admission } from '../../../transport/admission';
import { OzClient } from '../../../transport/client';
import { unsafeFilterValue } from '../../../transport/metadataFilter';
import type { RunContext } from '../../types';
import { instantAnswerToFolder } from '../analyze/instantAnswer';
import { analyzeContainerOptions } from './properties';
import { sendContainerOnce } from './sendContainerOnce';

/**
 * GUESS(container-analyses): how many analyses a container starts, for the shared limit's time
 * per analysis and Max Analyses per Minute. The analyses travel inside the encrypted container
 * (page "Migration to OzCapsula"), so the node can't count them; one liveness check is the
 * guides' case.
 */
const ANALYSES_PER_CONTAINER = 1;

interface AnalyzeContainerOptions extends FolderOutputOptions {
	instant: boolean;
	sharedLimit: boolean;
	timeout: number;
}

interface AnalyzeContainerInput {
	binaryPropertyName: string;
	simplify: boolean;
	lookUp?: { key: string; value: string };
	options: AnalyzeContainerOptions;
}

const LOOK_UP_FIELD = 'Look Up By Metadata';

/** The option's one entry: a key and value Oz's metadata search can take, or none. */
function readLookUp(value: unknown): { key: string; value: string } | undefined {
	const entry = (value as IDataObject | undefined)?.entry as IDataObject | undefined;
	if (!entry) return undefined;
	const key = String(entry.key ?? '').trim();
	const text =
		typeof entry.value === 'string' || typeof entry.value === 'number'
			? String(entry.value).trim()
			: '';
	if (!key || !text)
		throw new OzInputError(
			`"${LOOK_UP_FIELD}" needs both a key and a value`,
			LOOK_UP_FIELD,
			"Enter the key your frontend put into the SDK's meta (e.g. transaction_id) and this capture's value, e.g. {{ $json.query.transaction_id }}, or remove the option",
		);
	const unsafe = /[=!<>,]/.test(key) ? 'an operator or a comma' : unsafeFilterValue(text);
	if (unsafe)
		throw new OzInputError(
			`"${LOOK_UP_FIELD}" holds ${unsafe}, which Oz's metadata search cannot take`,
			LOOK_UP_FIELD,
			'Oz splits its metadata filter on commas and operators: use a key and value without them, e.g. an ID',
		);
	return { key, value: text };
}

function readInput(parameters: ItemParameters): AnalyzeContainerInput {
	const given = parameters.options(analyzeContainerOptions);
	const options: AnalyzeContainerOptions = {
		...readFolderOutputOptions(given),
		instant: given.boolean('instant'),
		sharedLimit: given.boolean('sharedLimit'),
		timeout: given.number('timeout'),
	};
	const lookUp = readLookUp(given.raw('lookUp'));
	if (lookUp && options.instant)
		throw new OzInputError(
			`"${LOOK_UP_FIELD}" is not available with "Don't Store Data (Instant API)"`,
			LOOK_UP_FIELD,
			'Remove the option (Instant keeps no folder to find), or turn off "Don\'t Store Data (Instant API)"',
		);
	return {
		binaryPropertyName: parameters.string('binaryPropertyName', 'data').trim(),
		simplify: parameters.boolean('simplify'),
		lookUp,
		options,
	};
}

/**
 * Folder → Analyze Container: the encrypted OzCapsula container of Oz's Web or Mobile SDK,
 * forwarded as it is to the single-request endpoint (page "OzCapsula Data Container"); the
 * finished folder out, as Analyze gives it.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const input = readInput(new ItemParameters(this, itemIndex));
	const { options } = input;
	// The item's Timeout covers the check of the bytes, the wait for a turn, the request and any look-up.
	const deadline = Date.now() + options.timeout * 1000;
	const client = new OzClient(this, itemIndex, deadline);
	const container = await readContainer(this, itemIndex, input.binaryPropertyName);
	// Every send's wait for its turn at the host, shown as oz_queue_ms.
	let queuedMs = 0;
	const admission: Admission = {
		analyses: ANALYSES_PER_CONTAINER,
		deadline,
		shared: options.sharedLimit,
		pace: run.pacer ? async () => await run.pacer?.reserve(ANALYSES_PER_CONTAINER) : undefined,
	};
	const { folder, delivery } = await sendContainerOnce(client, {
		digest: container.digest,
		lookUp: input.lookUp,
		deadline,
		send: async () => {
			const answer = await client.startAnalyses({
				method: 'POST',
				// GUESS(instant-token): the token goes to an Instant host too, where it may be unneeded.
				path: options.instant ? paths.instantContainerRequest : paths.containerRequest,
				body: container.body,
				uploads: [{ fileName: container.fileName, size: container.size }],
				container: true,
				timeoutSeconds: options.timeout,
				admission,
			});
			queuedMs += answer.queuedMs;
			return instantAnswerToFolder(answer.body);
		},
	});
	return await folderOutput(
		client,
		folder,
		{
			simplify: input.simplify,
			options,
			timeoutSeconds: options.timeout,
			extra: { oz_queue_ms: queuedMs, oz_delivery: delivery },
		},
		run.persons,
	);
}
