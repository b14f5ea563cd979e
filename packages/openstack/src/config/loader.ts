/**
 * `loadCloudConfig()`: the settings of one cloud and region, resolved from `clouds.yaml`,
 * `secure.yaml`, `clouds-public.yaml`, the vendor profiles, `OS_*` variables and the caller's own
 * values exactly as openstacksdk's `OpenStackConfig().get_one()` resolves them (Debian's
 * openstacksdk 0.101; the parity test compares the two over a table of cases):
 *
 * 1. files: the first `clouds.{yaml,yml,json}` of the search path (`paths.ts`; `OS_CLIENT_CONFIG_FILE`
 *    first), then the first `secure.*` (`OS_CLIENT_SECURE_FILE` first) deep-merged into it;
 * 2. the `envvars` cloud (named by `OS_CLOUD_NAME`) made of every `OS_*` variable over the defaults,
 *    when there is any besides `OS_CLOUD`, `OS_REGION_NAME`, `OS_CLIENT_CONFIG_FILE`,
 *    `OS_CLIENT_SECURE_FILE`, `OS_CLOUD_NAME`;
 * 3. the cloud: the one asked for, else `OS_CLOUD`, else the `envvars` cloud, else the only cloud of
 *    the file; with no cloud anywhere, the `defaults` cloud;
 * 4. its settings: openstacksdk's defaults, then its vendor profile (`profile:`, or the older
 *    `cloud:`, from clouds-public.yaml or the vendors openstacksdk ships), then its own keys, then
 *    the region's `values`, then the caller's values (`auth` is merged key by key at each step);
 * 5. the region: the one asked for (it must be one of the cloud's `regions` or `region_name`s when
 *    it lists any), else the first it lists, else none (`''`). `OS_REGION_NAME` only counts for the
 *    `envvars` cloud, as in openstacksdk;
 * 6. openstacksdk's fix-ups: `auth_plugin` → `auth_type`, `endpoint_type` → `interface` (and
 *    `<service>_endpoint_type` → `<service>_interface`), `tenant_*` ↔ `project_*`, `domain_id`/
 *    `domain_name` → user and project domains when project-scoped, top-level auth options moved
 *    into `auth`, `*-*` keys → `*_*`, numbers → strings, `insecure` to a boolean,
 *    `{placeholders}` in `auth_url` and in top-level strings filled from the config;
 * 7. the auth options checked against the auth type's (keystoneauth's) list.
 *
 * Every problem is a `ParameterError` that names the file and the key: a file that is not YAML, not
 * a mapping, an unknown cloud, an unknown region, a misshapen region list, an unknown auth type, a
 * missing or unknown auth option.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { AUTH_PLUGINS, authOptionsProblem, canonicalAuthType, isSecretKey } from './auth-plugins.js';
import { describe, type LoadedFile, loadFirstFile } from './files.js';
import { configFileCandidates, type Env } from './paths.js';
import { parseConfigText } from './pyyaml.js';
import {
  authUpdate,
  camelCase,
  deepCopy,
  FormatError,
  fromJs,
  getBoolean,
  isDict,
  mergeClouds,
  normalizeKeys,
  type PyDict,
  type PyValue,
  pyFormat,
  pyStr,
  snakeCase,
  toJs,
  truthy,
} from './values.js';
import { VENDOR_PROFILES } from './vendors.js';

/** How the configuration is found (everything else given to `loadCloudConfig` is a setting). */
export interface LoaderOptions {
  /** The cloud's name in clouds.yaml (default `$OS_CLOUD`, else the `envvars` cloud, else the only one). */
  cloud?: string;
  /** The region (default the cloud's first region, if it lists any). */
  regionName?: string;
  /** A vendor profile to apply under the cloud's own keys (as a cloud's `profile:` key). */
  profile?: string;
  /** Environment variables (default `process.env`). */
  env?: Env;
  /** The working directory searched first (default `process.cwd()`). */
  cwd?: string;
  /** The clouds.yaml candidates, instead of openstacksdk's search path. */
  configFiles?: string[];
  /** The secure.yaml candidates, instead of the search path. */
  secureFiles?: string[];
  /** The clouds-public.yaml candidates, instead of the search path. */
  vendorFiles?: string[];
  /** Read no file at all (openstacksdk's `load_yaml_config=False`). Default true. */
  loadYamlConfig?: boolean;
  /** Read no environment variable at all (`load_envvars=False`). Default true. */
  loadEnvvars?: boolean;
  /** Also read `<prefix>*` variables into the envvars cloud (besides `OS_*`). */
  envvarPrefix?: string;
  /** Changes to openstacksdk's defaults (`override_defaults`). */
  overrideDefaults?: Record<string, unknown>;
  /**
   * Values as an argparse namespace holds them (`os_auth_url`, `os-cloud`, …): `undefined`, `null`
   * and `''` are dropped, the rest wins over the other settings.
   */
  argparse?: Record<string, unknown>;
  /** Check the auth options against the auth type (default true; false only for inspection). */
  validate?: boolean;
}

/**
 * The settings given in code, which win over every file: openstacksdk's keys, in camelCase or
 * snake_case — `auth: { authUrl, username, password, projectName, userDomainName, … }`, `authType`,
 * `interface`, `verify`, `cacert`, `cert`, `key`, `insecure`, `computeApiVersion`,
 * `blockStorageEndpointOverride`, `imageInterface`, … `apiTimeout` is in milliseconds here (the
 * files' `api_timeout` is in seconds). `undefined` and `null` mean "not given".
 */
