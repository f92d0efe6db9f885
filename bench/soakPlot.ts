/**
 * The soak plot: n8n's resident memory (VmRSS, sampled every second) over the webhook calls
 * sent, for this node under faults and n8n's HTTP Request node without, each run a line,
 * drawn by Vega-Lite into an SVG at bench time (as burstPlot.ts). Only the seconds in which
 * calls were sent: after the last, x stands still while the answers come in.
 */
import { writeFileSync } from 'node:fs';

import type { RssSample } from '../e2e/soak';

export interface SoakTrace {
	sender: string;
	run: number;
	samples: RssSample[];
	/** When the last call was sent: later samples (the tail of answers) are left out. */
	sendMs: number;
}

export async function writeSoakPlot(
	file: string,
	title: string,
	traces: SoakTrace[],
): Promise<void> {
	const vega = await import('vega');
	// The package's types are found by path (this tsconfig resolves as "node"); the code by its exports.
	const vegaLite = (await import(
		'vega-lite' as string
	)) as typeof import('vega-lite/build/index.js');
	const values = traces.flatMap((trace) =>
		trace.samples
			.filter((sample) => sample.atMs <= trace.sendMs + 1000)
			.map((sample) => ({
				sender: trace.sender,
				run: `run ${trace.run}`,
				calls: sample.sent,
				rssMb: Math.round(sample.rssKb / 102.4) / 10,
			})),
	);
	const spec = vegaLite.compile({
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title,
		data: { values },
		width: 640,
		height: 300,
		mark: { type: 'line', interpolate: 'linear', strokeWidth: 1.5 },
		encoding: {
			x: { field: 'calls', type: 'quantitative', title: 'webhook calls sent' },
			y: {
				field: 'rssMb',
				type: 'quantitative',
				title: "n8n's resident memory (MB)",
				scale: { zero: false },
			},
			color: { field: 'sender', type: 'nominal', title: null },
			detail: { field: 'run', type: 'nominal' },
		},
		config: { legend: { orient: 'bottom', columns: 1, labelLimit: 600 } },
	}).spec;
	const view = new vega.View(vega.parse(spec), { renderer: 'none' });
	writeFileSync(file, await view.toSVG());
	await view.finalize();
}
