import { forgetHostLimiters } from '../../nodes/OzForensics/execution/processState';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { cleanUpEngine } from '../engine/harness';

/**
 * A simulator for one test file: started before its tests, stopped after them (with the
 * engine's temporary files). The returned object stands for the running simulator, so tests
 * use it as they would the simulator itself.
 */
export function useSimulator(options: SimulatorOptions): Simulator {
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
