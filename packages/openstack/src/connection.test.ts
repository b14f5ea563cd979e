/**
 * The session under a connection: Keystone's auth methods and scopes, token caching, renewal and
 * the one re-authentication after a 401, the catalog (regions, interfaces, aliases, overrides),
 * what construction does (nothing sent, secrets registered), and that no secret reaches an error.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiError,
  AuthError,
  ConnectionError,
  errorViews,
  NotFoundError,
  ParameterError,
  PermissionError,
} from '@overcast/runtime';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from '@overcast/simulators/openstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, connect } from './connection.js';
import { EndpointNotFound, HttpAuthError, HttpError } from './errors.js';
import { defaultCatalog, type FakeCloud, fakeCloud, json } from './test-support/fake-cloud.js';

let sim: RunningOpenStackSimulator;
const TOKENS = 'POST /identity/v3/auth/tokens';

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20, seed: { servers: 3 } });
});
afterAll(async () => {
  await sim.close();
});

function admin(extra: Record<string, unknown> = {}): Connection {
  return new Connection({
    auth: { authUrl: sim.authUrl, ...sim.credentials, ...extra },
    regionName: sim.regionName,
  });
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

async function count<T>(items: AsyncIterable<T>): Promise<number> {
  let n = 0;
  for await (const _ of items) n++;
  return n;
}

describe('construction', () => {
  it('sends nothing, even when the proxies are read', () => {
    sim.requests.reset();
    const conn = admin();
    expect(typeof conn.compute.servers).toBe('function');
    expect(typeof conn.blockStorage.volumes).toBe('function');
    expect('rebootServer' in conn.compute).toBe(true);
    expect('noSuchMethod' in conn.compute).toBe(false);
    expect((conn.compute as unknown as Record<string, unknown>)['noSuchMethod']).toBeUndefined();
    expect(conn.compute).toBe(conn.compute);
    expect(conn.compute.getServer).toBe(conn.compute.getServer);
    expect(sim.requests.total).toBe(0);
    return conn.close();
  });

  it('refuses what cannot work, before sending, without printing secrets', () => {
    expect(() => new Connection({ auth: { username: 'u', password: 'p' } })).toThrow(
      /auth.authUrl is missing/,
    );
    const error = (() => {
      try {
        return new Connection({
          auth: { authUrl: 'http://u:user-info-secret-77@cloud/v3', username: 'u', password: 'p' },
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ParameterError);
    expect(errorViews(error).join('\n')).not.toContain('user-info-secret-77');
    expect(
      () => new Connection({ auth: { authUrl: sim.authUrl, password: 'p' }, authType: 'v3oidc' }),
    ).toThrow(/not supported/);
    expect(
      () => new Connection({ auth: { authUrl: sim.authUrl }, microversions: { compute: '2.x' } }),
    ).toThrow(/microversions.compute/);
    expect(
      () =>
        new Connection({ auth: { authUrl: sim.authUrl }, endpointOverride: { nova: 'http://x' } as never }),
    ).toThrow(/endpointOverride.nova: no such service/);
  });
});

describe('Keystone v3 auth', () => {
  it('password, project scope: the token, its catalog, its project', async () => {
    const conn = admin();
    const access = await conn.access();
    expect(access?.project?.name).toBe('admin');
    expect(access?.user?.name).toBe('admin');
    expect(access?.catalog.map((entry) => entry.type)).toContain('compute');
    expect(typeof (await conn.authorize())).toBe('string');
    expect(await count(conn.compute.servers())).toBe(3);
    await conn.close();
  });

  it('application credential', async () => {
    const conn = new Connection({
      auth: {
        authUrl: sim.authUrl,
        applicationCredentialId: sim.applicationCredential.id,
        applicationCredentialSecret: sim.applicationCredential.secret,
      },
    });
    expect((await conn.access())?.project?.id).toBe(sim.projectId);
    expect(await count(conn.compute.servers())).toBe(3);
    await conn.close();
  });

  it('token: an existing token exchanged for a scoped one', async () => {
    const first = admin();
    const token = await first.authorize();
    const conn = new Connection({
      auth: { authUrl: sim.authUrl, token, projectName: 'admin', projectDomainName: 'Default' },
    });
    expect(conn.authType).toBe('token');
    expect((await conn.access())?.project?.name).toBe('admin');
    expect(await count(conn.compute.flavors())).toBeGreaterThan(0);
    await Promise.all([first.close(), conn.close()]);
  });

  it('domain scope: identity works, project services are not in the catalog', async () => {
    const { projectName: _p, projectDomainName: _d, ...user } = sim.credentials;
    const conn = new Connection({ auth: { authUrl: sim.authUrl, ...user, domainName: 'Default' } });
    const access = await conn.access();
    expect(access?.domain?.name).toBe('Default');
    expect(access?.project).toBeUndefined();
    expect(await count(conn.identity.projects())).toBeGreaterThan(1);
    const error = await failure(() => count(conn.blockStorage.volumes()));
    expect(error).toBeInstanceOf(EndpointNotFound);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(String(error)).toMatch(
      /no endpoint for block-storage \/ volumev3 .*the catalog has no such service/,
    );
    await conn.close();
  });

  it('system scope', async () => {
    const { projectName: _p, projectDomainName: _d, ...user } = sim.credentials;
    const conn = new Connection({ auth: { authUrl: sim.authUrl, ...user, systemScope: 'all' } });
    expect((await conn.access())?.system).toEqual({ all: true });
    expect(await count(conn.identity.users())).toBeGreaterThan(0);
    await conn.close();
  });

  it('unscoped: no catalog, so identity is Keystone itself and the rest is EndpointNotFound', async () => {
    const { projectName: _p, projectDomainName: _d, ...user } = sim.credentials;
    const conn = new Connection({ auth: { authUrl: sim.authUrl, ...user, unscoped: true } });
    const access = await conn.access();
    expect(access?.project).toBeUndefined();
    expect(access?.catalog).toEqual([]);
    const projects = await conn.identity.get<{ projects: { name: string }[] }>('/auth/projects');
    expect(projects.body.projects.map((p) => p.name)).toContain('admin');
    const error = await failure(() => count(conn.compute.servers()));
    expect(error).toBeInstanceOf(EndpointNotFound);
    expect(String(error)).toMatch(/no service catalog/);
    await conn.close();
  });

  it("a wrong password: an AuthError of the family with Keystone's message and no secret", async () => {
    const wrong = admin({ password: 'not-the-password-9b2f' });
    const error = await failure(() => count(wrong.compute.servers()));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(HttpAuthError);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as ApiError).serverMessage).toBe('The request you have made requires authentication.');
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).requestId).toMatch(/^req-/);
    expect((error as ApiError).url).toMatch(/\/identity\/v3\/auth\/tokens$/);
    for (const view of errorViews(error)) expect(view).not.toContain('not-the-password-9b2f');
    await wrong.close();
  });

  it('a demo user meets 403 as a PermissionError (ForbiddenError)', async () => {
    const conn = new Connection({ auth: { authUrl: sim.authUrl, ...sim.demoUser } });
    const error = await failure(() => count(conn.identity.users()));
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as ApiError).serverMessage).toMatch(/not authorized/);
    await conn.close();
  });
});

describe('tokens', () => {
  it('are fetched once for many concurrent calls', async () => {
    const conn = admin();
    sim.requests.reset();
    await Promise.all(Array.from({ length: 8 }, () => count(conn.compute.flavors())));
    expect(sim.requests.count(TOKENS)).toBe(1);
    await conn.close();
  });

  it('are fetched again once after a 401, and the call succeeds', async () => {
    const conn = admin();
    await count(conn.compute.servers());
    sim.expireTokens();
    sim.requests.reset();
    expect(await count(conn.compute.servers())).toBe(3);
    expect(sim.requests.count(TOKENS)).toBe(1);
    expect(sim.requests.count('GET /compute/v2.1/servers/detail')).toBe(2);
    await conn.close();
  });

  let cloud: FakeCloud;
  afterAll(() => cloud?.close());

  it('a 401 that outlives the re-authentication is an AuthError, after exactly one retry', async () => {
    cloud = await fakeCloud();
    cloud.route('GET', '/compute/v2.1/servers/detail', (_req, res) =>
      json(res, 401, { error: { code: 401, title: 'Unauthorized', message: 'nope' } }),
    );
    const conn = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
    });
    const error = await failure(() => count(conn.compute.servers()));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as ApiError).serverMessage).toBe('nope');
    expect(cloud.tokens).toBe(2);
    expect(cloud.requests.filter((r) => r.startsWith('GET /compute/v2.1/servers/detail'))).toHaveLength(2);
    await conn.close();
  });

  it('are cached until shortly before expires_at, then fetched again', async () => {
    const short = await fakeCloud({ lifetimeMs: 400 });
    short.route('GET', '/compute/v2.1/servers/detail', (_req, res) => json(res, 200, { servers: [] }));
    const conn = new Connection({
      auth: { authUrl: `${short.url}/identity`, username: 'demo', password: 'pw' },
    });
    await count(conn.compute.servers());
    await count(conn.compute.servers());
    expect(short.tokens).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await count(conn.compute.servers());
    expect(short.tokens).toBe(2);
    await conn.close();
    await short.close();
  });

  it('a token request that cannot connect fails the call as not sent', async () => {
    const conn = new Connection({
      auth: { authUrl: 'http://127.0.0.1:9/identity', username: 'u', password: 'p' },
    });
    const error = await failure(() => count(conn.compute.servers()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).stage).toBe('connect');
    expect(String(error)).toMatch(/was not sent/);
    await conn.close();
  });
});

describe('the catalog', () => {
  it('serves the region asked for', async () => {
    const conn = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials },
      regionName: 'RegionTwo',
    });
    expect(await conn.compute.endpoint()).toMatch(/\/RegionTwo\/compute\/v2\.1$/);
    expect(await count(conn.compute.servers())).toBe(3);
    await conn.close();
  });

  it('names what is missing: an unknown region', async () => {
    const conn = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials },
      regionName: 'RegionNine',
    });
    const error = await failure(() => conn.compute.endpoint());
    expect(error).toBeInstanceOf(EndpointNotFound);
    expect(String(error)).toMatch(
      /compute with interface public in region RegionNine: the catalog has .*RegionOne/,
    );
    await conn.close();
  });

  it('takes the interface asked for, and block storage under its volumev3 alias', async () => {
    const cloud = await fakeCloud({
      catalog: (base) => [
        ...defaultCatalog(base),
        {
          type: 'volumev3',
          endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/volume/v3/p1` }],
        },
      ],
    });
    cloud.route('GET', '/internal/compute/v2.1/flavors/detail', (_req, res) =>
      json(res, 200, { flavors: [{ id: 'f' }] }),
    );
    cloud.route('GET', '/volume/v3/p1/volumes/detail', (_req, res) =>
      json(res, 200, { volumes: [{ id: 'v' }] }),
    );
    const conn = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
      interface: ['internal', 'public'],
    });
    expect(await count(conn.compute.flavors())).toBe(1);
    const plain = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
    });
    expect(await count(plain.blockStorage.volumes())).toBe(1);
    await Promise.all([conn.close(), plain.close(), cloud.close()]);
  });

  it('is bypassed by endpointOverride', async () => {
    const cloud = await fakeCloud();
    cloud.route('GET', '/elsewhere/v2.1/flavors/detail', (_req, res) =>
      json(res, 200, { flavors: [{ id: 'f' }, { id: 'g' }] }),
    );
    const conn = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
      endpointOverride: { compute: `${cloud.url}/elsewhere/v2.1` },
    });
    expect(await count(conn.compute.flavors())).toBe(2);
    expect(await conn.compute.endpoint()).toBe(`${cloud.url}/elsewhere/v2.1`);
    await Promise.all([conn.close(), cloud.close()]);
  });

  it('discovers the versioned endpoints of unversioned catalog URLs (300 Multiple Choices)', async () => {
    const conn = admin();
    expect(await conn.identity.endpoint()).toBe(`${sim.authUrl}/v3`);
    expect(await conn.image.endpoint()).toBe(sim.authUrl.replace('/identity', '/image/v2'));
    expect(await conn.network.endpoint()).toBe(sim.authUrl.replace('/identity', '/network/v2.0'));
    expect(await conn.blockStorage.endpoint()).toBe(
      sim.authUrl.replace('/identity', `/volume/v3/${sim.projectId}`),
    );
    expect(await conn.compute.microversion()).toBe('2.96');
    expect(await conn.blockStorage.microversion()).toBe('3.70');
    expect(await conn.image.microversion()).toBeUndefined();
    await conn.close();
  });
});

describe('connect()', () => {
  it("reads a cloud from clouds.yaml as openstacksdk does, with the file's region and interface", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'os-connect-'));
    writeFileSync(join(dir, 'clouds.yaml'), sim.cloudsYaml('sim'));
    const conn = await connect({ cloud: 'sim', configFiles: [join(dir, 'clouds.yaml')], env: {} });
    expect(conn.regionName).toBe('RegionOne');
    expect(await count(conn.compute.servers())).toBe(3);
    await conn.close();
    const other = await connect({
      cloud: 'sim',
      configFiles: [join(dir, 'clouds.yaml')],
      env: {},
      computeDefaultMicroversion: '2.60',
      regionName: 'RegionOne',
    });
    expect(await other.compute.microversion()).toBe('2.60');
    await other.close();
    const error = await failure(() =>
      connect({ cloud: 'nope', configFiles: [join(dir, 'clouds.yaml')], env: {} }),
    );
    expect(error).toBeInstanceOf(ParameterError);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('version discovery through an outage', () => {
  it('fails the call while the service answers 503, and negotiates once it is back', async () => {
    let unavailable = true;
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (unavailable) {
        response.writeHead(503).end('{"message": "down for maintenance"}');
      } else if (request.url?.startsWith('/compute/servers/detail')) {
        response.end(JSON.stringify({ servers: [], servers_links: [] }));
      } else {
        response.end(
          JSON.stringify({ version: { id: 'v2.1', status: 'CURRENT', version: '2.90', min_version: '2.1' } }),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const conn = new Connection({
      authType: 'none',
      auth: {},
      endpointOverride: { compute: `http://127.0.0.1:${port}/compute` },
    });
    try {
      const error = await conn.compute.microversion().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(503);
      unavailable = false;
      expect(await conn.compute.microversion()).toBe('2.90');
    } finally {
      await conn.close();
      server.close();
    }
  });
});
