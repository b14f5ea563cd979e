/**
 * @overcast/simulators: local HTTP servers that speak the OpenNebula, oVirt and CloudStack wire
 * protocols, for tests and examples, plus the harness they are built on.
 */
import './providers.js';

export * from './cloudstack/index.js';
export type {
  ActiveFault,
  DropFault,
  ErrorFault,
  Fault,
  FaultCounts,
  FaultDecision,
  FaultKind,
  FaultOptions,
  FaultRule,
  FaultScope,
  LatencyFault,
  TruncateFault,
} from './faults.js';
export { FaultController } from './faults.js';
export * from './opennebula/index.js';
export * from './ovirt/index.js';
export type { SimulatorDefinition } from './registry.js';
export { findSimulator, listSimulators, registerSimulator } from './registry.js';
export type { RunningSimulator, SimulatorOptions, StartSimulatorOptions } from './server.js';
export { startSimulator } from './server.js';
export type { Id, SequentialIds, UuidIds } from './store.js';
export { Collection, NotFound, Store } from './store.js';
export type { TimersOptions } from './timers.js';
export { Timers } from './timers.js';
export type { SimulatorHandler, SimulatorLogger, SimulatorRequest, SimulatorResponse } from './types.js';