export interface CloudSettings {
  auth?: Record<string, unknown>;
  authType?: string;
  interface?: string;
  verify?: boolean | string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  apiTimeout?: number;
  [setting: string]: unknown;
}

export type LoadCloudConfigOptions = LoaderOptions & CloudSettings;

/** The auth options of a resolved cloud, camelCase (`authUrl`, `projectName`…). */
export interface CloudAuth {
  authUrl?: string;
  username?: string;
  userId?: string;
  password?: string;
  token?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  userDomainName?: string;
  userDomainId?: string;
  domainName?: string;
  domainId?: string;
  systemScope?: string;
  trustId?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  endpoint?: string;
  [option: string]: unknown;
}

/** TLS settings in the runtime's shape (`ClientOptions.tls`). */
export interface CloudTls {
  caFile?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

/** One cloud and region, resolved. */
export interface CloudConfig {
  /** The cloud's name (`''` when none was named and none could be chosen). */
  name: string;
  /** The region (`''` when the cloud lists none and none was asked for). */
  regionName: string;
  /** The auth type, canonical (`password`, `v3applicationcredential`, `admin_token`, `none`…). */
  authType: string;
  auth: CloudAuth;
  /** The default interface (`public` unless configured). */
  interface: string;
  /** From `verify`, `cacert`, `insecure`, `cert`, `key`, as openstacksdk hands them to requests. */
  tls: CloudTls;
  /** `api_timeout`, in milliseconds. */
  apiTimeout: number | undefined;
  /** Whether IPv6 is not to be used (`client.force_ipv4`, `OS_FORCE_IPV4`, `prefer_ipv6: false`). */
  forceIpv4: boolean;
  /**
   * Every resolved setting, snake_case, as openstacksdk's `CloudRegion.config` holds it (the source of
   * per-service settings; see `serviceSettings`). Holds secrets: print it with `maskConfig`.
   */
  config: Record<string, unknown>;
  /** Where it came from: the files read, or `envvars`/`defaults`. */
  source: CloudSource;
}

export interface CloudSource {
  cloudsFile?: string;
  secureFile?: string;
  vendorFile?: string;
  /** `file`, `envvars` (from OS_* variables), `defaults` (nothing configured), or `none`. */
  kind: 'file' | 'envvars' | 'defaults' | 'none';
}

/** The loader's own option names: everything else given to `loadCloudConfig` is a setting. */
const LOADER_OPTION_NAMES = new Set([
  'cloud',
  'profile',
  'env',
  'cwd',
  'configFiles',
  'secureFiles',
  'vendorFiles',
  'loadYamlConfig',
  'loadEnvvars',
  'envvarPrefix',
  'overrideDefaults',
  'argparse',
  'validate',
]);
/** The runtime's client options (`ClientOptions`), which `connect()` may pass along: not settings. */
const CLIENT_OPTION_NAMES = new Set([
  'timeout',
  'retry',
  'tls',
  'proxy',
  'logger',
  'debug',
  'headers',
  'http',
]);

const BOOL_KEYS = ['insecure', 'cache'];
const FORMAT_EXCLUSIONS = new Set(['password']);
const ENV_SELECTORS = new Set([
  'OS_CLOUD',
  'OS_REGION_NAME',
  'OS_CLIENT_CONFIG_FILE',
  'OS_CLIENT_SECURE_FILE',
  'OS_CLOUD_NAME',
]);

/** openstacksdk's defaults (`defaults.json` over its Python-side defaults). */
export function openstackDefaults(): PyDict {
  return {
    api_timeout: null,
    verify: true,
    cacert: null,
    cert: null,
    key: null,
    auth_type: 'password',
    baremetal_status_code_retries: 5n,
    baremetal_introspection_status_code_retries: 5n,
    image_status_code_retries: 5n,
    disable_vendor_agent: {},
    interface: 'public',
    floating_ip_source: 'neutron',
    image_api_use_tasks: false,
    image_format: 'qcow2',
    message: '',
    network_api_version: '2',
    object_store_api_version: '1',
    secgroup_source: 'neutron',
    status: 'active',
  };
}

/** Resolves one cloud and region (see the module comment). */
export async function loadCloudConfig(options: LoadCloudConfigOptions = {}): Promise<CloudConfig> {
  const set = await CloudConfigSet.load(options);
  return set.resolve(options);
}

/**
 * Every cloud and each of its regions (openstacksdk's `get_all`), resolved with the same options;
 * what `openstack-config` prints.
 */
export async function loadAllCloudConfigs(options: Omit<LoaderOptions, 'cloud' | 'regionName'> = {}) {
  const set = await CloudConfigSet.load(options);
  const configs: CloudConfig[] = [];
  for (const name of set.cloudNames()) {
    for (const region of await set.regionsOf(name)) {
      configs.push(await set.resolve({ ...options, cloud: name, regionName: region }));
    }
  }
  return configs;
}

/** The clouds the files and the environment define, after openstacksdk's selection rules. */
export async function listClouds(
  options: LoaderOptions = {},
): Promise<{ names: string[]; default?: string }> {
  const set = await CloudConfigSet.load(options);
  return {
    names: set.cloudNames(),
    ...(set.defaultCloud ? { default: set.defaultCloud } : {}),
  };
}

/** The configuration files and environment, read once (openstacksdk's `OpenStackConfig`). */
export class CloudConfigSet {
  /** clouds.yaml merged with secure.yaml, with the envvars or defaults cloud added. */
  private readonly clouds: PyDict;
  private readonly defaults: PyDict;
  readonly defaultCloud: string | undefined;
  private readonly envvarKey: string;
  private readonly forceIpv4: boolean;
  private vendorFile: LoadedFile | undefined | null = null;

