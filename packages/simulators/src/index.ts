/**
 * @overcast/simulators: local HTTP servers that speak the OpenNebula, oVirt and CloudStack wire
 * protocols, for tests and examples, plus the kit they are built on. Each provider is also its own
 * entry: `@overcast/simulators/cloudstack`, `/opennebula`, `/ovirt`.
 */
import './providers.js';

export * from './cloudstack/index.js';
export * from './ec2/index.js';
export type {
  ActiveFault,
  CountedFaultKind,
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
  ResetFault,
  TrickleFault,
  TruncateFault,
} from './faults.js';
export { FaultController } from './faults.js';
export type {
  OptionAlias,
  ProviderSimulator,
  ProviderSimulatorOptions,
  RunningProviderSimulator,
  SimulatorParts,
  SimulatorSetup,
  SimulatorSpec,
} from './kit.js';
export { defineSimulator } from './kit.js';
export * from './opennebula/index.js';
export * from './openstack/index.js';
export * from './ovirt/index.js';
export type { SimulatorDefinition, SimulatorStartOptions } from './registry.js';
export { findSimulator, listSimulators, registerSimulator } from './registry.js';
export type { OperationMatcher } from './requests.js';
export { methodAndPath, RequestCounts } from './requests.js';
export type { RunningSimulator, SimulatorOptions, StartSimulatorOptions } from './server.js';
export { startSimulator } from './server.js';
export type { Id, IdAllocator, SequentialIds, UuidIds } from './store.js';
export { Collection, NotFound, Store } from './store.js';
export type { TimersOptions } from './timers.js';
export { Timers } from './timers.js';
export type { SimulatorHandler, SimulatorLogger, SimulatorRequest, SimulatorResponse } from './types.js';
