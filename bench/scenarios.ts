/** What the bench scripts share: which scenarios to run, progress lines, and when and where they ran. */
import { cpus, totalmem } from 'node:os';

import type { Simulator } from '../simulator';

/** Whether OZ_BENCH names this scenario (all run when it is unset). */
export const wanted = (name: string) =>
	!process.env.OZ_BENCH || process.env.OZ_BENCH.split(',').includes(name);

export const say = (line = '') => process.stdout.write(`${line}\n`);

/** The `ran` line of a section: now, this machine, and the n8n it ran in. */
export function ranOn(where: string): string {
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
	return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}, ${where}`;
}

/** Waits until Oz has finished the work of every request it took (after 504s too). */
export async function settle(simulator: Simulator): Promise<void> {
	for (let quiet = 0; quiet < 3; ) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		quiet = simulator.store.inFlight === 0 ? quiet + 1 : 0;
	}
}
