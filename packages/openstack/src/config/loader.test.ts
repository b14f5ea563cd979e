import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ParameterError } from '@overcast/runtime/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { listClouds, loadAllCloudConfigs, loadCloudConfig } from './loader.js';

const boxes: string[] = [];
afterEach(async () => {
  for (const dir of boxes.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temporary HOME (`home/…`) and working directory (`cwd/…`) holding `files`. */
async function sandbox(files: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'overcast-os-config-'));
  boxes.push(dir);
  for (const sub of ['home', 'cwd']) await mkdir(join(dir, sub));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const home = join(dir, 'home');
  const cwd = join(dir, 'cwd');
  return {
    dir,
    home,
    cwd,
    /** Loader options with only HOME in the environment, plus `env`. */
    at: (env: Record<string, string> = {}) => ({ cwd, env: { HOME: home, ...env } }),
  };
}

async function failure(promise: Promise<unknown>): Promise<ParameterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ParameterError);
  return error as ParameterError;
}

const USER = "auth: {auth_url: 'http://k/v3', username: u, password: secret-pw, user_domain_name: D}";
const cloud = (name: string, body = USER) => `clouds:\n  ${name}:\n    ${body}\n`;

describe('search path', () => {
  it('reads ~/.config/openstack/clouds.yaml, and the working directory first', async () => {
    const box = await sandbox({ 'home/.config/openstack/clouds.yaml': cloud('home') });
    expect((await loadCloudConfig(box.at())).name).toBe('home');
    await writeFile(join(box.cwd, 'clouds.yml'), cloud('here'));
    const config = await loadCloudConfig(box.at());
    expect(config.name).toBe('here');
    expect(config.source).toEqual({ kind: 'file', cloudsFile: join(box.cwd, 'clouds.yml') });
  });

  it('OS_CLIENT_CONFIG_FILE (relative to the working directory) comes first', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': cloud('here'), 'cwd/conf/mine.yaml': cloud('mine') });
    expect((await loadCloudConfig(box.at({ OS_CLIENT_CONFIG_FILE: 'conf/mine.yaml' }))).name).toBe('mine');
    // …but not when environment variables are not to be read.
    expect(
      (await loadCloudConfig({ ...box.at({ OS_CLIENT_CONFIG_FILE: 'conf/mine.yaml' }), loadEnvvars: false }))
        .name,
    ).toBe('here');
  });

  it('passes over unreadable files and directories', async () => {
    const box = await sandbox({ 'home/.config/openstack/clouds.yaml': cloud('home') });
    await mkdir(join(box.cwd, 'clouds.yaml'));
    await writeFile(join(box.cwd, 'clouds.yml'), cloud('hidden'));
    await chmod(join(box.cwd, 'clouds.yml'), 0);
    const expected = process.getuid?.() === 0 ? 'hidden' : 'home';
    expect((await loadCloudConfig(box.at())).name).toBe(expected);
  });

  it('explicit file lists replace the search path; loadYamlConfig: false reads none', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': cloud('here'), 'cwd/a.yaml': cloud('a') });
    expect((await loadCloudConfig({ ...box.at(), configFiles: ['missing.yaml', 'a.yaml'] })).name).toBe('a');
    const none = await loadCloudConfig({
      ...box.at(),
      loadYamlConfig: false,
      auth: { authUrl: 'http://k/v3' },
      authType: 'v3token',
      token: 'x',
    });
    expect(none.name).toBe('defaults');
    expect(none.source.kind).toBe('defaults');
  });
});