  private constructor(
    private readonly options: LoaderOptions,
    private readonly env: Env,
    private readonly cwd: string,
    private readonly cloudsFile: LoadedFile | undefined,
    private readonly secureFile: LoadedFile | undefined,
    private readonly envvarsCloud: boolean,
    state: {
      clouds: PyDict;
      defaults: PyDict;
      defaultCloud: string | undefined;
      envvarKey: string;
      forceIpv4: boolean;
    },
  ) {
    this.clouds = state.clouds;
    this.defaults = state.defaults;
    this.defaultCloud = state.defaultCloud;
    this.envvarKey = state.envvarKey;
    this.forceIpv4 = state.forceIpv4;
  }

  /** Reads the files and the environment. */
  static async load(options: LoaderOptions): Promise<CloudConfigSet> {
    const env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    const loadEnvvars = options.loadEnvvars ?? true;
    const loadYaml = options.loadYamlConfig ?? true;
    const getEnv = (key: string): string | undefined => (loadEnvvars ? env[key] : undefined);
    const search = { env, cwd };

    let cloudsFile: LoadedFile | undefined;
    let secureFile: LoadedFile | undefined;
    if (loadYaml) {
      cloudsFile = await loadFirstFile(
        options.configFiles ?? configFileCandidates('clouds', search, getEnv('OS_CLIENT_CONFIG_FILE')),
        cwd,
      );
      secureFile = await loadFirstFile(
        options.secureFiles ?? configFileCandidates('secure', search, getEnv('OS_CLIENT_SECURE_FILE')),
        cwd,
      );
    }
    const defaults = openstackDefaults();
    if (options.overrideDefaults)
      Object.assign(defaults, fromJs(options.overrideDefaults, 'overrideDefaults'));

    checkCloudsKey(cloudsFile);
    checkCloudsKey(secureFile);
    let document: PyDict = cloudsFile?.data ?? {};
    if (secureFile?.data !== undefined && Object.keys(secureFile.data).length > 0) {
      document = mergeClouds(document, secureFile.data);
    }
    const clouds: PyDict = isDict(document['clouds']) ? { ...document['clouds'] } : {};
    const client = isDict(document['client']) ? document['client'] : {};
    const where = cloudsFile ? `${cloudsFile.path}: client` : 'client';

    const preferIpv6 = getBoolean(
      getEnv('OS_PREFER_IPV6') ?? client['prefer_ipv6'] ?? client['prefer-ipv6'] ?? true,
      `${where}.prefer_ipv6`,
    );
    let forceIpv4 = getBoolean(
      getEnv('OS_FORCE_IPV4') ?? client['force_ipv4'] ?? client['broken-ipv6'] ?? false,
      `${where}.force_ipv4`,
    );
    if (!preferIpv6) forceIpv4 = true;

    const envvarKey = getEnv('OS_CLOUD_NAME') ?? 'envvars';
    if (envvarKey in clouds) {
      throw new ParameterError(
        `${cloudsFile?.path ?? 'the configuration'} defines a cloud named "${envvarKey}", but OS_CLOUD_NAME ` +
          `is also set to "${envvarKey}": rename either the environment's cloud or the file's`,
      );
    }
    let defaultCloud = getEnv('OS_CLOUD');
    let envvarsCloud = false;
    if (loadEnvvars) {
      const fromEnv = environmentCloud(env, options.envvarPrefix);
      if (fromEnv !== undefined) {
        clouds[envvarKey] = fromEnv;
        envvarsCloud = true;
        if (!defaultCloud) defaultCloud = envvarKey;
      }
    }
    const names = Object.keys(clouds);
    if (!defaultCloud && names.length === 1) defaultCloud = names[0];
    if (names.length === 0) {
      clouds['defaults'] = { ...defaults };
      defaultCloud = 'defaults';
    }
    return new CloudConfigSet(options, env, cwd, cloudsFile, secureFile, envvarsCloud, {
      clouds,
      defaults,
      defaultCloud,
      envvarKey,
      forceIpv4,
    });
  }

  cloudNames(): string[] {
    return Object.keys(this.clouds);
  }

  /** The region names `get_all` enumerates for a cloud (`''` when it lists none). */
  async regionsOf(cloud: string): Promise<string[]> {
    const regions = await this.knownRegions(cloud);
    return regions === undefined || regions.length === 0 ? [''] : regions.map((region) => pyStr(region.name));
  }

  /** Where a cloud's settings come from, for messages. */
  private origin(cloud: string | undefined): string {
    if (cloud && cloud === this.envvarKey && this.envvarsCloud)
      return `cloud "${cloud}" (from OS_* variables)`;
    if (cloud === 'defaults' && !this.cloudsFile && !this.secureFile) return 'the defaults cloud';
    const files = [this.cloudsFile?.path, this.secureFile?.path].filter((file) => file !== undefined);
    return cloud ? `cloud "${cloud}" in ${files.join(' + ') || 'the configuration'}` : 'the configuration';
  }

