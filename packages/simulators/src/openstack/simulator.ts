/** Starting the OpenStack simulator: users, regions, token lifetime, seed, built on the kit. */
import {
  defineSimulator,
  type ProviderSimulator,
  type ProviderSimulatorOptions,
  type RunningProviderSimulator,
} from '../kit.js';
import type { SimulatorStartOptions } from '../registry.js';
import type { CloudContext } from './context.js';
import { frontDoor, operationOf } from './handler.js';
import {
  type ApplicationCredentialFixture,
  DEFAULT_APPLICATION_CREDENTIAL,
  DEFAULT_OPENSTACK_CREDENTIALS,
  DEMO_USER,
  IdentityState,
  type OpenStackCredentials,
} from './identity-state.js';
import { type OpenStackSeed, RegionState } from './region.js';

export const OPENSTACK_API_PATH = '/identity';
export const DEFAULT_REGIONS: readonly string[] = Object.freeze(['RegionOne', 'RegionTwo']);
/** Keystone's default token lifetime: one hour. */
export const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000;
/** Request bodies (image uploads) up to this size are accepted unless `maxBodyBytes` says otherwise. */
export const DEFAULT_OPENSTACK_MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface OpenStackSimulatorOptions
  extends ProviderSimulatorOptions<OpenStackCredentials | readonly OpenStackCredentials[]> {
  /** The regions of the catalog; the first is served at the root, the others under `/<name>`. */
  regions?: readonly string[];
  /** How long a token lives, in ms (default one hour, as Keystone's `[token] expiration`). */
  tokenLifetimeMs?: number;
  /** Extra objects every region starts with, e.g. `{ servers: 10_000 }`. */
  seed?: OpenStackSeed;
  /** The clock behind tokens and timestamps (default: the system clock). */
  now?: () => Date;
}

/** A user a client can sign in as, in openstacksdk's camelCase `auth` shape. */
export interface OpenStackUserFixture {
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
}

export interface OpenStackExtraFields {
  /** What a client needs: the first accepted user, with the region it is pointed at. */
  readonly credentials: Readonly<OpenStackCredentials>;
  /** Keystone's URL, `http://127.0.0.1:<port>/identity` (the same as `endpoint`). */
  readonly authUrl: string;
  /** The region clients are pointed at (the first credential's `regionName`, else the first region). */
  readonly regionName: string;
  readonly regions: readonly string[];
  /** The id of the first credential's project and user. */
  readonly projectId: string;
  readonly userId: string;
  /** An application credential of the first user, on its project, with its roles. */
  readonly applicationCredential: Readonly<ApplicationCredentialFixture>;
  /** A user with only the `member` role, on the `demo` project. */
  readonly demoUser: Readonly<OpenStackUserFixture>;
  /** Makes every issued token invalid, as if it had expired: the next call gets 401. */
  expireTokens(): void;
  /** A `clouds.yaml` text with one cloud, `name` (default `overcast`), pointing at this simulator. */
  cloudsYaml(name?: string): string;
}

export interface RunningOpenStackSimulator
  extends RunningProviderSimulator<OpenStackCredentials>,
    OpenStackExtraFields {
  /** Drops every change and pending transition and starts again from the seed. */
  reset(): void;
}

function checkCredentials(credentials: OpenStackCredentials): void {
  for (const field of [
    'username',
    'password',
    'projectName',
    'userDomainName',
    'projectDomainName',
  ] as const) {
    if (typeof credentials[field] !== 'string' || credentials[field] === '')
      throw new Error(`an OpenStack simulator credential needs a non-empty ${field}`);
  }
}

