import type { IDataObject } from 'n8n-workflow';
import { NodeError } from 'n8n-workflow';

import { forgetSent, markSent, sentAt, singleFlight } from '../../../execution/processState';
import { toUnixSeconds } from '../../../ozApi';
import { isOutcomeUnknown, isOzAnswer } from '../../../transport/apiErrors';
import type { OzClient } from '../../../transport/client';
import { metadataMatches } from '../../../transport/metadataFilter';
import { FOLDER_PAGE_SIZE } from '../../../transport/paging';
import { finishedFolder } from '../../analysis/settle';
import type { Delivery } from '../analyze/sendOnce';
import { LOOKUP_MAX_PAGES, lookAgain, RELOOK_MS } from '../analyze/sendOnce';
import {
	ambiguousLookUpError,
	isRefusal,
	outcomeUnknownError,
	withContainerAdvice,
} from './containerErrors';

/**
 * GUESS(container-lookup): a folder found by the user's metadata value counts as this
 * container's only if Oz created it at most this long before the send (clocks differ), and only
 * if it is the one folder with that value since then. The SDK's `meta` is the user's own, so
 * the same value may name an earlier capture.
 */
const LOOKUP_CLOCK_MARGIN_SECONDS = 300;

/** What one container needs to be sent at most once. */
export interface ContainerJob {
	/** SHA-256 of the container's bytes. */
	digest: string;
	/** The metadata entry the user's frontend put into the container ("Look Up By Metadata"). */
	lookUp?: { key: string; value: string };
	/** Epoch ms: the item's Timeout. */
	deadline: number;
	/** Sends the container (waiting for its turn at the host) and answers the folder. */
	send: () => Promise<IDataObject>;
}

/** The key this process remembers a sent container by, apart from the single request's markers. */
const sentKey = (digest: string) => `container ${digest}`;

/**
 * An OzCapsula container, sent once. The container is encrypted, so no marker of the node's can
 * go into it, and its session token is spent once Oz takes it (page "Using OzCapsula Data
 * Container in Web SDK": the token prevents replay). So:
 * 1. a container this process already sent (n8n's Retry On Fail, a caller posting the same
 *    capture again, another execution with it at the same time) is not sent again: its folder is
 *    looked up by the user's metadata value, or the item fails saying the outcome is unknown;
 * 2. after a lost answer the same: look up, or fail; never a second send;
 * 3. a refusal (a 4xx: nothing was analysed) is Oz's answer, and the container may be tried again.
 * Refusals the transport itself answers by sending again, since the host turned the request away
 * before reading it: a 429 (GUESS(overload-429)) and an expired session (codes 7 and 8, page
 * "API Error Codes"), renewed once.
 */
export async function sendContainerOnce(
	client: OzClient,
	job: ContainerJob,
): Promise<{ folder: IDataObject; delivery: Delivery }> {
	const key = sentKey(job.digest);
	return await singleFlight(key, async () => {
		const earlier = sentAt(key);
		if (earlier !== undefined) {
			const found = job.lookUp ? await findByMetadata(client, job.lookUp, earlier) : undefined;
			if (found)
				return { folder: await finishedFolder(client, found, job.deadline), delivery: 'found' };
			throw outcomeUnknownError(
				client.ctx.getNode(),
				client.itemIndex,
				`this n8n process already sent the same container at ${new Date(earlier).toISOString()}`,
				job.lookUp,
			);
		}
		const sentAtMs = Date.now();
		markSent(key, sentAtMs);
		let answer: IDataObject;
		try {
			answer = await job.send();
		} catch (failure) {
			return await afterFailure(client, job, key, sentAtMs, failure);
		}
		return { folder: await finishedFolder(client, answer, job.deadline), delivery: 'sent' };
	});
}

async function afterFailure(
	client: OzClient,
	job: ContainerJob,
	key: string,
	sentAtMs: number,
	failure: unknown,
): Promise<{ folder: IDataObject; delivery: Delivery }> {
	if (!isOutcomeUnknown(failure)) {
		// Oz refused it, or it never left n8n (no turn at the host, no connection): it may go again.
		const notSent = !(failure instanceof NodeError) || failure.context.outcomeUnknown === false;
		if (isRefusal(failure) || notSent) forgetSent(key);
		throw withContainerAdvice(failure);
	}
	if (job.lookUp && !client.cancelled) {
		// Oz's own 5xx body: its handler is over, one look; otherwise Oz may still be at work.
		const lookFor = isOzAnswer(failure) ? 0 : RELOOK_MS;
		const lookUp = job.lookUp;
		const found = await lookAgain(
			client,
			async () => await findByMetadata(client, lookUp, sentAtMs),
			Math.min(job.deadline, Date.now() + lookFor),
		);
		if (found)
			return { folder: await finishedFolder(client, found, job.deadline), delivery: 'recovered' };
	}
	const cause = failure instanceof NodeError ? failure : undefined;
	throw outcomeUnknownError(
		client.ctx.getNode(),
		client.itemIndex,
		`Oz's answer was lost (${cause?.message.replace(/ \[item \d+\]$/, '') ?? String(failure)})`,
		job.lookUp,
		cause,
	);
}

/** The one folder with the user's metadata value, created since the send (less a margin for clocks). */
async function findByMetadata(
	client: OzClient,
	lookUp: { key: string; value: string },
	sinceMs: number,
): Promise<IDataObject | undefined> {
	const since = toUnixSeconds(sinceMs) - LOOKUP_CLOCK_MARGIN_SECONDS;
	const filter = { key: lookUp.key, equal: true, value: lookUp.value };
	const folders = await client.folders({
		qs: {
			meta_data: `${lookUp.key}==${lookUp.value}`,
			with_analyses: true,
			'time_created.min': since,
		},
		// Exact and in time, whatever the host's filter did (it may match loosely or not at all).
		matches: (folder) =>
			metadataMatches(folder, filter) &&
			(typeof folder.time_created !== 'number' || folder.time_created >= since),
		limit: 2,
		pageSize: FOLDER_PAGE_SIZE,
		maxPages: LOOKUP_MAX_PAGES,
	});
	if (folders.length > 1)
		throw ambiguousLookUpError(
			client.ctx.getNode(),
			client.itemIndex,
			lookUp,
			folders.map((folder) => String(folder.folder_id)),
		);
	return folders[0];
}
