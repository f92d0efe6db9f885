import { startSimulator, type Simulator } from '../../simulator';
import { FaultDraw } from '../../simulator/server/faults';

/*
 * The simulator's switches for soaks (simulator/README.md, "Fault switches for soaks"): faults
 * drawn at a rate from a seed, a session expiry that recurs, and a window of fewer slots.
 */
const TOKEN = 'soak-faults-token';
// Built, not written out: a password literal would read as a leaked secret to scanners.
const USER = { email: 'soak@example.com', password: ['soak', 'pw'].join('-') };
const PAYLOAD = JSON.stringify({
	'media:tags': { video1: ['video_selfie'] },
	analyses: [{ type: 'quality' }],
});

let simulator: Simulator;

beforeAll(async () => {
	simulator = await startSimulator({ tokens: [TOKEN], users: [USER] });
});
afterAll(() => simulator.close());
beforeEach(async () => {
	expect((await fetch(`${simulator.url}/_sim/reset`, { method: 'POST' })).status).toBe(200);
});

async function settings(update: Record<string, unknown>): Promise<Response> {
	return await fetch(`${simulator.url}/_sim/settings`, {
		method: 'POST',
		body: JSON.stringify(update),
	});
}

/** One single request; its answer's status, or 0 when the connection was cut. */
async function singleRequest(name: string, token = TOKEN): Promise<number> {
	const form = new FormData();
	form.append('video1', new Blob([Buffer.alloc(4096, name)], { type: 'video/mp4' }), name);
	form.append('payload', PAYLOAD);
	try {
		const response = await fetch(`${simulator.url}/api/folders/`, {
			method: 'POST',
			headers: { 'x-forensic-access-token': token },
			body: form,
		});
		await response.text();
		return response.status;
	} catch {
		return 0;
	}
}

describe('faults drawn at a rate', () => {
	const draws = (seed: number, count: number) => {
		const draw = new FaultDraw({ seed, lostAnswer: 0.03, reset: 0.01, throttle: 0.01 });
		return Array.from({ length: count }, () => draw.draw()?.name ?? 'none');
	};

	it('the same seed draws the same faults; another seed others', () => {
		expect(draws(7, 500)).toEqual(draws(7, 500));
		expect(draws(8, 500)).not.toEqual(draws(7, 500));
	});

	it('draws each kind near its rate, lost answers split between 502, 504 and a cut', () => {
		const all = draws(28, 100_000);
		const share = (name: string) => all.filter((drawn) => drawn === name).length / all.length;
		for (const lost of ['lost-502', 'lost-504', 'lost-cut'])
			expect(share(lost)).toBeCloseTo(0.01, 2);
		expect(share('reset')).toBeCloseTo(0.01, 2);
		expect(share('throttle')).toBeCloseTo(0.01, 2);
	});

	it('hit single requests only, recorded on each; a 429 has the framework code 101 and no Retry-After; a lost answer leaves the folder stored', async () => {
		expect(
			(await settings({ faultRates: { seed: 3, lostAnswer: 0.3, reset: 0.1, throttle: 0.1 } }))
				.status,
		).toBe(200);
		const statuses: number[] = [];
		for (let i = 0; i < 60; i++) statuses.push(await singleRequest(`case-${i}.mp4`));
		const listed = await fetch(`${simulator.url}/api/folders/?limit=100`, {
			headers: { 'x-forensic-access-token': TOKEN },
		});
		expect(listed.status).toBe(200);
		const singles = simulator.store.requests.filter((r) => r.method === 'POST');
		const drawn = singles.map((r) => r.drawnFault ?? 'none');
		// Replayed from the seed: the requests met the draws in order.
		const draw = new FaultDraw({ seed: 3, lostAnswer: 0.3, reset: 0.1, throttle: 0.1 });
		expect(drawn).toEqual(singles.map(() => draw.draw()?.name ?? 'none'));
		expect(new Set(drawn)).toEqual(
			new Set(['none', 'lost-502', 'lost-504', 'lost-cut', 'reset', 'throttle']),
		);
		expect(simulator.store.requests.filter((r) => r.method === 'GET')[0].drawnFault).toBe(
			undefined,
		);
		statuses.forEach((status, i) => {
			const expected = {
				none: 201,
				'lost-502': 502,
				'lost-504': 504,
				'lost-cut': 0,
				reset: 0,
				throttle: 429,
			}[drawn[i]];
			expect([i, status]).toEqual([i, expected]);
		});
		// Oz did the work of every request but the cut uploads and the 429s.
		const stored = drawn.filter((name) => name !== 'reset' && name !== 'throttle').length;
		expect(simulator.store.folders.size).toBe(stored);
	});

	it('a 429 reads as the framework writes it', async () => {
		await settings({ faultRates: { seed: 1, throttle: 1 } });
		const form = new FormData();
		form.append('payload', PAYLOAD);
		const response = await fetch(`${simulator.url}/api/folders/`, {
			method: 'POST',
			headers: { 'x-forensic-access-token': TOKEN },
			body: form,
		});
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(await response.json()).toEqual({
			error_code: 101,
			error_message: 'Too many requests',
			error_details: null,
		});
	});

	it('refuses rates that add up to more than 1; null turns them off', async () => {
		expect((await settings({ faultRates: { seed: 1, lostAnswer: 0.7, reset: 0.7 } })).ok).toBe(
			false,
		);
		await settings({ faultRates: { seed: 1, reset: 1 } });
		await settings({ faultRates: null });
		expect(simulator.settings.faultRates).toBeNull();
		expect(await singleRequest('after.mp4')).toBe(201);
	});
});

