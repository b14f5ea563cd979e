/** The OpenNebula simulator's public surface. */
export { ONE_ERROR } from './errors.js';
export type { OpenNebulaSimulatorOptions, RunningOpenNebulaSimulator } from './simulator.js';
export { DEFAULT_ONE_SESSION, startOpenNebulaSimulator } from './simulator.js';
