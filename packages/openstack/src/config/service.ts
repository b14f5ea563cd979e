/**
 * Per-service settings of a resolved cloud, looked up as openstacksdk's `CloudRegion` looks them up:
 * `<service>_<setting>` under the official service type first, then under each alias
 * (`block_storage_api_version`, `volumev3_api_version`, `volumev2_…`, `volume_…`, `block_store_…`),
 * and for `interface` and `region_name` the cloud-wide value last.
 */
import { ParameterError } from '@overcast/runtime/errors';
import type { CloudConfig } from './loader.js';
import { allServiceTypes, isKnownServiceType, officialServiceType } from './service-types.js';

export interface ServiceSettings {
  /** The service type to look up in the catalog (`<service>_service_type`, else the official type). */
  serviceType: string;
  /** `<service>_service_name`, to pick among catalog entries of one type. */
  serviceName: string | undefined;
  /** `<service>_interface`, else the cloud's `interface`. */
  interface: string | undefined;
  /** `<service>_region_name`, else the cloud's region. */
  regionName: string | undefined;
  /**
   * The endpoint to use instead of the catalog's: `<service>_endpoint_override`, else
   * `<service>_endpoint`; with auth type `none`, `auth.endpoint`; for identity without any scope,
   * `auth.auth_url`.
   */
  endpointOverride: string | undefined;
  /** `<service>_api_version` (undefined when it is not a number, such as `latest`). */
  apiVersion: string | undefined;
  /** `<service>_default_microversion`. */
  defaultMicroversion: string | undefined;
  /** `<service>_connect_retries`, else `connect_retries`. */
  connectRetries: number | undefined;
  /** `<service>_status_code_retries`, else `status_code_retries`. */
  statusCodeRetries: number | undefined;
}

const SCOPE_KEYS = ['domain_id', 'domain_name', 'project_id', 'project_name', 'system_scope'];
/** What Python's `float()` accepts. */
const PY_FLOAT =
  /^\s*[-+]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][-+]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf(?:inity)?|nan)\s*$/i;

function key(setting: string, serviceType: string): string {
  return `${serviceType.toLowerCase().replace(/-/g, '_')}_${setting}`;
}

/** openstacksdk's `CloudRegion._get_config`. */
function lookup(
  config: Record<string, unknown>,
  setting: string,
  serviceType: string,
  fallbackToUnprefixed = false,
): unknown {
  for (const type of allServiceTypes(serviceType)) {
    const value = config[key(setting, type)];
    if (value !== undefined && value !== null) return value;
  }
  if (fallbackToUnprefixed) {
    const value = config[setting];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function integer(config: Record<string, unknown>, setting: string, serviceType: string): number | undefined {
  const value = lookup(config, setting, serviceType, true);
  if (value === undefined) return undefined;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed)) {
    throw new ParameterError(`${key(setting, serviceType)} must be an integer, not ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** The settings of one service (`compute`, `identity`, `block-storage` or an alias such as `volume`). */
export function serviceSettings(cloud: Pick<CloudConfig, 'config'>, serviceType: string): ServiceSettings {
  const config = cloud.config;
  const official = isKnownServiceType(serviceType) ? officialServiceType(serviceType) : serviceType;
  const version = text(lookup(config, 'api_version', serviceType));
  return {
    serviceType: text(lookup(config, 'service_type', official)) ?? official,
    serviceName: text(lookup(config, 'service_name', serviceType)),
    interface: text(lookup(config, 'interface', serviceType, true)),
    regionName: text(lookup(config, 'region_name', serviceType, true)),
    endpointOverride: endpointOverride(config, serviceType),
    apiVersion: version && PY_FLOAT.test(version) ? version : undefined,
    defaultMicroversion: text(lookup(config, 'default_microversion', serviceType)),
    connectRetries: integer(config, 'connect_retries', serviceType),
    statusCodeRetries: integer(config, 'status_code_retries', serviceType),
  };
}

/** openstacksdk's `CloudRegion.get_endpoint`. */
function endpointOverride(config: Record<string, unknown>, serviceType: string): string | undefined {
  const auth = (config['auth'] ?? {}) as Record<string, unknown>;
  let value = text(lookup(config, 'endpoint_override', serviceType)) || undefined;
  if (!value) value = text(lookup(config, 'endpoint', serviceType)) || undefined;
  if (!value && config['auth_type'] === 'none') value = text(auth['endpoint']) || undefined;
  if (!value && serviceType === 'identity' && SCOPE_KEYS.every((scope) => !(scope in auth))) {
    value = text(auth['auth_url']) || undefined;
  }
  if (value && config['profile'] === 'rackspace' && officialServiceType(serviceType) === 'block-storage') {
    value += text(auth['project_id']) ?? '';
  }
  return value;
}