  /** The raw entry of a cloud, checked to be a mapping. */
  private entry(cloud: string): PyDict {
    const value = this.clouds[cloud];
    if (value === null || value === undefined) return {};
    if (!isDict(value)) {
      throw new ParameterError(
        `${this.origin(cloud)}: clouds.${cloud} must be a mapping, not ${describe(value)}`,
      );
    }
    const auth = value['auth'];
    if (auth !== undefined && !isDict(auth)) {
      throw new ParameterError(
        `${this.origin(cloud)}: clouds.${cloud}.auth must be a mapping, not ${describe(auth)}`,
      );
    }
    return value;
  }

  /**
   * Resolves one cloud and region (openstacksdk's `get_one`): the cloud, region, profile, settings,
   * `argparse` and `validate` of `options` apply; the files and environment are the ones `load` read.
   */
  async resolve(options: LoadCloudConfigOptions): Promise<CloudConfig> {
    const args = this.settings(options);
    let cloud: string | undefined = options.cloud;
    if (cloud === undefined) {
      const fromArgs = args['cloud'];
      cloud = typeof fromArgs === 'string' ? fromArgs : this.defaultCloud;
    }
    const fromEnv =
      options.cloud === undefined && args['cloud'] === undefined && cloud === this.env['OS_CLOUD'];
    const config = await this.baseConfig(cloud, options.profile, fromEnv);

    const asked = args['region_name'];
    const region = await this.region(cloud, asked === undefined || asked === null ? '' : pyStr(asked));
    args['region_name'] = region.name;
    delete config['regions'];
    for (const values of [deepCopy(region.values), args]) {
      for (const [key, value] of Object.entries(values)) {
        if (value === null) continue;
        if (key === 'auth') {
          if (!isDict(value)) throw new ParameterError(`${this.origin(cloud)}: auth must be a mapping`);
          authUpdate(config['auth'] as PyDict, value);
        } else {
          config[key] = value;
        }
      }
    }

    let resolved = normalizeKeys(this.magicFixes(config, cloud));
    if (options.validate ?? true) resolved = this.validateAuth(resolved, cloud);

    for (const [key, value] of Object.entries(resolved)) {
      if (typeof value === 'string' && !FORMAT_EXCLUSIONS.has(key)) {
        resolved[key] = this.format(value, resolved, cloud, key);
      }
    }
    let forceIpv4 = 'force_ipv4' in resolved ? truthy(resolved['force_ipv4']) : this.forceIpv4;
    const preferIpv6 = 'prefer_ipv6' in resolved ? truthy(resolved['prefer_ipv6']) : true;
    delete resolved['force_ipv4'];
    delete resolved['prefer_ipv6'];
    if (!preferIpv6) forceIpv4 = true;
    resolved = normalizeKeys(resolved);
    return this.result(cloud, resolved, forceIpv4);
  }

