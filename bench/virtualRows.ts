/**
 * The Auto scenarios again in virtual time (test/support/virtualOz.ts): the limit algorithm
 * alone, with no client cost and no machine, beside the rows measured in a real n8n.
 */
import { runVirtual } from '../test/support/virtualOz';
import { ratio } from './measure';

const ALONE = 'in virtual time: the algorithm alone, no client cost';

export function virtualRows(): string[] {
	const slot = { msPerAnalysis: 250 };
	const items = { items: 200 };
	const auto4 = runVirtual({ ...slot, slots: 4 }, items);
	const auto16 = runVirtual({ ...slot, slots: 16 }, items);
	const known16 = runVirtual({ ...slot, slots: 16 }, { ...items, fixed: 16 });
	const long16 = runVirtual({ ...slot, slots: 16 }, { items: 1000 });
	const step = runVirtual({ ...slot, slots: 4, slotsAfter: { requests: 100, slots: 2 } }, items);
	const overload = runVirtual({ ...slot, slots: 4, maxQueue: 2, retryAfterMs: 1000 }, items);
	return [
		`| Adaptive: 200 items, 4 slots × 250 ms, 5 s gateway | Concurrency Auto, ${ALONE} | ${ratio(auto4.ofCapacity)} of capacity; longest wait ${auto4.maxLatencyMs} ms |`,
		`| Adaptive: 200 items, 16 slots × 250 ms | Concurrency Auto, ${ALONE} | ${ratio(auto16.ofCapacity)} of capacity: the climb from 4 leaves 12, then 8 slots idle for a round trip each |`,
		`| Adaptive: 200 items, 16 slots × 250 ms | Parallel Requests 16, the slots known beforehand, in virtual time (no client cost) | ${ratio(known16.ofCapacity)} of capacity |`,
		`| Adaptive: 1000 items, 16 slots × 250 ms | Concurrency Auto, ${ALONE} | ${ratio(long16.ofCapacity)} of capacity |`,
		`| Adaptive: 200 items, 4 slots dropping to 2 after 100 requests, 5 s gateway | Concurrency Auto, ${ALONE} | ${ratio(step.ofCapacity)} of the capacity available; longest wait ${step.maxLatencyMs} ms |`,
		`| Adaptive: 200 items, 4 slots, 429 with Retry-After 1 s once 2 wait | Concurrency Auto, ${ALONE} | ${overload.answered} of 200 answered, ${overload.refused} refusals resent; ${ratio(overload.ofCapacity)} of capacity |`,
	];
}
