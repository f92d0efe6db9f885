import type { IExecuteFunctions } from 'n8n-workflow';

import { AdmissionCancelled, AdmissionTimeout } from '../execution/hostLimiter';
import type { Permit } from '../execution/hostLimiter';
import { hostLimiter } from '../execution/processState';
import { OzWaitError } from '../input/itemError';
import { CREDENTIAL_TYPE } from './session';

/** How a request that starts analyses waits for its turn at the Oz host. */
export interface Admission {
	/** Analyses the request starts: its time per analysis teaches the limit. */
	analyses: number;
	/** Epoch ms: the item's Timeout, counted from when the item began. */
	deadline: number;
	/** Whether to wait for the process-wide limit of the host (the default), or go at once. */
	shared: boolean;
	/** Waits for the run's pace (Max Analyses per Minute) once the request has its turn, so that the two never add up. */
	pace?: () => Promise<void>;
}

/** A request that waits no more: either it started, or nothing was sent. */
export async function admit(
	ctx: IExecuteFunctions,
	baseUrl: string,
	admission: Admission,
): Promise<Permit | undefined> {
	if (!admission.shared) {
		await admission.pace?.();
		return undefined;
	}
	const credential = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const limiter = hostLimiter(new URL(baseUrl).origin, credential?.id ?? credential?.name ?? '');
	const since = Date.now();
	let failure: unknown;
	try {
		const permit = await limiter.acquire({
			flow: ctx.getExecutionId(),
			deadline: admission.deadline,
			signal: ctx.getExecutionCancelSignal?.(),
		});
		return await paced(permit, admission);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof AdmissionTimeout) throw busyError(failure.waitedMs, limiter.active);
	if (failure instanceof AdmissionCancelled)
		throw new OzWaitError(failure.message, 'Timeout (Seconds)', 'Nothing was sent to Oz');
	throw new OzWaitError(
		`Could not wait for Oz: ${String(failure)}`,
		'Timeout (Seconds)',
		`Nothing was sent to Oz (waited ${Date.now() - since} ms)`,
	);
}

/** Waits for the run's pace once the request has its turn; gives the turn back if that fails. */
async function paced(permit: Permit, admission: Admission): Promise<Permit> {
	if (!admission.pace) return permit;
	await admission.pace().catch((error: unknown) => {
		permit.release('unmeasured');
		return Promise.reject(error);
	});
	// The pace is the run's own wait, not Oz's: the request's time starts now.
	permit.departs();
	return permit;
}

function busyError(waitedMs: number, active: number): OzWaitError {
	return new OzWaitError(
		`Oz was busy: this request waited ${(waitedMs / 1000).toFixed(1)} s in n8n for a free slot and was not sent, so nothing was analysed or billed`,
		'Timeout (Seconds)',
		`${active} request(s) to this Oz host were in flight. Raise "Timeout (Seconds)" in the options, or spread the executions out; the node sends no more at once than Oz keeps up with`,
	);
}
