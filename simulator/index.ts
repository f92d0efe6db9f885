/** What tests, the end-to-end rig, the demo and the benchmark use of the simulator. */
export {
	BIOMETRY_THRESHOLD,
	LIVENESS_THRESHOLD,
	livenessScore,
	similarity,
} from './analysis/results';
export { buildContainer, damage } from './container/format';
export type { FaultRates, ScriptedFault } from './server/faults';
export type { DrawnFault, ReceivedRequest } from './types';
export type { CapacitySettings } from './server/capacity';
export { startSimulator } from './server/server';
export type { Simulator, SimulatorOptions } from './server/server';
