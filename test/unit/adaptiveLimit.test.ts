import { AdaptiveLimit } from '../../nodes/OzForensics/execution/adaptiveLimit';
import { COLD_START } from '../../nodes/OzForensics/execution/limitTuning';

/*
 * Synthetic traces: rounds of requests that all start together and come back after the given
 * time per analysis (the unloaded time is 100 ms).
 */
function round(limit: AdaptiveLimit, times: number[], now: number, limited = true): void {
	const tickets = times.map(() => limit.started());
	tickets.forEach((ticket, i) => limit.answered(ticket, times[i], times[i], limited, now));
}
const fast = (count: number) => Array<number>(count).fill(100);

describe('the adaptive limit (Vegas, in rounds)', () => {
	it('starts cold at 2, measures one round, then doubles each round that came back fast', () => {
		const limit = new AdaptiveLimit(100, 0);
		expect(limit.current).toBe(COLD_START);
		const history: number[] = [];
		for (let r = 1; r <= 5; r++) {
			round(limit, fast(Math.floor(limit.current)), r * 100);
			history.push(limit.current);
		}
		expect(history).toEqual([2, 4, 8, 16, 32]);
	});

	it('ends slow start at the first slow answer of a round: to what Oz served, plus a small queue', () => {
		const limit = new AdaptiveLimit(100, 0);
		round(limit, fast(2), 100);
		round(limit, fast(2), 200);
		round(limit, fast(4), 300);
		expect(limit.current).toBe(8);
		// Oz has 4 slots: half of the 8 come back after twice the unloaded time.
		round(limit, [...fast(4), 200, 200, 200, 200], 400);
		// The 4 slots plus Vegas's alpha (3 × log10 8 ≈ 2.7) waiting, so a slot never waits for n8n.
		expect(limit.current).toBeCloseTo(4 + 3 * Math.log10(8), 5);
		// Later fast rounds only creep up (by one per round trip).
		const exited = limit.current;
		round(limit, fast(6), 500);
		expect(limit.current).toBeGreaterThan(exited);
		expect(limit.current).toBeLessThan(exited + 1.01);
	});

	it('shrinks when answers take more than 3 × the unloaded time, whoever fills Oz', () => {
		const limit = new AdaptiveLimit(100, 0);
		round(limit, fast(2), 100);
		round(limit, fast(2), 200);
		expect(limit.current).toBe(4);
		// 5 × the unloaded time: towards a delay of 2 ×, so 4 × 2 ÷ 5, but no lower than half.
		round(limit, [500, 500], 300);
		expect(limit.current).toBe(2);
		round(limit, [600], 400);
		expect(limit.current).toBe(1);
		// And below one: a fraction of a request in flight, for many workers on a small Oz.
		round(limit, [600], 500);
		expect(limit.current).toBe(0.5);
	});

	it('is not moved by answers while nothing of this process waited', () => {
		const limit = new AdaptiveLimit(100, 0);
		round(limit, [100], 100, false);
		round(limit, [5000], 200, false);
		limit.overloaded(limit.started(), 300, false);
		expect(limit.current).toBe(COLD_START);
	});

	it('halves on overload once for the requests already in flight', () => {
		const limit = new AdaptiveLimit(100, 0);
		for (let r = 1; r <= 4; r++) round(limit, fast(Math.floor(limit.current)), r * 100);
		expect(limit.current).toBe(16);
		const inFlight = Array.from({ length: 8 }, () => limit.started());
		for (const ticket of inFlight) limit.overloaded(ticket, 500, true);
		expect(limit.current).toBe(8);
	});

	it('after a gateway gave up once, answers past half its time shrink the limit', () => {
		// 2.6 s is only 2.6 × slower than unloaded at 1 s, but past half of the 5 s gateway.
		const limitAt1s = new AdaptiveLimit(100, 0);
		round(limitAt1s, [1000, 1000], 100);
		limitAt1s.overloaded(limitAt1s.started(), 200, true, 5000);
		const held = limitAt1s.current;
		round(limitAt1s, [2600], 300);
		expect(limitAt1s.current).toBeLessThan(held);
	});

	it('decays towards the cold start while idle, and starts cold again after two windows', () => {
		const limit = new AdaptiveLimit(100, 0);
		for (let r = 1; r <= 5; r++) round(limit, fast(Math.floor(limit.current)), r * 100);
		expect(limit.current).toBe(32);
		limit.resume(500 + 10 * 60_000);
		// Idle for one half-life: halfway from 32 back to 2.
		expect(limit.current).toBeCloseTo(2 + 30 / 2, 1);
		limit.resume(500 + 10 * 60_000 + 60 * 60_000);
		expect(limit.current).toBeLessThan(2.5);
		// Cold again: the first round is only measured, the next doubles it.
		const before = limit.current;
		round(limit, fast(2), 500 + 71 * 60_000);
		expect(limit.current).toBeCloseTo(before, 5);
		round(limit, fast(2), 600 + 71 * 60_000);
		expect(limit.current).toBeCloseTo(before * 2, 5);
	});
});