describe('sessions that expire again and again', () => {
	it('every N answered requests all sessions expire, and logins are not counted', async () => {
		await settings({ expireSessionsEvery: 3 });
		const login = async () => {
			const response = await fetch(`${simulator.url}/api/authorize/auth`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ credentials: USER }),
			});
			return ((await response.json()) as { access_token: string }).access_token;
		};
		const read = async (token: string) =>
			(
				await fetch(`${simulator.url}/api/folders/?limit=1`, {
					headers: { 'x-forensic-access-token': token },
				})
			).status;
		const statuses: number[] = [];
		for (let round = 0; round < 3; round++) {
			const token = await login();
			for (let i = 0; i < 4; i++) statuses.push(await read(token));
		}
		expect(statuses).toEqual([200, 200, 200, 401, 200, 200, 200, 401, 200, 200, 200, 401]);
		expect(simulator.sessions.expiries).toBe(3);
		// Service tokens never expire.
		expect(await read(TOKEN)).toBe(200);
	});
});

describe('a window of fewer slots', () => {
	it('from fromMs to fromMs + forMs after the first single request, at most `slots` at once', async () => {
		// Wide margins (300 ms analyses, a window of 1.8 s) so that a loaded machine's jitter fits.
		const ms = 300;
		simulator.settings.capacity = {
			slots: 4,
			msPerAnalysis: ms,
			slotsWindow: { fromMs: 600, forMs: 1800, slots: 2 },
		};
		// Four requests every 300 ms for 3.6 s: before, in and after the window.
		const started = Date.now();
		const waves: Array<Promise<number>> = [];
		for (let wave = 0; wave < 12; wave++) {
			for (let i = 0; i < 4; i++) waves.push(singleRequest(`w${wave}-${i}.mp4`));
			await new Promise((resolve) => setTimeout(resolve, ms));
		}
		expect(new Set(await Promise.all(waves))).toEqual(new Set([201]));
		// Analyses running at each moment, from Oz's record of each request.
		const spans = simulator.store.requests
			.filter((r) => r.method === 'POST')
			.map((r) => ({ end: (r.workDoneAt ?? 0) - started }));
		// Each span shrunk by 5 ms at both ends: the record is taken just after the slot is freed.
		const runningAt = (t: number) =>
			spans.filter(({ end }) => end - ms + 5 <= t && t < end - 5).length;
		const most = (from: number, to: number) => {
			let peak = 0;
			for (let t = from; t < to; t += 10) peak = Math.max(peak, runningAt(t));
			return peak;
		};
		expect(most(0, 500)).toBe(4);
		// The analyses started before the window end within one analysis of its start.
		expect(most(1000, 2400)).toBeLessThanOrEqual(2);
		expect(most(2800, 3600)).toBe(4);
	});
});
