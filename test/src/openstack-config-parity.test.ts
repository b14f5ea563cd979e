/**
 * The same clouds.yaml gives the same resolved configuration in both libraries: over a table of
 * cases (search paths, OS_* variables, secure.yaml merge, regions, auth_type aliases, endpoint
 * overrides, API versions, TLS settings, vendor profiles, bad files), each case's files are written
 * into a fresh HOME and working directory, Debian's openstacksdk (python3-openstacksdk 0.101)
 * resolves it with `OpenStackConfig().get_one(cloud=…, region_name=…, **overrides)`, and
 * `@overcast/openstack`'s `loadCloudConfig` resolves it with the same environment. The whole
 * resolved `config` must be equal, and so must the per-service answers (service type, interface,
 * region, endpoint override, API version); a case openstacksdk refuses must be a ParameterError.
 * Nothing here reads the user's own configuration: HOME, the working directory and every variable
 * are the case's own.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCloudConfig, ParameterError, serviceSettings } from '@overcast/openstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const HELPER = fileURLToPath(new URL('./openstack-config-parity/resolve_config.py', import.meta.url));
const MISSING_PEER =
  "Debian's python3-openstacksdk (openstacksdk 0.101) is required: " +
  '`apt-get install -y --no-install-recommends python3-openstacksdk` (scripts/system-deps.sh installs it)';
const SERVICES = ['compute', 'identity', 'image', 'network', 'block-storage', 'volume', 'object-store'];

interface Case {
  name: string;
  /** Files to write, by path under the case's directory (`home/…`, `cwd/…`, anything else). */
  files?: Record<string, string>;
  /** Variables besides HOME; `{dir}` stands for the case's directory. */
  env?: Record<string, string>;
  cloud?: string;
  region?: string;
  /** openstacksdk's keyword arguments (our loader takes the same snake_case settings). */
  overrides?: Record<string, unknown>;
  /** The same settings as our camelCase API takes them, when they differ from `overrides`. */
  camelOverrides?: Record<string, unknown>;
}

const MORDRED = `
clouds:
  mordred:
    auth:
      auth_url: https://identity.example.com/v3
      username: bob
      password: hunter2
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
`;

