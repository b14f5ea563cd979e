/** The CloudStack simulator's public surface, also the `@overcast/simulators/cloudstack` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type * from '../kit-types.js';
export type { CloudStackSeed } from './cloud.js';
export { FAILING_VM_NAME_PREFIX } from './commands/virtual-machines.js';
export { API_PATH as CLOUDSTACK_API_PATH, MODELLED_COMMANDS } from './handler.js';
export type {
  CloudStackAccount,
  CloudStackCredentials,
  CloudStackSimulatorOptions,
  RunningCloudStackSimulator,
} from './simulator.js';
export { cloudstackSimulator, DEFAULT_CLOUDSTACK_ACCOUNT, startCloudStackSimulator } from './simulator.js';
