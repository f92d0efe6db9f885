/** The step-change plot: requests in flight at Oz and each request's time, over the run, as SVG. */
interface Timed {
	at: number;
	doneAt?: number;
}

const WIDTH = 900;
const HEIGHT = 320;
const PAD = 50;

export function stepChangeSvg(requests: Timed[], title: string, slotsChangeAt?: number): string {
	const done = requests.filter((r): r is Required<Timed> => r.doneAt !== undefined);
	if (done.length === 0) return '';
	const start = Math.min(...done.map((r) => r.at));
	const end = Math.max(...done.map((r) => r.doneAt));
	const events = done.flatMap((r) => [
		{ t: r.at, d: 1 },
		{ t: r.doneAt, d: -1 },
	]);
	events.sort((a, b) => a.t - b.t || a.d - b.d);
	let inFlight = 0;
	const steps: Array<[number, number]> = [];
	for (const { t, d } of events) steps.push([t, (inFlight += d)]);
	const maxFlight = Math.max(...steps.map(([, n]) => n), 1);
	const maxLatency = Math.max(...done.map((r) => r.doneAt - r.at), 1);
	const x = (t: number) => PAD + ((t - start) / Math.max(1, end - start)) * (WIDTH - 2 * PAD);
	const yFlight = (n: number) => HEIGHT - PAD - (n / maxFlight) * (HEIGHT - 2 * PAD);
	const yLatency = (ms: number) => HEIGHT - PAD - (ms / maxLatency) * (HEIGHT - 2 * PAD);
	let previous = 0;
	const path = steps.map(([t, n]) => {
		const segment = `L${x(t).toFixed(1)},${yFlight(previous).toFixed(1)} L${x(t).toFixed(1)},${yFlight(n).toFixed(1)}`;
		previous = n;
		return segment;
	});
	const dots = done
		.map(
			(r) =>
				`<circle cx="${x(r.at).toFixed(1)}" cy="${yLatency(r.doneAt - r.at).toFixed(1)}" r="2" fill="#d9534f"/>`,
		)
		.join('');
	const change =
		slotsChangeAt === undefined
			? ''
			: `<line x1="${x(slotsChangeAt).toFixed(1)}" y1="${PAD}" x2="${x(slotsChangeAt).toFixed(1)}" y2="${HEIGHT - PAD}" stroke="#999" stroke-dasharray="4"/><text x="${(x(slotsChangeAt) + 4).toFixed(1)}" y="${PAD + 12}" font-size="11" fill="#666">4 → 2 slots</text>`;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${PAD}" y="22" font-size="14">${title}</text>
<line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}" stroke="#333"/>
<line x1="${PAD}" y1="${PAD}" x2="${PAD}" y2="${HEIGHT - PAD}" stroke="#333"/>
<text x="${WIDTH / 2}" y="${HEIGHT - 15}" font-size="12" text-anchor="middle">time, 0 to ${((end - start) / 1000).toFixed(1)} s</text>
<text x="12" y="${PAD - 8}" font-size="12" fill="#2a6ebb">in flight (max ${maxFlight})</text>
<text x="${WIDTH - PAD}" y="${PAD - 8}" font-size="12" fill="#d9534f" text-anchor="end">time per request (max ${(maxLatency / 1000).toFixed(2)} s)</text>
${change}
<path d="M${x(start).toFixed(1)},${yFlight(0).toFixed(1)} ${path.join(' ')}" fill="none" stroke="#2a6ebb" stroke-width="1.5"/>
${dots}
</svg>
`;
}
