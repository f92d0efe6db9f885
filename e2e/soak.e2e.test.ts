/**
 * The short soak (issue #28): 300 webhook calls at a steady rate through one regular-mode n8n,
 * each its own applicant, while Oz loses answers after storing the folder, cuts uploads,
 * throttles with 429, expires the login session again and again and runs on half its slots
 * for a while. `npm run bench` with OZ_BENCH=soak runs the long one, with memory.
 *
 * Which faults are final, with the node's default options (Safe Retry on, Timeout 300 s):
 * - a lost answer (502 or 504 page, connection cut after the folder was stored): never; the
 *   folder is found by its marker and its decision returned (`delivery: "recovered"`);
 * - a 429: only after 6 in a row for one request (5 are waited out and resent);
 * - an upload cut before Oz stored anything: only when the one resend is cut too (the look-up
 *   finds no folder for 30 s, then the node sends once more, and no more);
 * - a session expiry: never; the node logs in again and resends (but see
 *   test/engine/soakFindings.test.ts: a session that runs out while a cut upload is probed
 *   makes the node send it twice).
 * So an applicant may end with a clear error only when two of the drawn `reset`s, or six
 * `throttle`s, were theirs, and then Oz holds no folder of theirs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Simulator } from '../simulator';
import type { RegularN8n } from './regular';
import { INSTALL_TIMEOUT_MS, installN8n, N8N_VERSIONS, packPackage } from './rig';
import {
	setSoakFaults,
	settleOz,
	SOAK_RATES,
	soakFigures,
	soakSecrets,
	startSoakN8n,
	startSoakSimulator,
	streamCalls,
} from './soak';

const CALLS = 300;
const PER_SECOND = 25;

describe.each(N8N_VERSIONS)(
	'soak: 300 webhook calls under faults in a real n8n $version (Node $nodeMajor), regular mode',
	({ version, nodeMajor }) => {
		let simulator: Simulator;
		let n8n: RegularN8n;
		let dir: string;

		beforeAll(async () => {
			simulator = await startSoakSimulator();
			dir = mkdtempSync(join(tmpdir(), 'oz-soak-'));
			n8n = await startSoakN8n(installN8n(version, nodeMajor), packPackage(dir), simulator, dir);
		}, INSTALL_TIMEOUT_MS);

		afterAll(async () => {
			await n8n?.stop();
			await simulator?.close();
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		it('every caller gets its own decision (or a clear error where the fault is final), Oz bills each once, nothing reads PROCESSING, no secret in the log', async () => {
			setSoakFaults(simulator, {
				rates: SOAK_RATES,
				expireSessionsEvery: 100,
				// Half the slots from 3 s to 9 s: 20 analyses a second while 25 calls a second arrive.
				slotsWindow: { fromMs: 3000, forMs: 6000, slots: 4 },
			});
			const result = await streamCalls(n8n, 'oz', CALLS, PER_SECOND);
			await settleOz(simulator);
			const log = n8n.log();
			const figures = soakFigures(simulator, log, result, soakSecrets(simulator));
			const errors = Object.values(figures.errors).reduce((sum, count) => sum + count, 0);

			// The faults did happen, each kind of them.
			expect(figures.faults['lost-502'] + figures.faults['lost-504']).toBeGreaterThan(0);
			expect(figures.faults['lost-cut']).toBeGreaterThan(0);
			expect(figures.faults.reset).toBeGreaterThan(0);
			expect(figures.faults.throttle).toBeGreaterThan(0);
			expect(figures.expiries).toBeGreaterThanOrEqual(2);
			expect(figures.delivery.recovered).toBeGreaterThan(0);

			// Nobody lost, misrouted or told a wrong decision; errors only where final, unbilled.
			expect(figures.lost).toEqual([]);
			expect(figures.calls).toBe(CALLS);
			expect(figures.ownDecision + errors).toBe(CALLS);
			expect(errors).toBeLessThanOrEqual(
				Math.floor(figures.faults.reset / 2) + Math.floor(figures.faults.throttle / 6),
			);
			expect(figures.errorsWithFolder).toBe(0);
			expect(figures.twiceCases).toEqual([]);
			expect(figures.processing).toBe(0);

			// The process-wide state, as the node logs it every 100 sends: within its bounds, and
			// nothing left over (no Retry On Fail here, so its memo stays empty).
			expect(figures.sizes.length).toBeGreaterThanOrEqual(3);
			for (const size of figures.sizes) {
				expect(size.limiters).toBe(1);
				expect(size.sentMarkers).toBeLessThanOrEqual(Math.min(size.sends, size.maxMarkers));
				expect(size.inFlight).toBeLessThanOrEqual(CALLS);
				expect(size.retryMemoItems).toBe(0);
			}

			// The login's password and every token Oz saw are nowhere in n8n's output, though it
			// logged at debug level, and the node's own debug lines reached that output.
			expect(figures.secretsInLog).toBe(0);
			expect(soakSecrets(simulator).length).toBeGreaterThan(CALLS);
			expect(log).toContain('Oz Forensics: requests in flight to');
		}, 170_000);
	},
);
