/**
 * The kit's types, re-exported by each provider's entry (`export type * from '../kit-types.js'`) so
 * that a test importing only that entry needs no other import.
 */
export type {
  Fault,
  FaultCounts,
  FaultKind,
  FaultOptions,
  FaultRule,
  FaultScope,
} from './faults.js';
export type { ProviderSimulatorOptions, RunningProviderSimulator } from './kit.js';
export type { OperationMatcher, RequestCounts } from './requests.js';
export type { RunningSimulator, SimulatorOptions } from './server.js';
export type { SimulatorLogger } from './types.js';