  /** The caller's settings, snake_case, `os_` prefixes removed (openstacksdk's `_fix_args`). */
  private settings(options: LoadCloudConfigOptions): PyDict {
    const given: PyDict = {};
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined || LOADER_OPTION_NAMES.has(name) || CLIENT_OPTION_NAMES.has(name)) continue;
      const key = snakeCase(name);
      given[key] = key === 'api_timeout' && name === 'apiTimeout' ? msToSeconds(value) : fromJs(value, name);
    }
    for (const [name, value] of Object.entries(options.argparse ?? {})) {
      if (value === undefined || value === null || value === '') continue;
      given[name] = fromJs(value, `argparse.${name}`);
    }
    return fixArgs(snakeKeys(given));
  }

  /** The cloud's settings before the region and the caller's (`_get_base_cloud_config`). */
  private async baseConfig(
    cloud: string | undefined,
    profile: string | undefined,
    fromEnv: boolean,
  ): Promise<PyDict> {
    if (cloud && !(cloud in this.clouds)) throw this.unknownCloud(cloud, fromEnv);
    const ours: PyDict = cloud ? { ...this.entry(cloud) } : {};
    if (profile) ours['profile'] = profile;
    const config: PyDict = deepCopy(this.defaults);
    const profileData = await this.profileData(cloud, ours);
    if (profileData !== undefined) authUpdate(config, profileData);
    if (!('auth' in config)) config['auth'] = {};
    if (!isDict(config['auth'])) config['auth'] = {};
    authUpdate(config, ours);
    delete config['cloud'];
    return config;
  }

  private unknownCloud(cloud: string, fromOsCloud: boolean): ParameterError {
    const fromEnv = fromOsCloud ? ' (from OS_CLOUD)' : '';
    const files = [this.cloudsFile?.path, this.secureFile?.path].filter((file) => file !== undefined);
    const names = this.cloudNames().filter((name) => name !== 'defaults' || files.length > 0);
    const where =
      files.length > 0 ? `in ${files.join(' + ')}` : 'in any clouds.yaml (none was found in the search path)';
    return new ParameterError(
      `cloud "${cloud}"${fromEnv} was not found ${where}` +
        (names.length > 0 ? `; known clouds: ${names.join(', ')}` : ''),
    );
  }

  /**
   * The vendor profile a cloud names, as `_expand_vendor_profile` applies it: from
   * clouds-public.yaml's `public-clouds`, else the vendors openstacksdk ships (or a URL's
   * well-known document); undefined when the cloud names none (or an unknown one: openstacksdk
   * only warns).
   */
  private async profileData(cloud: string | undefined, ours: PyDict): Promise<PyDict | undefined> {
    const profileName = 'profile' in ours ? ours['profile'] : (ours['cloud'] ?? null);
    if (!truthy(profileName) || profileName === this.envvarKey) return undefined;
    const name = pyStr(profileName as PyValue);
    const vendorFile = await this.loadVendorFile();
    const publicClouds = vendorFile?.data?.['public-clouds'];
    if (isDict(publicClouds) && name in publicClouds) {
      const data = publicClouds[name];
      if (!isDict(data)) {
        throw new ParameterError(
          `${vendorFile?.path}: public-clouds.${name} must be a mapping, not ${describe(data)}`,
        );
      }
      return data;
    }
    let data = await vendorProfile(name);
    if (data === undefined) return undefined;
    const nested = data['profile'];
    delete data['profile'];
    if (truthy(nested)) {
      const nestedData = await vendorProfile(pyStr(nested as PyValue));
      if (nestedData !== undefined) data = nestedData;
    }
    const status = data['status'] ?? 'active';
    const message = data['message'] ?? '';
    delete data['status'];
    delete data['message'];
    if (status === 'shutdown') {
      throw new ParameterError(
        `${this.origin(cloud)}: profile ${name} references a cloud that no longer exists: ${pyStr(message)}`,
      );
    }
    return data;
  }

  private async loadVendorFile(): Promise<LoadedFile | undefined> {
    if (this.vendorFile === null) {
      const loadYaml = this.options.loadYamlConfig ?? true;
      this.vendorFile = loadYaml
        ? await loadFirstFile(
            this.options.vendorFiles ??
              configFileCandidates('clouds-public', { env: this.env, cwd: this.cwd }),
            this.cwd,
          )
        : undefined;
    }
    return this.vendorFile;
  }

  /** The regions a cloud lists, or undefined when it lists none (`_get_known_regions`). */
  private async knownRegions(cloud: string): Promise<Region[] | undefined> {
    const ours = this.entry(cloud);
    const config = normalizeKeys(ours);
    if ('regions' in config) return this.expandRegions(config['regions'] ?? null, cloud, 'regions');
    if ('region_name' in config) {
      const value = config['region_name'] ?? null;
      let names: PyValue[];
      if (Array.isArray(value)) names = value;
      else if (typeof value === 'string') names = value.split(',');
      else {
        throw new ParameterError(
          `${this.origin(cloud)}: clouds.${cloud}.region_name must be a string or a list, not ${describe(value)}`,
        );
      }
      return this.expandRegions(names, cloud, 'region_name');
    }
    const profile = await this.profileData(cloud, ours);
    if (profile === undefined) return undefined;
    if (truthy(profile['regions']))
      return this.expandRegions(profile['regions'] ?? null, cloud, 'profile regions');
    if (truthy(profile['region_name'])) return [{ name: profile['region_name'] ?? '', values: {} }];
    return undefined;
  }

  private expandRegions(regions: PyValue, cloud: string, key: string): Region[] {
    if (!Array.isArray(regions)) {
      throw new ParameterError(
        `${this.origin(cloud)}: clouds.${cloud}.${key} must be a list, not ${describe(regions)}`,
      );
    }
    return regions.map((region, index) => {
      if (!isDict(region)) return { name: region, values: {} };
      const extra = Object.keys(region).filter((name) => name !== 'name' && name !== 'values');
      if (!('name' in region) || extra.length > 0) {
        throw new ParameterError(
          `${this.origin(cloud)}: clouds.${cloud}.${key}[${index}] must be a region name or ` +
            `a mapping with "name" and "values" only` +
            (extra.length > 0 ? ` (it has ${extra.join(', ')})` : ' (it has no "name")'),
        );
      }
      const values = region['values'] ?? {};
      if (!isDict(values)) {
        throw new ParameterError(
          `${this.origin(cloud)}: clouds.${cloud}.${key}[${index}].values must be a mapping, not ${describe(values)}`,
        );
      }
      return { name: region['name'] ?? null, values };
    });
  }

  /** The region to use (`_get_region`). */
  private async region(cloud: string | undefined, asked: string): Promise<Region> {
    if (!cloud) return { name: asked, values: {} };
    const regions = await this.knownRegions(cloud);
    if (regions === undefined || regions.length === 0) return { name: asked, values: {} };
    if (!asked) return regions[0] as Region;
    const found = regions.find((region) => region.name === asked);
    if (found !== undefined) return found;
    throw new ParameterError(
      `${this.origin(cloud)}: region "${asked}" is not one of its regions (${regions
        .map((region) => pyStr(region.name))
        .join(', ')}); region names are case sensitive`,
    );
  }

  /** openstacksdk's `magic_fixes` (see the module comment, step 6). */
  private magicFixes(input: PyDict, cloud: string | undefined): PyDict {
    let config = input;
    const auth = () => config['auth'] as PyDict;
    if (
      ('token' in auth() && isDict(config['auth'])) ||
      truthy(config['auth_token']) ||
      truthy(config['token'])
    ) {
      const popped = config['auth_token'] ?? null;
      delete config['auth_token'];
      if (!('token' in config)) config['token'] = popped;
    }
    if ('passcode' in config) {
      auth()['passcode'] = config['passcode'] ?? null;
      delete config['passcode'];
    }
    config = fixApiTimeout(config);
    if ('endpoint_type' in config) {
      const value = config['endpoint_type'] ?? null;
      delete config['endpoint_type'];
      config['interface'] = value;
    }
    // auth_plugin, then auth_type: the later one wins.
    let authType: PyValue = null;
    for (const key of ['auth_plugin', 'auth_type']) {
      if (key in config) {
        authType = config[key] ?? null;
        delete config[key];
      }
    }
    config['auth_type'] = authType;
    fixProject(config);
    config = renameEndpointTypes(config);
    config['networks'] = this.networks(config, cloud);
    handleDomainId(config);
    for (const key of BOOL_KEYS) {
      if (key in config && typeof config[key] !== 'boolean') {
        config[key] = getBoolean(config[key], `${this.origin(cloud)}: ${key}`);
      }
    }
    const authUrl = auth()['auth_url'];
    if (authUrl !== undefined) {
      if (typeof authUrl !== 'string') {
        throw new ParameterError(
          `${this.origin(cloud)}: auth.auth_url must be a string, not ${describe(authUrl)}`,
        );
      }
      auth()['auth_url'] = this.format(authUrl, config, cloud, 'auth.auth_url');
    }
    return config;
  }

  private format(template: string, values: PyDict, cloud: string | undefined, key: string): string {
    try {
      return pyFormat(template, values);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      // The reason quotes the text between braces: not for a setting that holds a secret.
      const reason = isSecretKey(key.replace(/^auth\./, '')) ? '' : `: ${error.message}`;
      throw new ParameterError(
        `${this.origin(cloud)}: ${key}: cannot fill its {placeholders}${reason} (write {{ and }} for literal braces)`,
      );
    }
  }

  /** openstacksdk's `_fix_backwards_networks`. */
  private networks(config: PyDict, cloud: string | undefined): PyValue[] {
    const networks: PyDict[] = [];
    const given = config['networks'] ?? [];
    if (!Array.isArray(given)) {
      throw new ParameterError(`${this.origin(cloud)}: networks must be a list, not ${describe(given)}`);
    }
    given.forEach((net, index) => {
      const where = `${this.origin(cloud)}: networks[${index}]`;
      if (!isDict(net)) throw new ParameterError(`${where} must be a mapping, not ${describe(net)}`);
      const name = net['name'];
      if (!truthy(name)) throw new ParameterError(`${where} is missing the required field "name"`);
      const bool = (key: string, fallback?: PyValue) =>
        getBoolean(key in net ? (net[key] ?? null) : (fallback ?? null), `${where}.${key}`);
      const network: PyDict = {
        name: name ?? null,
        routes_externally: bool('routes_externally'),
        nat_source: bool('nat_source'),
        nat_destination: bool('nat_destination'),
        default_interface: bool('default_interface'),
      };
      network['routes_ipv4_externally'] = bool('routes_ipv4_externally', network['routes_externally']);
      network['routes_ipv6_externally'] = bool('routes_ipv6_externally', network['routes_externally']);
      networks.push(network);
    });
    for (const key of ['external_network', 'internal_network']) {
      const external = key.startsWith('external');
      if (key in config && 'networks' in config) {
        throw new ParameterError(
          `${this.origin(cloud)}: both ${key} and networks are given; ` +
            `remove ${key} and describe the network in the networks list`,
        );
      }
      if (key in config) {
        networks.push({
          name: config[key] ?? null,
          routes_externally: external,
          nat_destination: !external,
          default_interface: external,
        });
      }
    }
    for (const flag of ['nat_destination', 'default_interface']) {
      const flagged = networks.filter((net) => net[flag] === true);
      if (flagged.length > 1) {
        throw new ParameterError(
          `${this.origin(cloud)}: networks ${pyStr(flagged[0]?.['name'] ?? null)} and ` +
            `${pyStr(flagged[1]?.['name'] ?? null)} are both flagged ${flag}; only one may be`,
        );
      }
    }
    return networks;
  }

  /** Moves auth options into `auth` and checks them against the auth type (`_validate_auth`). */
  private validateAuth(config: PyDict, cloud: string | undefined): PyDict {
    const authType = canonicalAuthType(config['auth_type']);
    config['auth_type'] = authType;
    const options = AUTH_PLUGINS[authType];
    if (options === undefined) {
      throw new ParameterError(
        `${this.origin(cloud)}: auth_type "${authType}" is not an auth type ` +
          `(known: ${Object.keys(AUTH_PLUGINS).join(', ')}, token_endpoint)`,
      );
    }
    const auth = config['auth'] as PyDict;
    for (const option of options) {
      const names = [option.name.replace(/-/g, '_'), ...option.deprecated];
      let winning = findValue(names, auth);
      if (!truthy(winning)) winning = findValue(names, config);
      for (const name of names) {
        delete config[name];
        delete auth[name];
      }
      if (truthy(winning)) auth[option.dest] = winning ?? null;
    }
    const problem = authOptionsProblem(authType, auth);
    if (problem !== undefined) {
      const hint =
        !cloud && this.cloudNames().length > 1
          ? ` (no cloud was chosen: name one with the cloud option or OS_CLOUD; clouds: ${this.cloudNames().join(', ')})`
          : '';
      throw new ParameterError(`${this.origin(cloud)}: ${problem}${hint}`);
    }
    return config;
  }

  private result(cloud: string | undefined, config: PyDict, forceIpv4: boolean): CloudConfig {
    const auth: CloudAuth = {};
    for (const [key, value] of Object.entries(isDict(config['auth']) ? config['auth'] : {})) {
      auth[camelCase(key)] = toJs(value);
    }
    const source: CloudSource = {
      kind:
        cloud && cloud === this.envvarKey && this.envvarsCloud
          ? 'envvars'
          : cloud === 'defaults' && !this.cloudsFile && !this.secureFile
            ? 'defaults'
            : this.cloudsFile || this.secureFile
              ? 'file'
              : 'none',
      ...(this.cloudsFile ? { cloudsFile: this.cloudsFile.path } : {}),
      ...(this.secureFile ? { secureFile: this.secureFile.path } : {}),
      ...(this.vendorFile ? { vendorFile: this.vendorFile.path } : {}),
    };
    const regionName = config['region_name'];
    const iface = config['interface'];
    return {
      name: cloud === undefined ? '' : cloud,
      regionName: regionName === null || regionName === undefined ? '' : pyStr(regionName),
      authType: pyStr(config['auth_type'] ?? null),
      auth,
      interface: typeof iface === 'string' ? iface : 'public',
      tls: tlsOf(config, this.env),
      apiTimeout: timeoutMs(config['api_timeout'] ?? null, this.origin(cloud)),
      forceIpv4,
      config: toJs(config) as Record<string, unknown>,
      source,
    };
  }
}