const CASES: Case[] = [
  // --- search paths -------------------------------------------------------------------------
  { name: 'clouds.yaml in ~/.config/openstack', files: { 'home/.config/openstack/clouds.yaml': MORDRED } },
  {
    name: 'the working directory wins over ~/.config/openstack',
    files: {
      'home/.config/openstack/clouds.yaml': MORDRED,
      'cwd/clouds.yaml': MORDRED.replace('identity.example.com', 'cwd.example.com'),
    },
  },
  {
    name: 'clouds.yaml wins over clouds.yml and clouds.json in one directory',
    files: {
      'cwd/clouds.yml': MORDRED.replace('identity.example.com', 'yml.example.com'),
      'cwd/clouds.yaml': MORDRED,
      'cwd/clouds.json': '{"clouds": {"mordred": {"auth": {"auth_url": "http://json"}}}}',
    },
  },
  {
    name: 'clouds.json (integers and floats as json.load reads them)',
    files: {
      'home/.config/openstack/clouds.json': JSON.stringify({
        clouds: {
          j: {
            auth: {
              auth_url: 'http://json.example.com/v3',
              username: 'u',
              password: 'p',
              user_domain_id: 'default',
            },
            identity_api_version: 3,
            compute_api_version: '2.79',
            volume_api_version: 3.0,
            api_timeout: 45,
          },
        },
      }),
    },
    cloud: 'j',
  },
  {
    name: '$XDG_CONFIG_HOME/openstack',
    files: { 'xdg/openstack/clouds.yaml': MORDRED },
    env: { XDG_CONFIG_HOME: '{dir}/xdg' },
  },
  {
    name: '$XDG_CONFIG_DIRS site directory',
    files: { 'site/openstack/clouds.yaml': MORDRED },
    env: { XDG_CONFIG_DIRS: '{dir}/site' },
  },
  {
    name: 'OS_CLIENT_CONFIG_FILE wins over the working directory',
    files: {
      'cwd/clouds.yaml': MORDRED,
      'elsewhere/my-clouds.yaml': MORDRED.replace('identity.example.com', 'override.example.com'),
    },
    env: { OS_CLIENT_CONFIG_FILE: '{dir}/elsewhere/my-clouds.yaml' },
  },
  {
    name: 'an empty clouds.yaml in the working directory hides the one in HOME',
    files: { 'cwd/clouds.yaml': '', 'home/.config/openstack/clouds.yaml': MORDRED },
    env: { OS_CLOUD: 'mordred' },
  },
  {
    name: 'OS_CLIENT_CONFIG_FILE naming no file falls through to the search path',
    files: { 'cwd/clouds.yaml': MORDRED },
    env: { OS_CLIENT_CONFIG_FILE: '{dir}/missing.yaml' },
  },
  {
    name: '$SNAP_REAL_HOME/.config/openstack',
    files: { 'real/.config/openstack/clouds.yaml': MORDRED },
    env: { SNAP_REAL_HOME: '{dir}/real' },
  },
  // --- OS_CLOUD and cloud selection ----------------------------------------------------------
  {
    name: 'OS_CLOUD selects among several clouds',
    files: {
      'cwd/clouds.yaml': `${MORDRED}
  other:
    auth: {auth_url: 'http://other/v3', token: abc}
    auth_type: v3token
`,
    },
    env: { OS_CLOUD: 'other' },
  },
  {
    name: 'several clouds and none chosen',
    files: { 'cwd/clouds.yaml': `${MORDRED}\n  other:\n    auth: {auth_url: 'http://other/v3'}\n` },
  },
  { name: 'unknown cloud', files: { 'cwd/clouds.yaml': MORDRED }, cloud: 'nope' },
  { name: 'unknown cloud from OS_CLOUD', files: { 'cwd/clouds.yaml': MORDRED }, env: { OS_CLOUD: 'nope' } },
  // --- secure.yaml ----------------------------------------------------------------------------
  {
    name: 'secure.yaml deep-merged (from another directory of the search path)',
    files: {
      'cwd/clouds.yaml': `
clouds:
  s:
    auth:
      auth_url: https://identity.example.com/v3
      username: bob
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    compute_api_version: '2.1'
`,
      'home/.config/openstack/secure.yaml': `
clouds:
  s:
    auth:
      password: from-secure
    compute_api_version: '2.95'
`,
    },
    cloud: 's',
  },
  {
    name: 'OS_CLIENT_SECURE_FILE',
    files: {
      'cwd/clouds.yaml': MORDRED,
      'cwd/secure.yaml': 'clouds: {mordred: {auth: {password: cwd-secret}}}',
      'vault/sec.yaml': 'clouds: {mordred: {auth: {password: vault-secret}}}',
    },
    env: { OS_CLIENT_SECURE_FILE: '{dir}/vault/sec.yaml' },
  },
  {
    name: 'secure.yaml alone defines the cloud',
    files: { 'home/.config/openstack/secure.yaml': MORDRED },
  },
  {
    name: 'secure.json',
    files: {
      'cwd/clouds.yaml': MORDRED,
      'cwd/secure.json': '{"clouds": {"mordred": {"auth": {"password": "j"}, "api_timeout": 12}}}',
    },
  },
  // --- envvars cloud --------------------------------------------------------------------------
  {
    name: 'the envvars cloud from OS_* variables',
    env: {
      OS_AUTH_URL: 'https://env.example.com/v3',
      OS_USERNAME: 'envuser',
      OS_PASSWORD: 'envpass',
      OS_PROJECT_NAME: 'envproject',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_REGION_NAME: 'RegionTwo',
      OS_INTERFACE: 'internal',
      OS_IDENTITY_API_VERSION: '3',
      OS_COMPUTE_API_VERSION: '2.87',
    },
  },
  {
    name: 'OS_TENANT_NAME and OS_TENANT_ID as project',
    env: {
      OS_AUTH_URL: 'https://env.example.com/v3',
      OS_USERNAME: 'u',
      OS_PASSWORD: 'p',
      OS_TENANT_NAME: 'tenant',
      OS_TENANT_ID: 'tid',
      OS_USER_DOMAIN_ID: 'default',
    },
  },
  {
    name: 'OS_CLOUD_NAME renames the envvars cloud',
    env: { OS_CLOUD_NAME: 'fromenv', OS_AUTH_URL: 'http://env/v3', OS_TOKEN: 'tok', OS_AUTH_TYPE: 'v3token' },
  },
  {
    name: 'OS_CLOUD picks a file cloud over the envvars cloud',
    files: { 'cwd/clouds.yaml': MORDRED },
    env: { OS_CLOUD: 'mordred', OS_AUTH_URL: 'http://env/v3', OS_PASSWORD: 'ignored' },
  },
  {
    name: 'without OS_CLOUD the envvars cloud wins over a file cloud',
    files: { 'cwd/clouds.yaml': MORDRED },
    env: { OS_AUTH_URL: 'http://env/v3', OS_USERNAME: 'e', OS_PASSWORD: 'p', OS_USER_DOMAIN_NAME: 'd' },
  },
  {
    name: 'OS_REGION_NAME alone does not make an envvars cloud, nor pick the file cloud region',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions: [RegionOne, RegionTwo]
    auth: {auth_url: 'http://r/v3', username: u, password: p, user_domain_id: default}
`,
    },
    env: { OS_REGION_NAME: 'RegionTwo' },
  },
  {
    name: 'OS_PROJECT_ID and OS_DOMAIN_NAME',
    env: {
      OS_AUTH_URL: 'http://env/v3',
      OS_USERNAME: 'u',
      OS_PASSWORD: 'p',
      OS_PROJECT_ID: 'pid',
      OS_DOMAIN_NAME: 'dom',
      OS_AUTH_TYPE: 'v3password',
    },
  },
  { name: 'nothing configured: the defaults cloud', env: {} },
  {
    name: 'nothing configured, settings given in code',
    overrides: {
      auth: { auth_url: 'http://code/v3', username: 'c', password: 'p', user_domain_name: 'Default' },
      region_name: 'Here',
      compute_api_version: '2.60',
    },
    camelOverrides: {
      auth: { authUrl: 'http://code/v3', username: 'c', password: 'p', userDomainName: 'Default' },
      regionName: 'Here',
      computeApiVersion: '2.60',
    },
  },
  // --- regions --------------------------------------------------------------------------------
  {
    name: 'regions as names: the first by default',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions: [RegionOne, RegionTwo]
    auth: {auth_url: 'http://r/v3', username: u, password: p, user_domain_id: default}
`,
    },
  },
  {
    name: 'regions with values',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions:
      - name: east
        values:
          interface: internal
          compute_api_version: '2.70'
          auth: {auth_url: 'http://east/v3'}
      - west
    auth: {auth_url: 'http://r/v3', username: u, password: p, user_domain_id: default}
`,
    },
    region: 'east',
  },
  {
    name: 'region_name given in code wins over the file',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions: [RegionOne, RegionTwo]
    auth: {auth_url: 'http://r/v3', username: u, password: p, user_domain_id: default}
`,
    },
    region: 'RegionTwo',
  },
  { name: 'unknown region', files: { 'cwd/clouds.yaml': MORDRED }, region: 'Atlantis' },
  {
    name: 'region_name as a comma-separated list',
    files: {
      'cwd/clouds.yaml': MORDRED.replace('region_name: RegionOne', 'region_name: one,two'),
    },
    region: 'two',
  },
  {
    name: 'a region entry with an unknown key',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions: [{name: a, value: {interface: internal}}]
    auth: {auth_url: 'http://r/v3'}
`,
    },
  },
  {
    name: '{region_name} in auth_url and in an endpoint override',
    files: {
      'cwd/clouds.yaml': `
clouds:
  f:
    regions: [fr1, de1]
    auth: {auth_url: 'https://{region_name}.identity.example.com/v3', username: u, password: p, user_domain_id: d}
    block_storage_endpoint_override: 'https://{region_name}.volume.example.com/v3/'
`,
    },
    region: 'de1',
  },
  // --- auth types and auth keys ---------------------------------------------------------------
  {
    name: 'auth_type aliases and plugins',
    files: {
      'cwd/clouds.yaml': `
clouds:
  v3pw:
    auth_type: v3password
    auth: {auth_url: 'http://k/v3', username: u, password: p, user_domain_name: D, project_id: pid}
`,
    },
    cloud: 'v3pw',
  },
  {
    name: 'token_endpoint is admin_token, with top-level url and token',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  adm:\n    auth_type: token_endpoint\n    url: 'http://ep'\n    token: t0k\n",
    },
  },
  {
    name: 'auth_type None is none',
    files: { 'cwd/clouds.yaml': "clouds:\n  n:\n    auth_type: None\n    auth: {endpoint: 'http://bare'}\n" },
  },
  {
    name: 'v3applicationcredential',
    files: {
      'cwd/clouds.yaml': `
clouds:
  app:
    auth_type: v3applicationcredential
    auth:
      auth_url: 'http://k/v3'
      application_credential_id: 21dced0fd20347869b93710d2b98aec0
      application_credential_secret: shhh
`,
    },
  },
  {
    name: 'token auth with project_id as a number',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  t:\n    auth_type: token\n    auth: {auth_url: 'http://k/v3', token: abc}\n    project_id: 12345\n",
    },
  },
  {
    name: 'v2password maps project names to tenant names',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  v2:\n    auth_type: v2password\n    auth: {auth_url: 'http://k/v2.0', project_name: p, username: u, password: pw}\n",
    },
  },
  {
    name: 'auth_plugin (old name), dashes, tenant_name and top-level auth keys',
    files: {
      'cwd/clouds.yaml': `
clouds:
  old:
    auth_plugin: password
    auth_url: 'http://top/v3'
    username: u
    password: p
    tenant-name: tname
    user-domain-name: d
    auth:
      project-domain-id: pd
`,
    },
  },
  {
    name: 'domain_id stands for user and project domains when project-scoped',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  d:\n    auth: {auth_url: 'http://k/v3', username: u, password: p, project_name: pr, domain_id: default}\n",
    },
  },
  {
    name: 'domain_name without a project is a domain scope',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  d:\n    auth: {auth_url: 'http://k/v3', username: u, password: p, domain_name: dom, user_domain_name: ud}\n",
    },
  },
  {
    name: 'v3totp with a top-level passcode',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  t:\n    auth_type: v3totp\n    passcode: '123456'\n    auth: {auth_url: 'http://k/v3', user_id: uid}\n",
    },
  },
  {
    name: 'auth_token at the top level',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  t:\n    auth_type: v3token\n    auth_token: tt\n    auth: {auth_url: 'http://k/v3'}\n",
    },
  },
  {
    name: 'per-region interface under a per-service interface',
    files: {
      'cwd/clouds.yaml': `
clouds:
  r:
    regions:
      - name: a
        values: {interface: internal, image_interface: admin}
    compute_interface: public
    auth: {auth_url: 'http://k/v3', token: t}
    auth_type: v3token
`,
    },
  },
  {
    name: 'an unknown auth option',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  x:\n    auth: {auth_url: 'http://k/v3', username: u, password: p, colour: blue}\n",
    },
  },
  {
    name: 'a v3 username without a user domain',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  x:\n    auth_type: v3password\n    auth: {auth_url: 'http://k/v3', username: u, password: p}\n",
    },
  },
  {
    name: 'an unknown auth_type',
    files: {
      'cwd/clouds.yaml': "clouds:\n  x:\n    auth_type: kerberos9\n    auth: {auth_url: 'http://k/v3'}\n",
    },
  },
  // --- endpoint overrides, API versions, interfaces ------------------------------------------
  {
    name: 'endpoint overrides, api versions (YAML floats and ints) and interfaces',
    files: {
      'cwd/clouds.yaml': `
clouds:
  e:
    auth: {auth_url: 'http://k/v3', username: u, password: p, user_domain_id: default, project_name: pr, project_domain_id: default}
    compute_endpoint_override: 'http://nova.local:8774/v2.1'
    volume_endpoint_override: 'http://cinder.local:8776/v3/'
    image_endpoint: 'http://glance.local:9292'
    identity_endpoint_override: 'http://keystone.local:5000/v3'
    compute_api_version: 2.10
    identity_api_version: 3
    volume_api_version: '3'
    image_api_version: latest
    endpoint_type: internal
    compute_endpoint_type: admin
    image_interface: public
    network_service_type: neutron
    compute_service_name: nova
    block_storage_default_microversion: '3.60'
`,
    },
  },
  {
    name: 'api_timeout from a service timeout',
    files: {
      'cwd/clouds.yaml':
        "clouds:\n  t:\n    auth: {auth_url: 'http://k/v3'}\n    auth_type: v3token\n    token: abc\n    compute_timeout: 90\n",
    },
  },
  // --- TLS ------------------------------------------------------------------------------------
  {
    name: 'verify false',
    files: {
      'cwd/clouds.yaml': MORDRED.replace(
        'region_name: RegionOne',
        'region_name: RegionOne\n    verify: false',
      ),
    },
  },
  {
    name: 'cacert with ~, cert and key',
    files: {
      'cwd/clouds.yaml': MORDRED.replace(
        'region_name: RegionOne',
        'region_name: RegionOne\n    cacert: ~/ca.pem\n    cert: /etc/client.pem\n    key: /etc/client.key',
      ),
    },
  },
  {
    name: 'insecure from OS_INSECURE',
    files: { 'cwd/clouds.yaml': MORDRED },
    env: { OS_CLOUD: 'mordred', OS_INSECURE: 'True' },
    overrides: { insecure: 'true' },
  },
  {
    name: 'YAML 1.1 scalars: yes/no, octal, ~',
    files: {
      'cwd/clouds.yaml': MORDRED.replace(
        'region_name: RegionOne',
        'region_name: RegionOne\n    verify: no\n    insecure: yes\n    project_id: 0123\n    cacert: ~',
      ),
    },
  },
  // --- vendor profiles ------------------------------------------------------------------------
  {
    name: 'a shipped vendor profile with regions',
    files: {
      'cwd/clouds.yaml':
        'clouds:\n  myovh:\n    profile: ovh\n    auth: {username: u, password: p, project_name: pr}\n',
    },
    region: 'GRA',
  },
  {
    name: 'the old cloud: key, and {region_name} in the vendor auth_url',
    files: {
      'cwd/clouds.yaml':
        'clouds:\n  cc:\n    cloud: citycloud\n    auth: {username: u, password: p, user_domain_name: d}\n',
    },
  },
  {
    name: 'rackspace: vendor endpoint override with {region_name}',
    files: {
      'cwd/clouds.yaml':
        'clouds:\n  rax:\n    profile: rackspace\n    auth: {username: u, password: p, project_id: "123456"}\n',
    },
    region: 'IAD',
  },
  {
    name: 'clouds-public.yaml profile',
    files: {
      'home/.config/openstack/clouds-public.yaml': `
public-clouds:
  acme:
    auth: {auth_url: 'https://acme.example.com:5000/v3'}
    regions: [acme-1, acme-2]
    identity_api_version: '3'
    image_format: raw
`,
      'cwd/clouds.yaml':
        'clouds:\n  a:\n    profile: acme\n    auth: {username: u, password: p, user_domain_id: default}\n',
    },
    region: 'acme-2',
  },
  // --- YAML features and bad files ------------------------------------------------------------
  {
    name: 'anchors and merge keys',
    files: {
      'cwd/clouds.yaml': `
base: &base
  auth_type: v3password
  interface: internal
clouds:
  m:
    <<: *base
    interface: admin
    auth: {auth_url: 'http://k/v3', username: u, password: p, user_domain_id: d}
`,
    },
  },
  {
    name: 'networks list',
    files: {
      'cwd/clouds.yaml': MORDRED.replace(
        'region_name: RegionOne',
        'region_name: RegionOne\n    networks:\n      - name: public\n        routes_externally: true\n      - name: private\n        nat_destination: true',
      ),
    },
  },
  {
    name: 'a {placeholder} naming nothing',
    files: {
      'cwd/clouds.yaml': MORDRED.replace(
        'region_name: RegionOne',
        "region_name: RegionOne\n    message: 'x {foo}'",
      ),
    },
  },
  { name: 'YAML syntax error', files: { 'cwd/clouds.yaml': 'clouds:\n  a: [1\n  b: c\n' } },
  { name: 'top level is a list', files: { 'cwd/clouds.yaml': '- clouds\n- a\n' } },
];

interface PythonOk {
  name: string;
  region_name: string;
  config: Record<string, unknown>;
  verify: boolean | string;
  cert: string | [string, string] | null;
  services: Record<string, Record<string, unknown>>;
}
type PythonResult = { ok: PythonOk } | { error: { type: string; message: string } };

let root: string;
let python: PythonResult[];

function expand(value: string, dir: string): string {
  return value.replaceAll('{dir}', dir);
}

function caseEnv(entry: Case, dir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: join(dir, 'home') };
  for (const [key, value] of Object.entries(entry.env ?? {})) env[key] = expand(value, dir);
  return env;
}

function runPython(input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [HELPER],
      { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${MISSING_PEER}\n${stderr || error.message}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'overcast-openstack-config-'));
  const requests = [];
  for (const [index, entry] of CASES.entries()) {
    const dir = join(root, String(index));
    await mkdir(join(dir, 'home'), { recursive: true });
    await mkdir(join(dir, 'cwd'), { recursive: true });
    for (const [path, text] of Object.entries(entry.files ?? {})) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    requests.push({
      cwd: join(dir, 'cwd'),
      env: caseEnv(entry, dir),
      cloud: entry.cloud ?? null,
      region: entry.region ?? null,
      overrides: entry.overrides ?? {},
    });
  }
  python = JSON.parse(await runPython(JSON.stringify(requests))) as PythonResult[];
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function nullish(value: unknown): unknown {
  return value === undefined ? null : value;
}

describe('clouds.yaml resolves the same in openstacksdk and @overcast/openstack', () => {
  it('runs every case through openstacksdk', () => {
    expect(python).toHaveLength(CASES.length);
  });

  for (const [index, entry] of CASES.entries()) {
    it(entry.name, async () => {
      const dir = join(root, String(index));
      const expected = python[index]!;
      const ours = loadCloudConfig({
        ...(entry.camelOverrides ?? entry.overrides ?? {}),
        env: caseEnv(entry, dir),
        cwd: join(dir, 'cwd'),
        ...(entry.cloud !== undefined ? { cloud: entry.cloud } : {}),
        ...(entry.region !== undefined ? { regionName: entry.region } : {}),
      });
      if ('error' in expected) {
        const error = await ours.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(
          error,
          `openstacksdk refused it (${expected.error.type}: ${expected.error.message})`,
        ).toBeInstanceOf(ParameterError);
        return;
      }
      const config = await ours;
      const want = expected.ok;
      expect(config.name).toBe(want.name);
      expect(config.regionName).toBe(want.region_name);
      expect(config.config).toEqual(want.config);
      expect(config.authType).toBe(want.config['auth_type']);
      expect(config.interface).toBe(want.config['interface']);
      for (const service of SERVICES) {
        const settings = serviceSettings(config, service);
        expect(
          {
            service_type: settings.serviceType,
            service_name: nullish(settings.serviceName),
            interface: nullish(settings.interface),
            region_name: nullish(settings.regionName),
            endpoint_override: nullish(settings.endpointOverride),
            api_version: nullish(settings.apiVersion),
            default_microversion: nullish(settings.defaultMicroversion),
          },
          service,
        ).toEqual(want.services[service]);
      }
      // requests' (verify, cert) in the runtime's TLS shape.
      expect(config.tls).toEqual({
        ...(want.verify === false ? { insecure: true } : {}),
        ...(typeof want.verify === 'string' ? { caFile: want.verify } : {}),
        ...(Array.isArray(want.cert) ? { cert: want.cert[0], key: want.cert[1] } : {}),
        ...(typeof want.cert === 'string' ? { cert: want.cert } : {}),
      });
    });
  }
});
