/** The oVirt simulator's public surface. */
export { API_PATH as OVIRT_API_PATH, SSO_LOGOUT_PATH, SSO_TOKEN_PATH } from './paths.js';
export type { OvirtSimulatorOptions, RunningOvirtSimulator } from './simulator.js';
export { DEFAULT_OVIRT_USER, startOvirtSimulator } from './simulator.js';
export type { OvirtUser } from './sso.js';
