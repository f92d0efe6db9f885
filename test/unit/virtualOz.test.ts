import { runVirtual } from '../support/virtualOz';

/*
 * The benchmark's Auto scenarios in virtual time: what the limit algorithm reaches with the
 * client's own cost set apart (0 ms) or fixed (7 ms per request, about what n8n 2.41.1 spends
 * per upload on this project's 2-core machine). The real rows are in bench/RESULTS.md.
 */
const slot = { msPerAnalysis: 250 };

describe('Concurrency Auto in virtual time', () => {
	it('grows to fill an Oz of 16 slots: its climb from 4 costs at most two round trips', () => {
		const auto = runVirtual({ ...slot, slots: 16 }, { items: 200 });
		const known = runVirtual({ ...slot, slots: 16 }, { items: 200, fixed: 16 });
		expect(auto.answered).toBe(200);
		expect(auto.makespanMs - known.makespanMs).toBeLessThanOrEqual(2 * 250);
		expect(auto.ofCapacity).toBeGreaterThanOrEqual(0.85);
		expect(
			runVirtual({ ...slot, slots: 16 }, { items: 200, clientMs: 7 }).ofCapacity,
		).toBeGreaterThanOrEqual(0.85);
	});

	it('keeps an Oz of 4 slots full, with no request waiting more than 4 analyses, far from a 5 s gateway timeout', () => {
		const result = runVirtual({ ...slot, slots: 4 }, { items: 200, clientMs: 7 });
		expect(result.ofCapacity).toBeGreaterThanOrEqual(0.97);
		expect(result.maxLatencyMs).toBeLessThanOrEqual(1250);
	});

	it('follows Oz from 4 slots down to 2 with no request waiting more than 4 analyses', () => {
		const result = runVirtual(
			{ ...slot, slots: 4, slotsAfter: { requests: 100, slots: 2 } },
			{ items: 200, clientMs: 7 },
		);
		expect(result.ofCapacity).toBeGreaterThanOrEqual(0.95);
		expect(result.maxLatencyMs).toBeLessThanOrEqual(1250);
		expect(result.answered).toBe(200);
	});

	it('answers every item when Oz refuses with 429 once 2 wait, and keeps most of its capacity', () => {
		const result = runVirtual(
			{ ...slot, slots: 4, maxQueue: 2, retryAfterMs: 1000 },
			{ items: 200, clientMs: 7 },
		);
		expect(result.answered).toBe(200);
		expect(result.refused).toBeGreaterThan(0);
		expect(result.ofCapacity).toBeGreaterThanOrEqual(0.85);
	});

	it('stays within Max Parallel Requests', () => {
		const result = runVirtual({ ...slot, slots: 64 }, { items: 400, max: 10 });
		expect(result.maxInFlight).toBe(10);
	});
});