const defined = defineSimulator<OpenStackSimulatorOptions, OpenStackCredentials, OpenStackExtraFields>({
  name: 'openstack',
  description:
    'OpenStack Keystone v3, Nova, Glance, Neutron and Cinder under /identity, /compute, /image, /network, /volume',
  apiPath: OPENSTACK_API_PATH,
  defaultCredentials: DEFAULT_OPENSTACK_CREDENTIALS,
  checkCredentials,
  setup: ({ options, credentials, transitionMs, timers }) => {
    const now = options.now ?? (() => new Date());
    const regionNames = [...(options.regions ?? DEFAULT_REGIONS)];
    if (regionNames.length === 0) throw new Error('the OpenStack simulator needs at least one region');
    for (const name of regionNames) {
      if (
        !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name) ||
        ['identity', 'compute', 'image', 'network', 'volume'].includes(name)
      )
        throw new Error(`'${name}' cannot name a region of the OpenStack simulator`);
    }
    const tokenLifetimeMs = options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS;
    if (!Number.isFinite(tokenLifetimeMs) || tokenLifetimeMs <= 0)
      throw new Error(`tokenLifetimeMs must be a positive number, not ${tokenLifetimeMs}`);
    const first = credentials[0] as OpenStackCredentials;
    // The default fixture names RegionOne; with regions of your own it means the first of them.
    const regionName = (options.credentials === undefined ? undefined : first.regionName) ?? regionNames[0];
    if (regionName === undefined || !regionNames.includes(regionName))
      throw new Error(
        `the credential's regionName '${String(regionName)}' is not one of ${regionNames.join(', ')}`,
      );

    let url = '';
    const identity = new IdentityState(credentials, now, tokenLifetimeMs);
    const cloud: CloudContext = {
      identity,
      regionNames,
      prefixOf: (region) => (region === regionNames[0] ? '' : `/${region}`),
      url: () => url,
      now,
      timers,
      transitionMs,
    };
    const regions = new Map(regionNames.map((name) => [name, new RegionState(name, cloud)]));
    const ownerOf = () => {
      const domain = identity.domains.find(
        (d) => d.name === first.userDomainName || d.id === first.userDomainName,
      );
      const projectDomain = identity.domains.find(
        (d) => d.name === first.projectDomainName || d.id === first.projectDomainName,
      );
      const user = identity.users.find((u) => u.name === first.username && u.domainId === domain?.id);
      const project = identity.projects.find(
        (p) => p.name === first.projectName && p.domainId === projectDomain?.id,
      );
      return { userId: user?.id ?? '', projectId: project?.id ?? '' };
    };
    const reset = () => {
      timers.cancelAll();
      identity.reset();
      const owner = ownerOf();
      for (const region of regions.values()) region.reset(options.seed ?? {}, owner);
    };
    reset();
    const door = frontDoor(cloud, regions);
    const owner = ownerOf();
    return {
      handler: door.handler,
      reset,
      fields: ({ url: base, endpoint }) => {
        url = base;
        return {
          credentials: Object.freeze({ ...first, regionName }),
          authUrl: endpoint,
          regionName,
          regions: Object.freeze([...regionNames]),
          projectId: owner.projectId,
          userId: owner.userId,
          applicationCredential: DEFAULT_APPLICATION_CREDENTIAL,
          demoUser: Object.freeze({
            ...DEMO_USER,
            projectName: 'demo',
            userDomainName: 'Default',
            projectDomainName: 'Default',
          }),
          expireTokens: () => identity.expireTokens(),
          cloudsYaml: (name = 'overcast') => cloudsYaml(name, endpoint, first, regionName),
        };
      },
    };
  },
  operationOf,
});

/** clouds.yaml text (YAML accepts JSON strings, so every value is written as one). */
function cloudsYaml(name: string, authUrl: string, user: OpenStackCredentials, regionName: string): string {
  const q = (value: string) => JSON.stringify(value);
  return [
    'clouds:',
    `  ${q(name)}:`,
    '    auth:',
    `      auth_url: ${q(authUrl)}`,
    `      username: ${q(user.username)}`,
    `      password: ${q(user.password)}`,
    `      project_name: ${q(user.projectName)}`,
    `      user_domain_name: ${q(user.userDomainName)}`,
    `      project_domain_name: ${q(user.projectDomainName)}`,
    `    region_name: ${q(regionName)}`,
    '    interface: public',
    '    identity_api_version: 3',
    '',
  ].join('\n');
}

function withDefaults<Options extends { maxBodyBytes?: number | undefined }>(options: Options): Options {
  return { ...options, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_OPENSTACK_MAX_BODY_BYTES };
}

/**
 * The OpenStack simulator as the kit defines it (`openstackSimulator.start(options)`), with
 * request bodies up to 256 MiB (image uploads) unless `maxBodyBytes` is given.
 */
export const openstackSimulator: ProviderSimulator<OpenStackSimulatorOptions, RunningOpenStackSimulator> = {
  name: defined.name,
  description: defined.description,
  apiPath: defined.apiPath,
  start: (options: OpenStackSimulatorOptions = {}) => defined.start(withDefaults(options)),
  definition: {
    ...defined.definition,
    start: (options: SimulatorStartOptions) => defined.definition.start(withDefaults(options)),
  },
};

/**
 * Starts an OpenStack simulator on 127.0.0.1: Keystone v3 at `/identity` (the auth URL, `endpoint`),
 * Nova at `/compute/v2.1`, Glance at `/image`, Neutron at `/network`, Cinder at
 * `/volume/v3/{project_id}`, all in the catalog for `RegionOne` and, under `/RegionTwo`, `RegionTwo`.
 *
 * @example
 * const sim = await startOpenStackSimulator({ transitionMs: 20 });
 * // auth: { authUrl: sim.authUrl, ...sim.credentials } (username, password, projectName, …)
 * await sim.close();
 */
export function startOpenStackSimulator(
  options: OpenStackSimulatorOptions = {},
): Promise<RunningOpenStackSimulator> {
  return openstackSimulator.start(options);
}
