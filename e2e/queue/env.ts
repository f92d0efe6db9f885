/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test rig, never shipped: a fixed encryption key for a throwaway cluster */
/** The environment of a queue-mode cluster: what every process shares and each one's own ports. */
import { freePort } from '../rig';

export function sharedEnv(
	postgresPort: number,
	redisPort: number,
	extra: Record<string, string> = {},
) {
	return {
		// Workers decrypt the credentials the main stored: one key for all.
		N8N_ENCRYPTION_KEY: 'oz-e2e-queue-encryption-key-0001',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...extra,
	};
}

/** Ports handed out in this process: a free port asked for twice in a row may be the same one. */
const given = new Set<number>();

async function ownPort(): Promise<number> {
	for (;;) {
		const port = await freePort();
		if (!given.has(port)) {
			given.add(port);
			return port;
		}
	}
}

/** Every process gets its own ports: a second task broker on 5679 would make n8n exit. */
export async function processEnvs(env: Record<string, string>, workers: number) {
	const mainPort = await ownPort();
	const main = {
		...env,
		N8N_PORT: String(mainPort),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await ownPort()),
	};
	const worker = async () => ({
		...env,
		N8N_PORT: String(await ownPort()),
		N8N_RUNNERS_BROKER_PORT: String(await ownPort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(await ownPort()),
		// The worker's health server listens on every interface unless told otherwise.
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	const workerEnvs = [];
	for (let index = 0; index < workers; index++) workerEnvs.push(await worker());
	return { mainPort, main, workers: workerEnvs };
}