interface Region {
  name: PyValue;
  values: PyDict;
}

function checkCloudsKey(file: LoadedFile | undefined): void {
  const clouds = file?.data?.['clouds'];
  if (file !== undefined && clouds !== undefined && !isDict(clouds)) {
    throw new ParameterError(
      `${file.path}: clouds must be a mapping of cloud names, not ${describe(clouds)}`,
    );
  }
}

/** The `envvars` cloud from `OS_*` variables, or undefined when only selectors are set. */
function environmentCloud(env: Env, prefix = 'OS_'): PyDict | undefined {
  const keys = Object.keys(env).filter(
    (key) =>
      env[key] !== undefined &&
      (key.startsWith('OS_') || key.startsWith(prefix)) &&
      !key.startsWith('OS_TEST') &&
      !key.startsWith('OS_STD') &&
      !key.startsWith('OS_LOG'),
  );
  if (!keys.some((key) => !ENV_SELECTORS.has(key))) return undefined;
  const cloud = openstackDefaults();
  for (const key of keys) {
    const index = key.indexOf('_');
    cloud[(index < 0 ? key : key.slice(index + 1)).toLowerCase()] = env[key] ?? '';
  }
  return cloud;
}

/** Converts camelCase keys (at every level) to snake_case. */
function snakeKeys(values: PyDict): PyDict {
  const out: PyDict = {};
  for (const [key, value] of Object.entries(values)) {
    out[/[A-Z]/.test(key) && !/[-_]/.test(key) ? snakeCase(key) : key] = isDict(value)
      ? snakeKeys(value)
      : value;
  }
  return out;
}

