import { join } from 'node:path';

import { DEFAULT_TOKEN, startSimulator } from './server/server';

// Started by `npm run simulator`: a local stand-in for an Oz API host, on loopback only.
async function main() {
	const port = Number(process.env.OZ_SIM_PORT ?? 4010);
	const tokens = (process.env.OZ_SIM_TOKENS ?? DEFAULT_TOKEN)
		.split(',')
		.map((token) => token.trim());
	const samplesDir = process.env.OZ_SIM_SAMPLES ?? join(__dirname, '..', 'samples');
	const simulator = await startSimulator({ host: '127.0.0.1', port, tokens, samplesDir });
	process.stdout.write(
		`Oz API simulator listening on ${simulator.url} (accepts ${tokens.length} token(s))\n`,
	);
	const stop = () => {
		void simulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
