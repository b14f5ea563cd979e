/** The OpenNebula simulator's public surface, also the `@overcast/simulators/opennebula` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type {
  Fault,
  FaultCounts,
  FaultKind,
  FaultOptions,
  FaultRule,
  FaultScope,
} from '../faults.js';
export type { ProviderSimulatorOptions, RunningProviderSimulator } from '../kit.js';
export type { OperationMatcher, RequestCounts } from '../requests.js';
export type { RunningSimulator, SimulatorOptions } from '../server.js';
export type { SimulatorLogger } from '../types.js';
export { ONE_ERROR } from './errors.js';
export { RPC_PATH as OPENNEBULA_API_PATH } from './handler.js';
export type {
  OpenNebulaCredentials,
  OpenNebulaSimulatorOptions,
  RunningOpenNebulaSimulator,
} from './simulator.js';
export { DEFAULT_ONE_SESSION, opennebulaSimulator, startOpenNebulaSimulator } from './simulator.js';
