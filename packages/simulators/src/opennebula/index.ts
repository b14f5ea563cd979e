/** The OpenNebula simulator's public surface, also the `@overcast/simulators/opennebula` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type * from '../kit-types.js';
export { ONE_ERROR } from './errors.js';
export { RPC_PATH as OPENNEBULA_API_PATH } from './handler.js';
export type {
  OpenNebulaCredentials,
  OpenNebulaSimulatorOptions,
  RunningOpenNebulaSimulator,
} from './simulator.js';
export { DEFAULT_ONE_SESSION, opennebulaSimulator, startOpenNebulaSimulator } from './simulator.js';
