import { HALF_LIFE_MS, WINDOW_MS } from '../../nodes/OzForensics/execution/limitTuning';
import {
	AdmissionCancelled,
	AdmissionTimeout,
	HostLimiter,
} from '../../nodes/OzForensics/execution/hostLimiter';
import type { Permit } from '../../nodes/OzForensics/execution/hostLimiter';
import { VirtualClock } from '../support/virtualOz';

/*
 * The shared limiter on its own, in virtual time: requests are held for a fixed time each and
 * released as answered; nothing runs on a real clock or socket.
 */

/** Holds each permit for `ms`, then releases it as answered; records starts. */
function client(clock: VirtualClock, limiter: HostLimiter, ms = 100) {
	const started: string[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const run = async (flow: string, name: string, deadline = Infinity, signal?: AbortSignal) => {
		const permit: Permit = await limiter.acquire({ flow, deadline, signal });
		started.push(name);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		await clock.wait(ms);
		inFlight--;
		permit.release({ analyses: 1 });
		return permit.queuedMs;
	};
	return { run, started, maxInFlight: () => maxInFlight };
}

describe('the shared limiter of an Oz host', () => {
	it('a cold host starts 2 at once and keeps first-in, first-out within one execution', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		expect(limiter.current).toBe(2);
		const { run, started, maxInFlight } = client(clock, limiter);
		const done = Promise.all(Array.from({ length: 6 }, (_, i) => run('e', `r${i}`)));
		await clock.run();
		await done;
		expect(started).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
		expect(maxInFlight()).toBeLessThanOrEqual(4);
	});

	it('interleaves executions: webhooks that come after a batch wait for a turn each, not for the batch', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const { run, started } = client(clock, limiter);
		const batch = Array.from({ length: 40 }, (_, i) => run('batch', `b${i}`));
		const hooks = (async () => {
			await clock.wait(150);
			return await Promise.all([0, 1, 2].map(async (i) => await run(`hook-${i}`, `h${i}`)));
		})();
		const done = Promise.all([...batch, hooks]);
		await clock.run();
		const [queued] = [await hooks];
		await done;
		// Each webhook started within a few admissions of its arrival, long before the batch ended.
		for (const name of ['h0', 'h1', 'h2']) expect(started.indexOf(name)).toBeLessThan(12);
		expect(Math.max(...queued)).toBeLessThan(500);
	});

	it('a waiting request whose execution is cancelled leaves at once, and nothing is started for it', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const { run, started } = client(clock, limiter, 1000);
		const abort = new AbortController();
		const first = [run('e', 'a'), run('e', 'b')];
		const cancelled = run('e', 'c', Infinity, abort.signal).catch((error: unknown) => error);
		void clock.wait(10).then(() => abort.abort());
		const done = Promise.all(first);
		await clock.run();
		await done;
		expect(await cancelled).toBeInstanceOf(AdmissionCancelled);
		expect(started).toEqual(['a', 'b']);
		expect(limiter.queued).toBe(0);
	});

	it('a request that cannot start before its deadline fails with how long it waited, and nothing is sent', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const { run, started } = client(clock, limiter, 10_000);
		const held = [run('e', 'a'), run('e', 'b')];
		const late = run('e', 'c', 2500).catch((error: unknown) => error);
		const done = Promise.all(held);
		await clock.run();
		await done;
		const error = await late;
		expect(error).toBeInstanceOf(AdmissionTimeout);
		expect((error as AdmissionTimeout).waitedMs).toBeGreaterThanOrEqual(2500);
		expect((error as AdmissionTimeout).waitedMs).toBeLessThan(3600);
		expect(started).toEqual(['a', 'b']);
	});

	it('warm start: a later execution starts from the learned limit, decayed with the idle time', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const { run } = client(clock, limiter);
		// Fast answers with requests waiting: the limit doubles round by round after the first.
		const done = Promise.all(Array.from({ length: 200 }, (_, i) => run('batch', `b${i}`)));
		await clock.run();
		await done;
		const learned = limiter.current;
		expect(learned).toBeGreaterThanOrEqual(16);

		// A minute later it starts close to what it learned.
		await Promise.all([clock.wait(60_000), clock.run()]);
		const next = limiter.acquire({ flow: 'later', deadline: Infinity });
		const permit = await next;
		permit.release('unmeasured');
		expect(limiter.current).toBeGreaterThan(0.9 * learned);
		expect(limiter.current).toBeLessThan(learned);

		// After an idle hour it has decayed most of the way back to the cold start.
		await Promise.all([clock.wait(60 * 60_000), clock.run()]);
		(await limiter.acquire({ flow: 'much later', deadline: Infinity })).release('unmeasured');
		const decayed = 2 + (learned - 2) * 0.5 ** ((61 * 60_000) / HALF_LIFE_MS);
		expect(limiter.current).toBeLessThan(2 + (learned - 2) * 0.05);
		expect(limiter.current).toBeCloseTo(decayed, 0);
		expect(60 * 60_000).toBeGreaterThan(2 * WINDOW_MS);
	});

	it('below a limit of one, requests go one at a time with a pause after each', async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		const starts: number[] = [];
		// Oz pushes back on every request while others wait: the limit halves below 1.
		const run = async () => {
			const permit = await limiter.acquire({ flow: 'e', deadline: Infinity });
			starts.push(clock.now());
			await clock.wait(1000);
			permit.release('overload');
		};
		const done = Promise.all(Array.from({ length: 8 }, run));
		await clock.run();
		await done;
		expect(limiter.current).toBeLessThan(1);
		const gaps = starts.slice(1).map((at, i) => at - starts[i]);
		// At 1/2 and below, a 1 s request is followed by at least 1 s of nothing.
		expect(Math.max(...gaps)).toBeGreaterThanOrEqual(2000);
	});

	it("a run's own pace after its turn is not counted as Oz's time", async () => {
		const clock = new VirtualClock();
		const limiter = new HostLimiter(clock);
		// Max Analyses per Minute: each request waits its slot of a 200 ms schedule after its turn.
		const run = async (index: number) => {
			const permit = await limiter.acquire({ flow: 'paced', deadline: Infinity });
			await clock.wait(index * 200);
			permit.departs();
			await clock.wait(10);
			permit.release({ analyses: 1 });
		};
		const done = Promise.all(Array.from({ length: 8 }, (_, i) => run(i)));
		await clock.run();
		await done;
		// Every request took 10 ms at Oz: nothing to shrink for, whatever the pace.
		expect(limiter.current).toBeGreaterThanOrEqual(2);
	});
});
