/**
 * Writes a container in the simulator's stand-in format (simulator/README.md, "OzCapsula
 * containers"): a test file for the simulator, not a real OzCapsula container.
 *   npm run container -- --token <session token> --file selfie.mp4 [--file id.jpg]
 *     [--meta '{"transaction_id":"A-1"}'] [--analyses '[{"type":"quality"}]'] --out capture.ozsim
 * With --simulator http://127.0.0.1:4010 and no --token, a fresh session token is fetched there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { buildContainer } from '../simulator';
import { DEFAULT_TOKEN } from '../simulator/server/server';

const { values } = parseArgs({
	options: {
		token: { type: 'string' },
		simulator: { type: 'string' },
		file: { type: 'string', multiple: true, default: [] },
		meta: { type: 'string' },
		analyses: { type: 'string' },
		out: { type: 'string', default: 'capture.ozsim' },
	},
});

// `npm run` starts in the package folder; paths are meant from where the user typed them.
const here = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

function json<T>(name: string, text: string | undefined): T | undefined {
	try {
		return text === undefined ? undefined : (JSON.parse(text) as T);
	} catch {
		throw new Error(`--${name} is not valid JSON`);
	}
}

async function sessionToken(): Promise<string> {
	if (values.token) return values.token;
	if (!values.simulator) throw new Error('Give --token, or --simulator to fetch one');
	const url = `${values.simulator.replace(/\/+$/, '')}/api/authorize/session_token`;
	const response = await fetch(url, { headers: { 'x-forensic-access-token': DEFAULT_TOKEN } });
	const body = (await response.json()) as { session_token?: string };
	if (!response.ok || !body.session_token)
		throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
	return body.session_token;
}

async function main() {
	if (values.file.length === 0) throw new Error('Give at least one --file');
	const token = await sessionToken();
	const used = new Set<string>();
	// Media keys from the file names (selfie.mp4 → "selfie"), kept apart when two share one.
	const files = values.file.map((path) => {
		const stem = basename(path, extname(path)).replace(/[^\w-]/g, '_') || 'media';
		let key = stem;
		for (let n = 2; used.has(key); n++) key = `${stem}${n}`;
		used.add(key);
		return { key, data: readFileSync(here(path)), fileName: basename(path) };
	});
	const container = buildContainer({
		sessionToken: token,
		files,
		folderMetadata: json('meta', values.meta),
		analyses: json('analyses', values.analyses),
	});
	writeFileSync(here(values.out), container);
	process.stdout.write(
		`Wrote ${values.out}: ${container.length} bytes, media ${files.map((f) => `${f.key}=${f.fileName}`).join(', ')}, session token ${token}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
