import type { IDataObject } from 'n8n-workflow';

import { sleepUnlessCancelled } from '../../../execution/pacer';
import { markSent, sentAt, singleFlight } from '../../../execution/processState';
import { toUnixSeconds } from '../../../ozApi';
import { isOutcomeUnknown, isOzAnswer } from '../../../transport/apiErrors';
import type { OzClient } from '../../../transport/client';
import { FOLDER_PAGE_SIZE } from '../../../transport/paging';
import { finishedFolder } from '../../analysis/settle';
import type { FolderMarker } from './marker';
import { carriesMarker, MARKER_FIELD } from './marker';

/**
 * GUESS(marker-lookup): how much further back than asked a look-up by the marker searches, for
 * clocks that differ between n8n and Oz (page "Security Recommendations" narrows its look-up with
 * `time_created.min`), and how many pages of 100 it reads at most on a host whose list ignores
 * the filter.
 */
const LOOKUP_WINDOW_SECONDS = 3600;
export const LOOKUP_MAX_PAGES = 20;

/**
 * GUESS(relook): after a lost answer, how long the node keeps looking for the folder before it
 * sends once more. No page says whether a host lists a folder from its arrival (as the single
 * request creates it first) or only once analysed; 30 s covers a queue of a few analyses.
 */
export const RELOOK_MS = 30_000;
const RELOOK_INTERVAL_MS = 2_000;

/** What the single request of one item needs to be sent at most once. */
export interface SendOnce {
	/** The folder metadata marker it carries; none on the Instant API, which keeps no folders. */
	marker?: FolderMarker;
	/** An Idempotency Key was given: look for its folder before the first send. */
	keyed: boolean;
	/** How far back an Idempotency Key's folder counts, in ms. */
	windowMs: number;
	/** Whether to look the folder up after a lost answer ("Recover Lost Answers", on by default). */
	recover: boolean;
	/** Epoch ms: the item's Timeout. */
	deadline: number;
	/** Sends the single request (waiting for its turn at the host) and answers the folder. */
	send: () => Promise<IDataObject>;
}

/** How the folder came about, for the item's output. */
export type Delivery = 'sent' | 'found' | 'recovered';

/**
 * Oz's single request, sent once. In order:
 * 1. an Idempotency Key, or a marker this process already sent (n8n's Retry On Fail runs the
 *    node again): look the folder up first, and if Oz holds it, wait for its analyses;
 * 2. send;
 * 3. after a lost answer (timeout, dropped connection, 5xx, a gateway's page): look the folder
 *    up by its marker, again for a while (a host may list a folder only once analysed), and
 *    send once more only if Oz has none. A 4xx is an answer and is not sent again.
 * Whatever path, the result is a finished folder or an error saying Oz is still analysing.
 * Executions of this process with the same marker at once share one attempt.
 */
export async function sendOnce(
	client: OzClient,
	job: SendOnce,
): Promise<{ folder: IDataObject; delivery: Delivery }> {
	const { marker } = job;
	if (!marker) return { folder: await job.send(), delivery: 'sent' };
	return await singleFlight(marker.digest, async () => {
		const earlier = sentAt(marker.digest);
		if (job.keyed || earlier !== undefined) {
			const since = job.keyed ? Date.now() - job.windowMs : (earlier as number);
			const found = await findMarkedFolder(client, marker, since);
			if (found)
				return { folder: await finishedFolder(client, found, job.deadline), delivery: 'found' };
		}
		return await sendAndRecover(client, job, marker);
	});
}

/** A lost answer leads to one more send at most, and only when Oz has no folder for it. */
const MAX_SENDS = 2;

async function sendAndRecover(
	client: OzClient,
	job: SendOnce,
	marker: FolderMarker,
): Promise<{ folder: IDataObject; delivery: Delivery }> {
	for (let sends = 1; ; sends++) {
		const sentAtMs = Date.now();
		markSent(marker.digest, sentAtMs);
		let failure: unknown;
		let answer: IDataObject | undefined;
		try {
			answer = await job.send();
		} catch (error) {
			failure = error;
		}
		if (answer)
			return { folder: await finishedFolder(client, answer, job.deadline), delivery: 'sent' };
		// A cancelled execution stops here: n8n discards what it would still find.
		if (!job.recover || !isOutcomeUnknown(failure) || client.cancelled) throw failure;
		// Oz's own 5xx body: its handler is over, so one look is enough; a gateway's page or no
		// answer at all: Oz may still be at work, so look for a while.
		const lookFor = isOzAnswer(failure) ? 0 : RELOOK_MS;
		const found = await lookAgain(
			client,
			async () => await findMarkedFolder(client, marker, sentAtMs),
			Math.min(job.deadline, Date.now() + lookFor),
		);
		if (found)
			return { folder: await finishedFolder(client, found, job.deadline), delivery: 'recovered' };
		if (sends >= MAX_SENDS || Date.now() >= job.deadline) throw failure;
	}
}

/**
 * After a lost answer: the folder, looked for at once and then every few seconds until `until`
 * (RELOOK_MS), since a host may list a folder only once its analyses are done.
 */
export async function lookAgain(
	client: OzClient,
	find: () => Promise<IDataObject | undefined>,
	until: number,
): Promise<IDataObject | undefined> {
	for (;;) {
		const found = await find();
		if (found || client.cancelled || Date.now() + RELOOK_INTERVAL_MS > until) return found;
		await sleepUnlessCancelled(RELOOK_INTERVAL_MS, () => client.cancelled);
	}
}

/**
 * The folder whose metadata holds the marker, created since `sinceMs` (with a margin for
 * clocks that differ). Only an exact match counts, since a host may apply the metadata filter
 * loosely or not at all; the time bound is what the page "Security Recommendations" advises.
 */
async function findMarkedFolder(
	client: OzClient,
	marker: FolderMarker,
	sinceMs: number,
): Promise<IDataObject | undefined> {
	const [folder] = await client.folders({
		qs: {
			meta_data: `${MARKER_FIELD}==${marker.digest}`,
			with_analyses: true,
			'time_created.min': toUnixSeconds(sinceMs) - LOOKUP_WINDOW_SECONDS,
			'time_created.max': toUnixSeconds(Date.now()) + LOOKUP_WINDOW_SECONDS,
		},
		matches: (candidate) => carriesMarker(candidate, marker),
		limit: 1,
		pageSize: FOLDER_PAGE_SIZE,
		maxPages: LOOKUP_MAX_PAGES,
	});
	return folder;
}
