/**
 * openstacksdk's configuration layer: `clouds.yaml`, `secure.yaml`, `clouds-public.yaml`, vendor
 * profiles and `OS_*` variables resolved as openstacksdk resolves them, per-service settings, and a
 * printable view with secrets masked.
 */
export { AUTH_PLUGINS, type AuthOption, canonicalAuthType, isSecretKey } from './auth-plugins.js';
export { type CliIo, runOpenstackConfig } from './cli.js';
export {
  type CloudAuth,
  type CloudConfig,
  CloudConfigSet,
  type CloudSettings,
  type CloudSource,
  type CloudTls,
  type LoadCloudConfigOptions,
  type LoaderOptions,
  listClouds,
  loadAllCloudConfigs,
  loadCloudConfig,
  openstackDefaults,
} from './loader.js';
export {
  type ConfigFileKind,
  configDirectories,
  configFileCandidates,
  type Env,
  type SearchPathOptions,
} from './paths.js';
export {
  type FormatOptions,
  formatCloudConfigs,
  MASK,
  type MaskedCloudConfig,
  maskConfig,
  maskSecrets,
} from './print.js';
export { type ServiceSettings, serviceSettings } from './service.js';
export { allServiceTypes, officialServiceType } from './service-types.js';
export type { PyDict, PyValue } from './values.js';
