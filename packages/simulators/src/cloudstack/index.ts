/** The CloudStack simulator's public surface. */
export type { CloudStackSeed } from './cloud.js';
export { FAILING_VM_NAME_PREFIX } from './commands/virtual-machines.js';
export { MODELLED_COMMANDS } from './handler.js';
export type {
  CloudStackAccount,
  CloudStackSimulatorOptions,
  RunningCloudStackSimulator,
} from './simulator.js';
export { DEFAULT_CLOUDSTACK_ACCOUNT, startCloudStackSimulator } from './simulator.js';