/** openstacksdk's `_fix_args`: `-` → `_`, an `os_` prefix dropped (and winning). */
function fixArgs(args: PyDict): PyDict {
  const plain: PyDict = {};
  const prefixed: PyDict = {};
  for (const [rawKey, value] of Object.entries(args)) {
    if (isDict(value)) {
      plain[rawKey] = fixArgs(value);
      continue;
    }
    const key = rawKey.replace(/-/g, '_');
    if (key.startsWith('os_')) prefixed[key.slice(3)] = value;
    else plain[key] = value;
  }
  return { ...plain, ...prefixed };
}

function msToSeconds(value: unknown): PyValue {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ParameterError(`apiTimeout must be a number of milliseconds, not ${describe(value)}`);
  }
  const seconds = value / 1000;
  return Number.isInteger(seconds) ? BigInt(seconds) : seconds;
}

/** `_fix_backwards_api_timeout`: any `<service>_timeout` becomes `api_timeout`. */
function fixApiTimeout(config: PyDict): PyDict {
  const out: PyDict = {};
  let serviceTimeout: PyValue | undefined;
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('timeout') && key !== 'timeout' && key !== 'api_timeout') serviceTimeout = value;
    else out[key] = value;
  }
  if (serviceTimeout !== undefined && serviceTimeout !== null) out['api_timeout'] = serviceTimeout;
  return out;
}

