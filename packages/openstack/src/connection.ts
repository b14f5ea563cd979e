/**
 * `Connection` and `connect()`: openstacksdk's entry points. A connection holds the credentials
 * (registered as secrets at once), one HTTP client and one session (tokens, catalog, discovery);
 * its proxies (`conn.compute`…) are made on first use, and their methods on first call, so that
 * building a connection costs next to nothing and sends nothing. `connect()` resolves a cloud from
 * `clouds.yaml`, `secure.yaml` and `OS_*` as openstacksdk does and builds a connection from it.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { HttpClient } from '@overcast/runtime/http';
import { type ClientOptions, resolveClientOptions } from '@overcast/runtime/options';
import { registerSecret } from '@overcast/runtime/secrets';
import { type AccessInfo, type AuthOptions, type AuthType, parseUrl, resolveAuthType } from './auth.js';
import { interfaceList } from './catalog.js';
import {
  CloudLayer,
  type CreateImageOptions,
  type CreateServerOptions,
  type DeleteServerOptions,
  type DownloadImageOptions,
  type FlavorByRamOptions,
  type NameOrId,
} from './cloud.js';
import { isSecretKey } from './config/auth-plugins.js';
import { type CloudConfig, type LoadCloudConfigOptions, loadCloudConfig } from './config/loader.js';
import { serviceSettings } from './config/service.js';
import { majorOf } from './discovery.js';
import { type compute, type image, SERVICES, type ServiceName } from './generated/index.js';
import { checkMicroversion } from './microversion.js';
import type { OpenStackCallOptions } from './operation-types.js';
import {
  type BlockStorageProxy,
  type ComputeProxy,
  type IdentityProxy,
  type ImageProxy,
  type NetworkProxy,
  type Proxies,
  ServiceProxy,
} from './proxy.js';
import { type ServiceConfig, Session } from './session.js';

/** Everything a `Connection` takes. Durations are milliseconds. */
export interface ConnectionOptions extends ClientOptions {
  /** Keystone's URL and the credentials (openstacksdk's `auth:`, camelCase). */
  auth?: AuthOptions;
  /**
   * `password`/`v3password`, `token`/`v3token`, `v3applicationcredential`, `admin_token`, `none`;
   * inferred from `auth` when left out.
   */
  authType?: string;
  /** The region whose endpoints are used (default: any). */
  regionName?: string;
  /** The catalog interface, or several in order of preference (default `public`). */
  interface?: string | readonly string[];
  /** Endpoints to use instead of the catalog's, per service (still discovered). */
  endpointOverride?: Partial<Record<ServiceName, string>>;
  /**
   * Microversions to send instead of the negotiated ones, per service (`{ compute: '2.79' }`,
   * `'latest'`); a call's own `microversion` wins.
   */
  microversions?: Partial<Record<ServiceName, string>>;
  /** A cloud resolved by `loadCloudConfig()` (what `connect()` passes); the options above win over it. */
  cloudConfig?: CloudConfig;
}

/** What `connect()` takes: the loader's options and settings, plus the connection's own options. */
export type ConnectOptions = LoadCloudConfigOptions &
  ClientOptions & {
    endpointOverride?: Partial<Record<ServiceName, string>>;
    microversions?: Partial<Record<ServiceName, string>>;
  };

const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
const CLIENT_OPTION_KEYS = [
  'timeout',
  'retry',
  'tls',
  'proxy',
  'logger',
  'debug',
  'headers',
  'http',
] as const;

/** snake_case of an auth option name, for `isSecretKey`. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Every string under a secret-named key, at any depth. */
function secretsOf(value: unknown, key = '', depth = 0, out: string[] = []): string[] {
  if (depth > 6) return out;
  if (typeof value === 'string') {
    if (key !== '' && isSecretKey(snake(key))) out.push(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) secretsOf(item, name, depth + 1, out);
  }
  return out;
}

/** The one place a connection's settings are checked (ParameterErrors name the option). */
function checkOptions(options: ConnectionOptions): void {
  if (options.auth !== undefined && (typeof options.auth !== 'object' || options.auth === null)) {
    throw new ParameterError('auth must be an object of auth options (authUrl, username, password…)');
  }
  for (const [name, value] of Object.entries(options.auth ?? {})) {
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new ParameterError(`auth.${name} must be a string`);
    }
  }
  for (const name of Object.keys(options.endpointOverride ?? {})) {
    if (!SERVICE_NAMES.includes(name as ServiceName)) {
      throw new ParameterError(`endpointOverride.${name}: no such service (${SERVICE_NAMES.join(', ')})`);
    }
  }
  for (const [name, value] of Object.entries(options.microversions ?? {})) {
    if (!SERVICE_NAMES.includes(name as ServiceName)) {
      throw new ParameterError(`microversions.${name}: no such service (${SERVICE_NAMES.join(', ')})`);
    }
    if (value !== undefined) checkMicroversion(value, `microversions.${name}`);
  }
}

