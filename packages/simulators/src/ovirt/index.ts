/** The oVirt simulator's public surface, also the `@overcast/simulators/ovirt` entry. */

// The kit's types, so that a test importing only this provider's entry needs no other import.
export type * from '../kit-types.js';
export { API_PATH as OVIRT_API_PATH, SSO_LOGOUT_PATH, SSO_TOKEN_PATH } from './paths.js';
export type { OvirtCredentials, OvirtSimulatorOptions, RunningOvirtSimulator } from './simulator.js';
export { DEFAULT_OVIRT_USER, ovirtSimulator, startOvirtSimulator } from './simulator.js';
export type { OvirtUser } from './sso.js';
