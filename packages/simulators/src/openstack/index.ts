/** The OpenStack simulator's public surface, also the `@overcast/simulators/openstack` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type * from '../kit-types.js';
export type { ApplicationCredentialFixture, OpenStackCredentials } from './identity-state.js';
export {
  DEFAULT_APPLICATION_CREDENTIAL,
  DEFAULT_OPENSTACK_CREDENTIALS,
} from './identity-state.js';
export type { OpenStackSeed } from './region.js';
export type {
  OpenStackExtraFields,
  OpenStackSimulatorOptions,
  OpenStackUserFixture,
  RunningOpenStackSimulator,
} from './simulator.js';
export {
  DEFAULT_OPENSTACK_MAX_BODY_BYTES,
  DEFAULT_REGIONS as DEFAULT_OPENSTACK_REGIONS,
  DEFAULT_TOKEN_LIFETIME_MS as DEFAULT_OPENSTACK_TOKEN_LIFETIME_MS,
  OPENSTACK_API_PATH,
  openstackSimulator,
  startOpenStackSimulator,
} from './simulator.js';