describe('choosing the cloud', () => {
  const two = `clouds:\n  a:\n    ${USER}\n  b:\n    auth: {auth_url: 'http://b/v3', token: t}\n    auth_type: v3token\n`;

  it('the cloud asked for, else OS_CLOUD, else the only cloud', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': two });
    expect((await loadCloudConfig({ ...box.at(), cloud: 'b' })).auth).toEqual({
      authUrl: 'http://b/v3',
      token: 't',
    });
    expect((await loadCloudConfig(box.at({ OS_CLOUD: 'a' }))).name).toBe('a');
    const single = await sandbox({ 'cwd/clouds.yaml': cloud('only') });
    expect((await loadCloudConfig(single.at())).name).toBe('only');
    expect(await listClouds(box.at({ OS_CLOUD: 'b' }))).toEqual({ names: ['a', 'b'], default: 'b' });
  });

  it('several clouds and none named: an error that lists them', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': two });
    const error = await failure(loadCloudConfig(box.at()));
    expect(error.message).toMatch(/needs auth\.auth_url.*no cloud was chosen.*clouds: a, b/);
  });

  it('an unknown cloud names the file and the clouds it has', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': two });
    const error = await failure(loadCloudConfig(box.at({ OS_CLOUD: 'c' })));
    expect(error.message).toBe(
      `cloud "c" (from OS_CLOUD) was not found in ${join(box.cwd, 'clouds.yaml')}; known clouds: a, b`,
    );
    const empty = await sandbox();
    expect((await failure(loadCloudConfig({ ...empty.at(), cloud: 'x' }))).message).toMatch(
      /cloud "x" was not found in any clouds.yaml \(none was found in the search path\)/,
    );
  });
});

describe('secure.yaml', () => {
  it('is deep-merged into clouds.yaml, from wherever it is found first', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml':
        "clouds:\n  s:\n    auth: {auth_url: 'http://k/v3', username: u, user_domain_id: d}\n",
      'home/.config/openstack/secure.yaml':
        'clouds:\n  s:\n    auth: {password: from-secure}\n    compute_api_version: "2.9"\n',
    });
    const config = await loadCloudConfig(box.at());
    expect(config.auth).toEqual({
      authUrl: 'http://k/v3',
      username: 'u',
      userDomainId: 'd',
      password: 'from-secure',
    });
    expect(config.config['compute_api_version']).toBe('2.9');
    expect(config.source.secureFile).toBe(join(box.home, '.config/openstack/secure.yaml'));
  });

  it('OS_CLIENT_SECURE_FILE comes first', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml':
        "clouds:\n  s:\n    auth: {auth_url: 'http://k/v3', username: u, user_domain_id: d}\n",
      'cwd/secure.yaml': 'clouds: {s: {auth: {password: one}}}',
      'vault.json': '{"clouds": {"s": {"auth": {"password": "two"}}}}',
    });
    const config = await loadCloudConfig(box.at({ OS_CLIENT_SECURE_FILE: join(box.dir, 'vault.json') }));
    expect(config.auth.password).toBe('two');
  });
});

