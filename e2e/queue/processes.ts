/** Child processes the queue-mode rig owns: logged to files, polled for readiness, stopped by PID. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

const POLL_MS = 200;
const READY_TIMEOUT_MS = 60_000;

/** A child process whose output goes to a log file (kept after it exits). */
export interface Managed {
	name: string;
	pid: number;
	child: ChildProcess;
	exited(): boolean;
	log(): string;
	/** Sends `signal`, then SIGKILL when it has not exited within `graceMs`. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
	env?: NodeJS.ProcessEnv;
	/** Runs as this system user when we are root (Postgres refuses root). */
	user?: string;
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** uid/gid of `user` when running as root; nothing otherwise (a CI runner runs as itself). */
export function identity(user?: string): { uid?: number; gid?: number } {
	if (!user || process.getuid?.() !== 0) return {};
	const id = (flag: string) =>
		Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

export function spawnLogged(
	name: string,
	command: string,
	args: string[],
	logFile: string,
	options: SpawnOptions = {},
): Managed {
	// A file instead of a pipe: nothing blocks on a full buffer and the log outlives the process.
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(command, args, {
		env: options.env ?? process.env,
		stdio: ['ignore', fd, fd],
		...identity(options.user),
	});
	child.on('error', () => undefined);
	const exited = () => child.exitCode !== null || child.signalCode !== null || !child.pid;
	const waitExit = (ms: number) =>
		new Promise<boolean>((resolve) => {
			if (exited()) return resolve(true);
			const timer = setTimeout(() => resolve(false), ms);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve(true);
			});
		});
	return {
		name,
		pid: child.pid ?? -1,
		child,
		exited,
		log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
		async stop(signal = 'SIGTERM', graceMs = 15_000) {
			if (exited()) return;
			child.kill(signal);
			if (await waitExit(graceMs)) return;
			child.kill('SIGKILL');
			await waitExit(5_000);
		},
	};
}

/** Runs a command to completion (as `user` when root), feeding it `input`; throws with its output. */
export function runTo(command: string, args: string[], options: SpawnOptions & { input?: string }) {
	return new Promise<string>((resolve, reject) => {
		const child = spawn(command, args, { env: options.env, ...identity(options.user) });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		// A command that exits without reading its input must not crash the test process.
		child.stdin.on('error', () => undefined);
		child.on('close', (code) =>
			code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}:\n${output}`)),
		);
		child.stdin.end(options.input ?? '');
	});
}

export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Peak resident memory of a running process in kB (Linux); undefined once it is gone. */
export function peakRssKb(pid: number): number | undefined {
	const status = `/proc/${pid}/status`;
	if (!fs.existsSync(status)) return undefined;
	const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(status, 'utf8'));
	return match ? Number(match[1]) : undefined;
}

export class GiveUp extends Error {}

/** Polls `check` until it is true; fails early when `process` has exited. */
export async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	process?: Managed,
	timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (process?.exited()) throw new Error(`${what} exited early:\n${tail(process.log())}`);
		// A check throws `GiveUp` when waiting longer cannot help; other errors mean "not yet".
		const ready = await check().catch((error: unknown) => {
			if (error instanceof GiveUp) throw error;
			return false;
		});
		if (ready) return;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	throw new Error(`${what} not ready within ${timeoutMs} ms:\n${tail(process?.log() ?? '')}`);
}

/** Steps that undo the start-up, run newest first; a second run does nothing. */
export function cleanupList() {
	let steps: Array<() => unknown> = [];
	const run = async () => {
		const pending = steps.reverse();
		steps = [];
		for (const step of pending) await Promise.resolve(step()).catch(() => undefined);
	};
	return { add: (step: () => unknown) => void steps.push(step), run };
}
export type Cleanup = ReturnType<typeof cleanupList>;
