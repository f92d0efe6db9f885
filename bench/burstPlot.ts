/**
 * The burst plot: over the seconds of one burst, requests in flight at Oz (arrived and not yet
 * done, 504s included, since Oz goes on), calls waiting in n8n (made, not yet at Oz) and
 * gateway 504s so far, for each sender, drawn by Vega-Lite into an SVG at bench time.
 */
import { writeFileSync } from 'node:fs';

import type { Answer } from '../e2e/queue/callers';
import type { ReceivedRequest } from '../simulator';

export interface BurstTrace {
	sender: string;
	answers: Answer[];
	/** The single requests Oz received in that burst. */
	requests: ReceivedRequest[];
}

const STEP_MS = 100;

function series(trace: BurstTrace) {
	const start = Math.min(...trace.answers.map((answer) => answer.sentAt));
	const end = Math.max(
		...trace.answers.map((answer) => answer.sentAt + answer.ms),
		...trace.requests.map((request) => request.workDoneAt ?? request.at),
	);
	const arrival = new Map<string, number>();
	for (const request of trace.requests) {
		const caseId = request.files[0]?.fileName.replace(/\.mp4$/, '');
		if (caseId && !arrival.has(caseId)) arrival.set(caseId, request.at);
	}
	const points: Array<{ sender: string; seconds: number; measure: string; count: number }> = [];
	for (let t = start; t <= end + STEP_MS; t += STEP_MS) {
		const seconds = (t - start) / 1000;
		const atOz = trace.requests.filter((r) => r.at <= t && t < (r.workDoneAt ?? Infinity)).length;
		const waiting = trace.answers.filter((answer) => {
			const reached = arrival.get(answer.caseId) ?? answer.sentAt + answer.ms;
			return answer.sentAt <= t && t < reached;
		}).length;
		const gateway = trace.requests.filter(
			(r) => r.gatewayAt !== undefined && r.gatewayAt <= t,
		).length;
		points.push(
			{ sender: trace.sender, seconds, measure: 'requests in flight at Oz', count: atOz },
			{ sender: trace.sender, seconds, measure: 'calls waiting in n8n', count: waiting },
			{ sender: trace.sender, seconds, measure: 'gateway 504s so far', count: gateway },
		);
	}
	return points;
}

export async function writeBurstPlot(
	file: string,
	title: string,
	traces: BurstTrace[],
): Promise<void> {
	const vega = await import('vega');
	// The package's types are found by path (this tsconfig resolves as "node"); the code by its exports.
	const vegaLite = (await import(
		'vega-lite' as string
	)) as typeof import('vega-lite/build/index.js');
	const spec = vegaLite.compile({
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title,
		data: { values: traces.flatMap(series) },
		facet: { row: { field: 'sender', type: 'nominal', title: null } },
		spec: {
			width: 600,
			height: 180,
			mark: { type: 'line', interpolate: 'step-after' },
			encoding: {
				x: { field: 'seconds', type: 'quantitative', title: 'time since the first call (s)' },
				y: { field: 'count', type: 'quantitative', title: 'requests' },
				color: { field: 'measure', type: 'nominal', title: null },
			},
		},
		resolve: { scale: { x: 'shared' } },
		config: { legend: { orient: 'bottom', labelLimit: 300 } },
	}).spec;
	const view = new vega.View(vega.parse(spec), { renderer: 'none' });
	writeFileSync(file, await view.toSVG());
	await view.finalize();
}