describe('regions', () => {
  const regions = `clouds:
  r:
    ${USER}
    regions:
      - one
      - name: two
        values:
          interface: internal
          auth: {auth_url: 'http://two/v3'}
`;

  it('the first by default, the values of the one asked for', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': regions });
    expect((await loadCloudConfig(box.at())).regionName).toBe('one');
    const two = await loadCloudConfig({ ...box.at(), regionName: 'two' });
    expect(two.regionName).toBe('two');
    expect(two.interface).toBe('internal');
    expect(two.auth.authUrl).toBe('http://two/v3');
    expect(two.auth.password).toBe('secret-pw');
    expect((await loadAllCloudConfigs(box.at())).map((c) => `${c.name}/${c.regionName}`)).toEqual([
      'r/one',
      'r/two',
    ]);
  });

  it('an unknown region names the cloud, the file and the regions', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': regions });
    const error = await failure(loadCloudConfig({ ...box.at(), regionName: 'Three' }));
    expect(error.message).toBe(
      `cloud "r" in ${join(box.cwd, 'clouds.yaml')}: region "Three" is not one of its regions (one, two); region names are case sensitive`,
    );
  });

  it("any region goes when the cloud lists none; OS_REGION_NAME is the envvars cloud's only", async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': cloud('c') });
    expect((await loadCloudConfig({ ...box.at(), regionName: 'Anywhere' })).regionName).toBe('Anywhere');
    expect((await loadCloudConfig(box.at({ OS_CLOUD: 'c', OS_REGION_NAME: 'R' }))).regionName).toBe('');
  });

  it('misshapen regions are errors naming the key', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:\n  r:\n    ${USER}\n    regions: [{name: a, vals: {}}]\n  s:\n    ${USER}\n    regions: RegionOne\n`,
    });
    expect((await failure(loadCloudConfig({ ...box.at(), cloud: 'r' }))).message).toMatch(
      /clouds\.r\.regions\[0\] must be a region name or a mapping with "name" and "values" only \(it has vals\)/,
    );
    expect((await failure(loadCloudConfig({ ...box.at(), cloud: 's' }))).message).toMatch(
      /clouds\.s\.regions must be a list, not a string/,
    );
  });
});

describe('auth types and auth keys', () => {
  it('aliases: token_endpoint is admin_token, None is none', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:
  adm: {auth_type: token_endpoint, url: 'http://ep', token: t}
  bare: {auth_type: None, endpoint: 'http://bare'}
`,
    });
    const adm = await loadCloudConfig({ ...box.at(), cloud: 'adm' });
    expect([adm.authType, adm.auth]).toEqual(['admin_token', { endpoint: 'http://ep', token: 't' }]);
    const bare = await loadCloudConfig({ ...box.at(), cloud: 'bare' });
    expect([bare.authType, bare.auth]).toEqual(['none', { endpoint: 'http://bare' }]);
  });

  it('tenant names, dashes, top-level keys and a shared domain (auth_plugin loses to the default auth_type)', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:
  c:
    auth_plugin: v3password
    auth_url: 'http://k/v3'
    user-name: u
    password: p
    tenant_name: proj
    domain_id: default
`,
    });
    const config = await loadCloudConfig(box.at());
    expect(config.authType).toBe('password');
    expect(config.auth).toEqual({
      authUrl: 'http://k/v3',
      projectName: 'proj',
      projectDomainId: 'default',
      username: 'u',
      userDomainId: 'default',
      password: 'p',
    });
  });

  it('application credentials', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:
  app:
    auth_type: v3applicationcredential
    auth: {auth_url: 'http://k/v3', application_credential_id: id1, application_credential_secret: s3}
`,
    });
    expect((await loadCloudConfig(box.at())).auth).toEqual({
      authUrl: 'http://k/v3',
      applicationCredentialId: 'id1',
      applicationCredentialSecret: 's3',
    });
  });

  it('unknown auth types and options, missing ones, v3 user domains', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:
  a: {auth_type: kerberos9, auth: {auth_url: 'http://k'}}
  b: {auth: {auth_url: 'http://k', colour: blue}}
  c: {auth_type: v3token, auth: {token: t}}
  d: {auth_type: v3password, auth: {auth_url: 'http://k', username: u, password: p}}
  e: {auth_type: v3applicationcredential, auth: {auth_url: 'http://k', application_credential_secret: s}}
`,
    });
    const message = async (name: string) =>
      (await failure(loadCloudConfig({ ...box.at(), cloud: name }))).message;
    expect(await message('a')).toMatch(
      /cloud "a" in .*clouds\.yaml: auth_type "kerberos9" is not an auth type/,
    );
    expect(await message('b')).toMatch(/auth_type password takes no auth\.colour/);
    expect(await message('c')).toMatch(/auth_type v3token needs auth\.auth_url/);
    expect(await message('d')).toMatch(/user_domain_name or auth\.user_domain_id/);
    expect(await message('e')).toMatch(/application_credential_id/);
    // validate: false resolves without checking.
    expect((await loadCloudConfig({ ...box.at(), cloud: 'b', validate: false })).auth).toEqual({
      authUrl: 'http://k',
      colour: 'blue',
    });
  });
});

describe('the envvars and defaults clouds', () => {
  it('OS_* variables make the envvars cloud, over the defaults', async () => {
    const box = await sandbox();
    const config = await loadCloudConfig(
      box.at({
        OS_AUTH_URL: 'http://env/v3',
        OS_USERNAME: 'eu',
        OS_PASSWORD: 'ep',
        OS_PROJECT_NAME: 'epr',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_REGION_NAME: 'R1',
        OS_INTERFACE: 'internal',
        OS_COMPUTE_API_VERSION: '2.79',
        OS_TEST_NOISE: 'ignored',
      }),
    );
    expect(config.name).toBe('envvars');
    expect(config.source.kind).toBe('envvars');
    expect(config.regionName).toBe('R1');
    expect(config.interface).toBe('internal');
    expect(config.config['compute_api_version']).toBe('2.79');
    expect(config.config['test_noise']).toBeUndefined();
    expect(config.auth).toEqual({
      authUrl: 'http://env/v3',
      projectName: 'epr',
      projectDomainName: 'Default',
      username: 'eu',
      userDomainName: 'Default',
      password: 'ep',
    });
  });

  it('OS_CLOUD_NAME renames it, and may not clash with a file cloud', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': cloud('mine') });
    const env = { OS_AUTH_URL: 'http://env/v3', OS_TOKEN: 't', OS_AUTH_TYPE: 'v3token' };
    expect((await loadCloudConfig(box.at({ ...env, OS_CLOUD_NAME: 'env' }))).name).toBe('env');
    expect((await failure(loadCloudConfig(box.at({ ...env, OS_CLOUD_NAME: 'mine' })))).message).toMatch(
      /defines a cloud named "mine", but OS_CLOUD_NAME is also set to "mine"/,
    );
  });

  it('selectors alone make no envvars cloud; nothing at all is the defaults cloud', async () => {
    const box = await sandbox();
    const error = await failure(loadCloudConfig(box.at({ OS_REGION_NAME: 'R' })));
    expect(error.message).toBe('the defaults cloud: auth_type password needs auth.auth_url');
    const config = await loadCloudConfig({
      ...box.at(),
      auth: { authUrl: 'http://code/v3', username: 'c', password: 'p', userDomainName: 'D' },
      regionName: 'Here',
      computeApiVersion: '2.60',
      apiTimeout: 1500,
    });
    expect(config.name).toBe('defaults');
    expect(config.regionName).toBe('Here');
    expect(config.config['compute_api_version']).toBe('2.60');
    expect(config.config['api_timeout']).toBe('1.5');
    expect(config.apiTimeout).toBe(1500);
  });
});

describe('settings given in code', () => {
  it('win over the file, camelCase or snake_case, with os_ prefixes from argparse', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': cloud('c', `${USER}\n    interface: admin`) });
    const config = await loadCloudConfig({
      ...box.at(),
      interface: 'internal',
      block_storage_endpoint_override: 'http://cinder',
      auth: { projectName: 'p2' },
      argparse: {
        os_project_id: 'pid',
        os_auth_url: 'http://argv/v3',
        os_region_name: '',
        compute_api_version: null,
      },
      timeout: 5000,
    });
    expect(config.interface).toBe('internal');
    expect(config.config['block_storage_endpoint_override']).toBe('http://cinder');
    // A top-level auth option moves into auth, but one already in auth wins (as in openstacksdk).
    expect(config.auth.projectId).toBe('pid');
    expect(config.auth.authUrl).toBe('http://k/v3');
    expect(config.auth.projectName).toBe('p2');
    expect(config.auth.password).toBe('secret-pw');
    expect(config.config['timeout']).toBeUndefined();
  });
});

describe('endpoint overrides, API versions, interfaces, TLS', () => {
  it("keeps openstacksdk's keys and strings", async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': cloud(
        'e',
        `${USER}
    compute_endpoint_override: 'http://nova/v2.1'
    volume_endpoint_type: internal
    compute_api_version: 2.10
    identity_api_version: 3
    api_timeout: 30
    cacert: ~/ca.pem
    cert: /c.pem
    key: /k.pem
    insecure: 'False'`,
      ),
    });
    const config = await loadCloudConfig(box.at());
    expect(config.config).toMatchObject({
      compute_endpoint_override: 'http://nova/v2.1',
      volume_interface: 'internal',
      compute_api_version: '2.1',
      identity_api_version: '3',
      api_timeout: 30,
      insecure: false,
    });
    expect(config.apiTimeout).toBe(30_000);
    expect(config.tls).toEqual({ caFile: join(box.home, 'ca.pem'), cert: '/c.pem', key: '/k.pem' });
  });

  it('verify false or insecure turn verification off', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:\n  a:\n    ${USER}\n    verify: false\n  b:\n    ${USER}\n    insecure: true\n    cacert: /ca.pem\n`,
    });
    expect((await loadCloudConfig({ ...box.at(), cloud: 'a' })).tls).toEqual({ insecure: true });
    expect((await loadCloudConfig({ ...box.at(), cloud: 'b' })).tls).toEqual({ insecure: true });
  });

  it('fills {placeholders} and refuses unknown ones by key', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': `clouds:
  f:
    auth: {auth_url: 'https://{region_name}.example.com/v3', token: t}
    auth_type: v3token
    region_name: fr1
    image_endpoint_override: 'https://{region_name}.image/'
  g:
    auth: {auth_url: 'https://{nope}.example.com/v3', token: t}
    auth_type: v3token
`,
    });
    const config = await loadCloudConfig({ ...box.at(), cloud: 'f' });
    expect(config.auth.authUrl).toBe('https://fr1.example.com/v3');
    expect(config.config['image_endpoint_override']).toBe('https://fr1.image/');
    expect((await failure(loadCloudConfig({ ...box.at(), cloud: 'g' }))).message).toMatch(
      /cloud "g" in .*: auth\.auth_url: cannot fill its \{placeholders\}: \{nope\} names no configuration key/,
    );
    // A setting that holds a secret is named, its text is not quoted.
    await writeFile(
      join(box.cwd, 'clouds.yaml'),
      "clouds:\n  s:\n    auth: {auth_url: 'http://k/v3', token: t}\n    auth_type: v3token\n    client_secret: 'ab{hunter2}'\n",
    );
    const secret = await failure(loadCloudConfig(box.at()));
    expect(secret.message).toMatch(/client_secret: cannot fill its \{placeholders\} \(write/);
    expect(secret.message).not.toContain('hunter2');
  });
});

describe('vendor profiles', () => {
  it('shipped profiles give auth_url, regions and settings', async () => {
    const box = await sandbox({
      'cwd/clouds.yaml': 'clouds:\n  o:\n    profile: ovh\n    auth: {username: u, password: p}\n',
    });
    const config = await loadCloudConfig({ ...box.at(), regionName: 'GRA7' });
    expect(config.auth.authUrl).toBe('https://auth.cloud.ovh.net/');
    expect(config.auth.userDomainName).toBe('Default');
    expect(config.config['identity_api_version']).toBe('3');
    expect((await failure(loadCloudConfig({ ...box.at(), regionName: 'XX' }))).message).toMatch(/BHS, BHS1/);
  });

  it('clouds-public.yaml profiles come first', async () => {
    const box = await sandbox({
      'home/.config/openstack/clouds-public.yaml':
        "public-clouds:\n  ovh:\n    auth: {auth_url: 'http://mine/v3'}\n",
      'cwd/clouds.yaml':
        'clouds:\n  o:\n    profile: ovh\n    auth: {username: u, password: p, user_domain_id: d}\n',
    });
    const config = await loadCloudConfig(box.at());
    expect(config.auth.authUrl).toBe('http://mine/v3');
    expect(config.source.vendorFile).toBe(join(box.home, '.config/openstack/clouds-public.yaml'));
  });

  it('a profile named by URL is fetched from its well-known document; redirects are refused', async () => {
    let server: Server | undefined;
    try {
      server = createServer((request, response) => {
        if (request.url === '/.well-known/openstack/api' && request.headers.host?.startsWith('127.0.0.1')) {
          response.setHeader('content-type', 'application/json');
          response.end(
            JSON.stringify({
              name: 'acme',
              profile: { auth: { auth_url: 'http://acme/v3' }, regions: ['a1', 'a2'] },
            }),
          );
        } else {
          response.statusCode = 302;
          response.setHeader('location', 'http://elsewhere/');
          response.end();
        }
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const box = await sandbox({
        'cwd/clouds.yaml': `clouds:
  r:
    profile: 'http://127.0.0.1:${port}'
    auth: {username: u, password: p, user_domain_id: d}
  bad:
    profile: 'http://localhost:${port}'
    auth: {username: u, password: p, user_domain_id: d}
`,
      });
      const config = await loadCloudConfig({ ...box.at(), cloud: 'r' });
      expect(config.auth.authUrl).toBe('http://acme/v3');
      expect(config.regionName).toBe('a1');
      expect((await failure(loadCloudConfig({ ...box.at(), cloud: 'bad' }))).message).toMatch(
        /answered 302 \(a redirect to http:\/\/elsewhere\/, not followed\)/,
      );
    } finally {
      server?.close();
    }
  });
});

describe('bad files', () => {
  it('a YAML syntax error names the file and line, never the secret on it', async () => {
    const box = await sandbox({ 'cwd/secure.yaml': 'clouds:\n  a:\n    auth:\n      password: "hunter2\n' });
    const error = await failure(loadCloudConfig(box.at()));
    expect(error.message).toMatch(
      new RegExp(`^${join(box.cwd, 'secure.yaml')}: not valid YAML at line \\d+`),
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('a document that is not a mapping, clouds that are not a mapping, a cloud that is not one', async () => {
    const box = await sandbox({ 'cwd/clouds.yaml': '- a\n- b\n' });
    expect((await failure(loadCloudConfig(box.at()))).message).toBe(
      `${join(box.cwd, 'clouds.yaml')}: the top level must be a mapping (with a "clouds" key), not a list`,
    );
    await writeFile(join(box.cwd, 'clouds.yaml'), 'clouds: [a, b]\n');
    expect((await failure(loadCloudConfig(box.at()))).message).toBe(
      `${join(box.cwd, 'clouds.yaml')}: clouds must be a mapping of cloud names, not a list`,
    );
    await writeFile(join(box.cwd, 'clouds.yaml'), 'clouds:\n  a: just-text\n  b:\n    auth: [x]\n');
    expect((await failure(loadCloudConfig({ ...box.at(), cloud: 'a' }))).message).toMatch(
      /cloud "a" in .*clouds\.yaml: clouds\.a must be a mapping, not a string/,
    );
    expect((await failure(loadCloudConfig({ ...box.at(), cloud: 'b' }))).message).toMatch(
      /clouds\.b\.auth must be a mapping, not a list/,
    );
  });

  it('not UTF-8, bad JSON, a bad boolean, a bad network entry', async () => {
    const box = await sandbox({ 'cwd/clouds.json': '{"clouds": {' });
    expect((await failure(loadCloudConfig(box.at()))).message).toMatch(/clouds\.json: not valid JSON/);
    await writeFile(join(box.cwd, 'clouds.yaml'), Buffer.from([0x63, 0x3a, 0x20, 0xff, 0x0a]));
    expect((await failure(loadCloudConfig(box.at()))).message).toMatch(/clouds\.yaml: not valid UTF-8/);
    await writeFile(join(box.cwd, 'clouds.yaml'), cloud('c', `${USER}\n    insecure: 1`));
    expect((await failure(loadCloudConfig(box.at()))).message).toMatch(/insecure must be true or false/);
    await writeFile(
      join(box.cwd, 'clouds.yaml'),
      cloud('c', `${USER}\n    networks: [{routes_externally: true}]`),
    );
    expect((await failure(loadCloudConfig(box.at()))).message).toMatch(
      /networks\[0\] is missing the required field "name"/,
    );
  });
});