/**
 * A connection to one cloud and region: `conn.compute`, `conn.identity`, `conn.image`,
 * `conn.network`, `conn.blockStorage`, the cloud layer (`listServers`, `createServer`…),
 * `authorize()` and `close()`.
 */
export class Connection {
  readonly #options: ConnectionOptions;
  readonly #session: Session;
  readonly #http: HttpClient;
  readonly #forget: (() => void)[] = [];
  readonly #proxies = new Map<ServiceName, unknown>();
  #cloud: CloudLayer | undefined;
  /** The auth type in use. */
  readonly authType: AuthType;
  /** The region whose endpoints are used ('' for any). */
  readonly regionName: string;

  /**
   * Checks the options and registers every secret they hold; sends nothing.
   *
   * @throws ParameterError for a wrong option (a URL with user info, an unknown auth type, a
   *   missing `authUrl`…)
   */
  constructor(options: ConnectionOptions = {}) {
    checkOptions(options);
    this.#options = options;
    const config = options.cloudConfig;
    const auth: AuthOptions = { ...(config?.auth as AuthOptions | undefined), ...options.auth };
    // Secrets first, so that no error below can show one.
    for (const secret of new Set([...secretsOf(auth), ...secretsOf(config?.config ?? {})])) {
      this.#forget.push(registerSecret(secret));
    }
    this.authType = resolveAuthType(options.authType ?? config?.authType, auth);
    if (this.authType !== 'admin_token' && this.authType !== 'none') {
      if (auth.authUrl === undefined || auth.authUrl === '') {
        throw new ParameterError(`auth.authUrl is missing: Keystone's URL (auth type ${this.authType})`);
      }
      parseUrl(auth.authUrl, 'auth.authUrl');
    }
    if (auth.endpoint !== undefined && auth.endpoint !== '') parseUrl(auth.endpoint, 'auth.endpoint');
    for (const [name, url] of Object.entries(options.endpointOverride ?? {})) {
      if (url !== undefined) parseUrl(url, `endpointOverride.${name}`);
    }
    this.regionName = options.regionName ?? config?.regionName ?? '';
    const resolved = resolveClientOptions({
      ...options,
      ...(config === undefined && options.tls === undefined
        ? {}
        : { tls: { ...config?.tls, ...options.tls } }),
      ...(options.timeout === undefined && config?.apiTimeout !== undefined
        ? { timeout: config.apiTimeout }
        : {}),
    });
    this.#http = new HttpClient(resolved.http);
    this.#session = new Session({
      authType: this.authType,
      auth,
      http: this.#http,
      logger: resolved.logger,
      retry: resolved.retry,
      keep: (secret) => this.#forget.push(registerSecret(secret)),
    });
  }

  /** How the connection finds and speaks to one service. */
  #serviceConfig(name: ServiceName): ServiceConfig {
    const options = this.#options;
    const config = options.cloudConfig;
    const spec = SERVICES[name].service;
    const settings = config === undefined ? undefined : serviceSettings(config, spec.type);
    const apiVersion = settings?.apiVersion;
    const dotted = spec.microversion !== undefined && apiVersion?.includes('.') ? apiVersion : undefined;
    const region = options.regionName ?? settings?.regionName ?? config?.regionName;
    return {
      name,
      spec,
      types: [...new Set([settings?.serviceType ?? spec.type, spec.type, ...spec.aliases])],
      serviceName: settings?.serviceName,
      interfaces: interfaceList(options.interface ?? settings?.interface ?? config?.interface),
      regionName: region === '' ? undefined : region,
      endpointOverride: options.endpointOverride?.[name] ?? settings?.endpointOverride,
      major: majorOf(spec.versionPrefix),
      defaultMicroversion: options.microversions?.[name] ?? settings?.defaultMicroversion ?? dotted,
    };
  }

  #proxy<N extends ServiceName>(name: N): Proxies[N] {
    let proxy = this.#proxies.get(name) as Proxies[N] | undefined;
    if (proxy === undefined) {
      proxy = ServiceProxy.wrap<Proxies[N]>(
        new ServiceProxy({
          session: this.#session,
          service: this.#serviceConfig(name),
          tables: SERVICES[name],
        }),
      );
      this.#proxies.set(name, proxy);
    }
    return proxy;
  }

  /** Nova (`compute`, API 2.1 with microversions up to 2.96). */
  get compute(): ComputeProxy {
    return this.#proxy('compute');
  }

  /** Keystone (`identity`, v3). */
  get identity(): IdentityProxy {
    return this.#proxy('identity');
  }

  /** Glance (`image`, v2). */
  get image(): ImageProxy {
    return this.#proxy('image');
  }

  /** Neutron (`network`, v2.0). */
  get network(): NetworkProxy {
    return this.#proxy('network');
  }

  /** Cinder (`block-storage`, also `volumev3` in catalogs; v3 with microversions up to 3.70). */
  get blockStorage(): BlockStorageProxy {
    return this.#proxy('blockStorage');
  }

  get #layer(): CloudLayer {
    this.#cloud ??= new CloudLayer({
      compute: this.compute,
      identity: this.identity,
      image: this.image,
      network: this.network,
      blockStorage: this.blockStorage,
    });
    return this.#cloud;
  }

  /** Authenticates (when no valid token is cached) and resolves with the token (openstacksdk's `authorize`). */
  async authorize(options: Pick<OpenStackCallOptions, 'signal'> = {}): Promise<string | undefined> {
    return (await this.#session.token(options.signal)).token;
  }

  /** What the current token says: user, project or domain or system scope, roles, catalog, expiry. */
  access(options: Pick<OpenStackCallOptions, 'signal'> = {}): Promise<AccessInfo | undefined> {
    return this.#session.access(options.signal);
  }

  // ——— the cloud layer

  /** Every server (all pages), detailed. */
  listServers(query?: compute.ServersQuery, options?: OpenStackCallOptions): Promise<compute.ServersItem[]> {
    return this.#layer.listServers(query, options);
  }

  /**
   * Creates a server from an image and flavor given by name or id (networks too), and returns it as
   * Nova shows it; with `wait`, once ACTIVE (and with a floating IP unless `autoIp: false`).
   */
  createServer(
    params: CreateServerOptions,
    options?: OpenStackCallOptions,
  ): Promise<compute.GetServerResult> {
    return this.#layer.createServer(params, options);
  }

  /** Deletes a server by name or id; false when there is none. With `wait`, resolves once it is gone. */
  deleteServer(
    nameOrId: NameOrId,
    params?: DeleteServerOptions,
    options?: OpenStackCallOptions,
  ): Promise<boolean> {
    return this.#layer.deleteServer(nameOrId, params, options);
  }

  /** The flavor with the least RAM of at least `ram` MB (and `include` in its name). */
  getFlavorByRam(
    ram: number,
    params?: FlavorByRamOptions,
    options?: OpenStackCallOptions,
  ): Promise<compute.FlavorsItem> {
    return this.#layer.getFlavorByRam(ram, params, options);
  }

  /** Creates an image and uploads its data, streamed from a file or a stream; with `wait`, once active. */
  createImage(params: CreateImageOptions, options?: OpenStackCallOptions): Promise<image.GetImageResult> {
    return this.#layer.createImage(params, options);
  }

  /** Streams an image's data (by name or id) to a file or a writable stream, checked against its MD5. */
  downloadImage(
    nameOrId: NameOrId,
    target: DownloadImageOptions,
    options?: OpenStackCallOptions,
  ): Promise<{ id: string; bytes: number }> {
    return this.#layer.downloadImage(nameOrId, target, options);
  }

  /** Closes the connections and forgets the secrets; a call after it fails with ConnectionError. */
  async close(): Promise<void> {
    this.#session.close();
    try {
      await this.#http.close();
    } finally {
      for (const forget of this.#forget.splice(0)) forget();
    }
  }
}

/**
 * openstacksdk's `openstack.connect()`: the cloud `cloud` (or `$OS_CLOUD`, the `envvars` cloud, the
 * only one) from `clouds.yaml` / `secure.yaml` / `OS_*`, with the settings given here over the
 * files', as a `Connection`.
 *
 * @throws ParameterError for a missing or bad file, an unknown cloud or region, bad auth options
 */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const { endpointOverride, microversions, ...rest } = options;
  const settings = { ...rest } as Record<string, unknown>;
  const client: Record<string, unknown> = {};
  for (const key of CLIENT_OPTION_KEYS) {
    if (key in settings) {
      client[key] = settings[key];
      delete settings[key];
    }
  }
  const cloudConfig = await loadCloudConfig(settings as LoadCloudConfigOptions);
  return new Connection({
    ...(client as ClientOptions),
    cloudConfig,
    ...(endpointOverride === undefined ? {} : { endpointOverride }),
    ...(microversions === undefined ? {} : { microversions }),
  });
}