/** `_fix_backwards_project`: old names and top-level keys moved into `auth`, as strings. */
function fixProject(config: PyDict): void {
  const auth = config['auth'] as PyDict;
  const mappings: [string, string[]][] = [
    ['domain_id', ['domain_id', 'domain-id']],
    ['domain_name', ['domain_name', 'domain-name']],
    ['user_domain_id', ['user_domain_id', 'user-domain-id']],
    ['user_domain_name', ['user_domain_name', 'user-domain-name']],
    ['project_domain_id', ['project_domain_id', 'project-domain-id']],
    ['project_domain_name', ['project_domain_name', 'project-domain-name']],
    ['token', ['auth-token', 'auth_token', 'token']],
  ];
  if (config['auth_type'] === 'v2password') {
    mappings.push(['tenant_id', ['project_id', 'project-id', 'tenant_id', 'tenant-id']]);
    mappings.push(['tenant_name', ['project_name', 'project-name', 'tenant_name', 'tenant-name']]);
  } else {
    mappings.push(['project_id', ['tenant_id', 'tenant-id', 'project_id', 'project-id']]);
    mappings.push(['project_name', ['tenant_name', 'tenant-name', 'project_name', 'project-name']]);
  }
  for (const [target, names] of mappings) {
    let value: string | undefined;
    for (const name of names) {
      if (name in config) {
        value = pyStr(config[name] ?? null);
        delete config[name];
      }
      if (name in auth) {
        value = pyStr(auth[name] ?? null);
        delete auth[name];
      }
    }
    if (value) auth[target] = value;
  }
}

/** `_fix_backwards_interface`: `<service>_endpoint_type` → `<service>_interface`. */
function renameEndpointTypes(config: PyDict): PyDict {
  const out: PyDict = {};
  for (const [key, value] of Object.entries(config)) {
    out[key.endsWith('endpoint_type') ? key.replaceAll('endpoint_type', 'interface') : key] = value;
  }
  return out;
}

/** `_handle_domain_id`: a single domain stands for the user's and the project's when project-scoped. */
function handleDomainId(config: PyDict): void {
  const auth = config['auth'] as PyDict;
  const scoped =
    'project_id' in config || 'project_name' in config || 'project_id' in auth || 'project_name' in auth;
  const mappings: [string, string[]][] = [
    ['domain_id', ['user_domain_id', 'project_domain_id']],
    ['domain_name', ['user_domain_name', 'project_domain_name']],
  ];
  for (const [target, keys] of mappings) {
    if (!scoped) {
      if (target in config && !(target in auth)) {
        auth[target] = config[target] ?? null;
        delete config[target];
      }
      continue;
    }
    for (const key of keys) {
      if (target in auth && !(key in auth)) auth[key] = auth[target] ?? null;
    }
    delete config[target];
    delete auth[target];
  }
}

function findValue(names: string[], values: PyDict): PyValue | undefined {
  for (const name of names) if (name in values) return values[name];
  return undefined;
}

const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/** `get_requests_verify_args`, in the runtime's TLS shape. */
function tlsOf(config: PyDict, env: Env): CloudTls {
  const tls: CloudTls = {};
  let verify: PyValue = 'verify' in config ? (config['verify'] ?? null) : true;
  // A string verify is a CA bundle path for requests; a word like "false" is taken as what it says.
  if (typeof verify === 'string' && FALSE_WORDS.has(verify.toLowerCase())) verify = false;
  if (typeof verify === 'string' && verify.toLowerCase() === 'true') verify = true;
  if (config['insecure'] === true) verify = false;
  const cacert = config['cacert'];
  if (truthy(verify) && typeof cacert === 'string' && cacert !== '') tls.caFile = expandHome(cacert, env);
  else if (typeof verify === 'string') tls.caFile = expandHome(verify, env);
  if (!truthy(verify)) tls.insecure = true;
  const cert = config['cert'];
  if (typeof cert === 'string' && cert !== '') {
    tls.cert = expandHome(cert, env);
    const key = config['key'];
    if (typeof key === 'string' && key !== '') tls.key = expandHome(key, env);
  }
  return tls;
}

function expandHome(path: string, env: Env): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  const home = env['HOME'];
  return home === undefined ? path : home.replace(/\/+$/, '') + path.slice(1);
}

function timeoutMs(value: PyValue, where: string): number | undefined {
  if (value === null || value === '') return undefined;
  const seconds =
    typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ParameterError(`${where}: api_timeout must be a number of seconds, not ${describe(value)}`);
  }
  return seconds * 1000;
}

/** Remote profiles fetched in this process, by the URL and by their own name. */
const remoteProfiles = new Map<string, PyDict>();

/** A vendor profile by name (a copy), fetching `<url>/.well-known/openstack/api` for a URL. */
async function vendorProfile(name: string): Promise<PyDict | undefined> {
  const known = VENDOR_PROFILES[name] ?? remoteProfiles.get(name);
  if (known !== undefined) return deepCopy(known);
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]+)/.exec(name);
  if (match === null) return undefined;
  const url = `${match[1]}://${match[2]}/.well-known/openstack/api`;
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ParameterError(`profile ${name}: cannot fetch ${url}: ${(error as Error).message}`);
  }
  if (response.status !== 200) {
    const location = response.headers.get('location');
    throw new ParameterError(
      `profile ${name} is a remote profile that could not be fetched: ${url} answered ${response.status}` +
        (location ? ` (a redirect to ${location}, not followed)` : ''),
    );
  }
  const text = await response.text();
  const data = parseConfigText(text, url, true);
  if (!isDict(data) || !isDict(data['profile']) || typeof data['name'] !== 'string') {
    throw new ParameterError(`profile ${name}: ${url} did not answer a {"name", "profile"} document`);
  }
  const vendorName = data['name'];
  const profile = mergeClouds(
    data['profile'],
    VENDOR_PROFILES[vendorName] ?? remoteProfiles.get(vendorName) ?? {},
  );
  delete profile['profile'];
  remoteProfiles.set(name, profile);
  remoteProfiles.set(vendorName, profile);
  return deepCopy(profile);
}
