import { ConcurrencyLimit } from '../../nodes/OzForensics/execution/concurrencyLimit';

/*
 * Concurrency "Auto" in virtual time: the limit algorithm drives a client that keeps at most
 * `limit.current` requests in flight against an Oz of N slots, each request holding a slot for
 * a fixed time, the rest waiting in Oz's queue. No clock, no sockets: the figures say what the
 * algorithm itself reaches, apart from the machine that runs a real benchmark.
 * Slots and a queue in front of them follow Oz's page "Performance and Scalability Guide"
 * ("Each celery-tfss instance is configured to handle 2 analyses simultaneously"). The same
 * page says a BIO instance slows every request as their number grows; this model leaves
 * that out (the unit traces in concurrencyLimit.test.ts cover it).
 */

export interface VirtualOz {
	slots: number;
	msPerAnalysis: number;
	/** Another client starts sharing Oz: after this many requests taken, only `slots` are left. */
	slotsAfter?: { requests: number; slots: number };
	/** A request that finds this many waiting is refused with 429 and Retry-After. */
	maxQueue?: number;
	retryAfterMs?: number;
}

export interface VirtualRun {
	items: number;
	/** Max Parallel Requests. */
	max?: number;
	/** Client time to build and send one request; the client sends one at a time. */
	clientMs?: number;
	/** A fixed Parallel Requests instead of Auto. */
	fixed?: number;
}

export interface VirtualResult {
	/** Time from the first send to the last answer. */
	makespanMs: number;
	/** The ideal time (all slots busy from the start, work divided exactly) over the makespan. */
	ofCapacity: number;
	answered: number;
	refused: number;
	/** The longest a request waited for its answer (what a gateway timeout would cut). */
	maxLatencyMs: number;
	maxInFlight: number;
}

type Event =
	| { at: number; kind: 'arrive'; item: number }
	| { at: number; kind: 'done'; item: number }
	| { at: number; kind: 'resend'; item: number };

export function runVirtual(oz: VirtualOz, client: VirtualRun): VirtualResult {
	const auto = new ConcurrencyLimit(client.max ?? 32);
	const limit = client.fixed
		? { current: client.fixed, epoch: 0, answered: () => {}, overloaded: () => {} }
		: auto;
	const events: Event[] = [];
	const schedule = (event: Event) => {
		// Stable: events at the same time keep the order they were scheduled in.
		let at = events.length;
		while (at > 0 && events[at - 1].at > event.at) at--;
		events.splice(at, 0, event);
	};
	const sentAt: number[] = [];
	const epochAt: number[] = [];
	const pushedBack = new Set<number>();
	const queue: number[] = [];
	let now = 0;
	let clientFree = 0;
	let next = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	let busy = 0;
	let taken = 0;
	let answered = 0;
	let refused = 0;
	let maxLatencyMs = 0;
	let slots = oz.slots;

	const send = (item: number) => {
		clientFree = Math.max(clientFree, now) + (client.clientMs ?? 0);
		schedule({ at: clientFree, kind: 'arrive', item });
	};
	const fill = () => {
		while (next < client.items && inFlight < limit.current) {
			const item = next++;
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			sentAt[item] = now;
			epochAt[item] = limit.epoch;
			send(item);
		}
	};
	const admit = () => {
		while (busy < slots && queue.length > 0) {
			busy++;
			schedule({ at: now + oz.msPerAnalysis, kind: 'done', item: queue.shift() as number });
		}
	};

	fill();
	while (events.length > 0) {
		const event = events.shift() as Event;
		now = event.at;
		if (event.kind === 'resend') {
			send(event.item);
		} else if (event.kind === 'arrive') {
			taken++;
			if (oz.slotsAfter && taken > oz.slotsAfter.requests) slots = oz.slotsAfter.slots;
			if (oz.maxQueue !== undefined && busy >= slots && queue.length >= oz.maxQueue) {
				refused++;
				pushedBack.add(event.item);
				limit.overloaded(epochAt[event.item]);
				schedule({ at: now + (oz.retryAfterMs ?? 1000), kind: 'resend', item: event.item });
			} else {
				queue.push(event.item);
				admit();
			}
		} else {
			busy--;
			admit();
			inFlight--;
			answered++;
			const latency = now - sentAt[event.item];
			maxLatencyMs = Math.max(maxLatencyMs, latency);
			// As the node does: a request that waited out a 429 says nothing about Oz's speed.
			if (!pushedBack.has(event.item)) limit.answered(latency, epochAt[event.item]);
			fill();
		}
	}
	const idealMs = oz.slotsAfter
		? (oz.slotsAfter.requests * oz.msPerAnalysis) / oz.slots +
			((client.items - oz.slotsAfter.requests) * oz.msPerAnalysis) / oz.slotsAfter.slots
		: (client.items * oz.msPerAnalysis) / oz.slots;
	return {
		makespanMs: now,
		ofCapacity: idealMs / now,
		answered,
		refused,
		maxLatencyMs,
		maxInFlight,
	};
}
