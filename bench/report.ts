/**
 * bench/RESULTS.md is made from bench/results.json, which keeps each scenario's rows and notes
 * from its last run, so that `OZ_BENCH=burst npm run bench` replaces the burst rows and
 * leaves the others (each with the date and machine of its own run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Section {
	rows: string[];
	notes: string[];
	/** When and where the scenario ran. */
	ran: string;
}

/** The order scenarios appear in, whichever ran last. */
const ORDER = [
	'burst',
	'containerBurst',
	'fairness',
	'batches',
	'capacity',
	'rate',
	'memory',
	'containerMemory',
	'soak',
	'queue',
	'soakQueue',
];

export function writeReport(dir: string, fresh: Record<string, Section>): string {
	const file = join(dir, 'results.json');
	const kept = existsSync(file)
		? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Section>)
		: {};
	const sections = { ...kept, ...fresh };
	writeFileSync(file, `${JSON.stringify(sections, null, '\t')}\n`);
	const names = Object.keys(sections).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
	const rows = names.flatMap((name) => sections[name].rows);
	const table = ['| Scenario | Sender | Result |', '|---|---|---|', ...rows].join('\n');
	const runs = names.map((name) => `- ${name}: ${sections[name].ran}`).join('\n');
	const notes = names.flatMap((name) => sections[name].notes.map((note) => `- ${note}`));
	const report = `# Benchmark results\n\nMade by \`npm run bench\` (\`OZ_BENCH=name,…\` runs some scenarios and keeps the other rows). Each scenario's last run:\n\n${runs}\n\n${table}\n\n${notes.join('\n')}\n`;
	writeFileSync(join(dir, 'RESULTS.md'), report);
	return table;
}

/** Runs a benchmark's main, ending the process with its outcome (n8n child processes may linger). */
export function runBenchmark(main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(
				`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
			);
			process.exit(1);
		},
	);
}
