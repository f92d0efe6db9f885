import { ConcurrencyLimit } from '../../nodes/OzForensics/execution/concurrencyLimit';

/*
 * Synthetic traces: an Oz with `slots` workers and `ms` per analysis answers a request after
 * ms × max(1, inFlight / slots) (requests beyond the slots queue), plus a little client time.
 * Each round trip, every request in flight is answered once.
 */
function run(
	limit: ConcurrencyLimit,
	rounds: Array<{ slots: number; ms?: number }>,
	overhead: number | ((inFlight: number) => number) = 8,
): number[] {
	const clientTime = typeof overhead === 'number' ? () => overhead : overhead;
	const history: number[] = [];
	for (const { slots, ms = 250 } of rounds) {
		const inFlight = limit.current;
		const sentAt = limit.epoch;
		for (let i = 0; i < inFlight; i++)
			limit.answered(clientTime(inFlight) + ms * Math.max(1, inFlight / slots), sentAt);
		history.push(limit.current);
	}
	return history;
}

const rounds = (count: number, slots: number, ms?: number) =>
	Array.from({ length: count }, () => ({ slots, ms }));

describe('adaptive concurrency limit (Vegas)', () => {
	it('starts small and fills an Oz of 4 slots, settling between slots + 1 and slots + 5', () => {
		const limit = new ConcurrencyLimit(16);
		expect(limit.current).toBe(4);
		const history = run(limit, rounds(30, 4));
		// At most about 6 × log10(limit) wait at Oz: a second or so, far from a 5 s gateway.
		for (const value of history.slice(10)) {
			expect(value).toBeGreaterThanOrEqual(5);
			expect(value).toBeLessThanOrEqual(9);
		}
	});

	it('after slow start overshoots a large Oz, it drops to what Oz served, not far below', () => {
		const history = run(new ConcurrencyLimit(32), rounds(12, 16));
		expect(history.slice(0, 3)).toEqual([8, 16, 32]);
		for (const value of history.slice(3)) expect(value).toBeGreaterThanOrEqual(13);
		expect(history.at(-1)).toBeGreaterThanOrEqual(17);
	});

	it('client time that rises with the requests in flight does not hold it below a large Oz', () => {
		// 5 ms of the client's own work per request in flight: 80 ms more at 16.
		const history = run(new ConcurrencyLimit(32), rounds(20, 16), (inFlight) => 8 + 5 * inFlight);
		expect(history.at(-1)).toBeGreaterThanOrEqual(16);
	});

	it('grows fast to a large Oz (16 slots), up to its Max', () => {
		const limit = new ConcurrencyLimit(16);
		const history = run(limit, rounds(6, 16));
		// Slow start doubles: 4 → 8 → 16 within two round trips.
		expect(history.slice(0, 3)).toEqual([8, 16, 16]);
		expect(Math.max(...run(new ConcurrencyLimit(10), rounds(20, 64)))).toBe(10);
	});

	it('follows Oz down when it loses slots, without a gateway-sized queue', () => {
		const limit = new ConcurrencyLimit(16);
		run(limit, rounds(20, 4));
		const after = run(limit, rounds(20, 2));
		for (const value of after.slice(5)) {
			expect(value).toBeGreaterThanOrEqual(3);
			expect(value).toBeLessThanOrEqual(5);
		}
	});

	it('halves on overload, and never goes below one', () => {
		const limit = new ConcurrencyLimit(16);
		run(limit, rounds(20, 8));
		const before = limit.current;
		limit.overloaded();
		expect(limit.current).toBe(Math.floor(before / 2));
		for (let i = 0; i < 10; i++) limit.overloaded();
		expect(limit.current).toBe(1);
	});

	it('a burst of refusals from requests sent together halves it once, as TCP does per round trip', () => {
		const limit = new ConcurrencyLimit(32);
		run(limit, rounds(20, 16));
		const before = limit.current;
		const sentAt = limit.epoch;
		for (let i = 0; i < 8; i++) limit.overloaded(sentAt);
		expect(limit.current).toBe(Math.floor(before / 2));
		// A refusal of a request sent after that decrease counts again.
		limit.overloaded(limit.epoch);
		expect(limit.current).toBe(Math.floor(before / 4));
	});

	it('slow answers of requests sent before a decrease do not shrink it again', () => {
		const limit = new ConcurrencyLimit(32);
		run(limit, rounds(20, 16));
		const sentAt = limit.epoch;
		limit.overloaded(sentAt);
		const after = limit.current;
		for (let i = 0; i < 20; i++) limit.answered(2000, sentAt);
		expect(limit.current).toBe(after);
	});

	it('ignores answers that carry no time', () => {
		const limit = new ConcurrencyLimit(16);
		limit.answered(0);
		limit.answered(Number.NaN);
		expect(limit.current).toBe(4);
	});
});
