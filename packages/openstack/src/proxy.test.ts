/**
 * The proxy layer: generated methods built from the tables (arguments in the generator's order,
 * bodies wrapped and answers unwrapped), pagination in every style, microversions, the raw layer,
 * the waits, retries for reads only, and decoding failures.
 */
import { readFileSync } from 'node:fs';
import {
  AbortError,
  type ApiError,
  ConflictError,
  ConnectionError,
  DecodeError,
  NotFoundError,
  ParameterError,
} from '@overcast/runtime';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from '@overcast/simulators/openstack';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { Connection } from './connection.js';
import {
  DuplicateResource,
  HttpError,
  HttpNotFoundError,
  ResourceFailure,
  ResourceTimeout,
} from './errors.js';
import { SERVICES, type ServiceName } from './generated/index.js';
import { splitArgs } from './proxy.js';
import { type FakeCloud, fakeCloud, json } from './test-support/fake-cloud.js';

let sim: RunningOpenStackSimulator;
let conn: Connection;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20, seed: { servers: 25 } });
  conn = new Connection({ auth: { authUrl: sim.authUrl, ...sim.credentials }, regionName: sim.regionName });
});
afterAll(async () => {
  await conn.close();
  await sim.close();
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('generated methods', () => {
  it('take their arguments in the order of every generated signature', () => {
    for (const name of Object.keys(SERVICES) as ServiceName[]) {
      const text = readFileSync(new URL(`./generated/${name}/proxy.ts`, import.meta.url), 'utf8')
        .replace(/\/\*\*[\s\S]*?\*\//g, '')
        .replace(/\(\s*\n\s*/g, '(')
        .replace(/,\s*\n\s*\)/g, ')')
        .replace(/,\n\s*/g, ', ');
      for (const [, method, params = ''] of text.matchAll(/^\s+(\w+)\((.*)\): .*;$/gm)) {
        const row = SERVICES[name].operations[method as string];
        if (row === undefined) continue; // a find
        const names = params
          .split(', ')
          .filter(Boolean)
          .map((param) => /^(\w+)/.exec(param)?.[1]);
        const args = names.map((param) => ({ param }));
        const split = splitArgs(row, args, `${name}.${method}`);
        const tag = (value: unknown) => (value as { param?: string } | undefined)?.param;
        expect(
          {
            path: split.path.map(tag),
            body: tag(split.body),
            query: tag(split.query),
            headers: tag(split.headers),
            options: tag(split.options),
          },
          `${name}.${method}(${params})`,
        ).toEqual({
          path: names.filter((param) => !['body', 'query', 'headers', 'options'].includes(param ?? '')),
          body: names.includes('body') ? 'body' : undefined,
          query: names.includes('query') ? 'query' : undefined,
          headers: names.includes('headers') ? 'headers' : undefined,
          options: 'options',
        });
      }
    }
  });

  it('unwrap the user createUser answers although the spec leaves its answer empty', async () => {
    const user = await conn.identity.createUser({ name: 'proxy-created-user', password: 'secret-1' });
    // Typed as the user (GET /v3/users/{user_id}'s), not the spec's empty `UsersPostResponse`.
    // (the spec makes every field of a user optional, `id` too).
    expectTypeOf(user).toHaveProperty('id');
    expectTypeOf(user.id).toEqualTypeOf<string | undefined>();
    expectTypeOf(user).not.toEqualTypeOf<Record<string, never>>();
    expect(user).toMatchObject({ name: 'proxy-created-user', domain_id: 'default' });
    expect(user).not.toHaveProperty('user');
    const id = user.id ?? '';
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await conn.identity.getUser(id)).name).toBe('proxy-created-user');
    await conn.identity.deleteUser(id);
  });

  it('wrap request bodies, unwrap answers, and send actions', async () => {
    const created = await conn.compute.createServer({
      name: 'gen-1',
      imageRef: (await conn.image.findImage('cirros-0.6.2-x86_64-disk'))?.id ?? '',
      flavorRef: '1',
      networks: 'none',
    });
    const id = (created as { id: string }).id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const server = await conn.compute.waitForServer(created, { interval: 20 });
    expect(server.name).toBe('gen-1');
    await conn.compute.stopServer(id);
    const stopped = await conn.compute.waitForServer(created, { status: 'shutoff', interval: 20 });
    expect(stopped.status).toBe('SHUTOFF');
    const again = await failure(() => conn.compute.stopServer(id));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toBeInstanceOf(HttpError);
    expect((again as ApiError).code).toBe('conflictingRequest');
    const updated = await conn.compute.updateServer(id, { name: 'gen-1b' });
    expect(updated.name).toBe('gen-1b');
    await conn.compute.deleteServer(id);
    await conn.compute.waitForDelete(created, { interval: 20 });
    expect(await failure(() => conn.compute.getServer(id))).toBeInstanceOf(NotFoundError);
  });

  it('find… by id or by name; undefined when none; DuplicateResource when two share the name', async () => {
    const image = (await all(conn.image.images()))[0];
    expect((await conn.image.findImage(image?.id ?? ''))?.name).toBe(image?.name);
    expect((await conn.image.findImage(image?.name ?? ''))?.id).toBe(image?.id);
    expect(await conn.image.findImage('no-such-image')).toBeUndefined();
    expect((await conn.compute.findFlavor('m1.small'))?.name).toBe('m1.small');
    expect((await conn.network.findNetwork('private'))?.name).toBe('private');
    expect((await conn.identity.findProject('admin'))?.name).toBe('admin');
    await conn.image.createImage({ name: 'twin' });
    await conn.image.createImage({ name: 'twin' });
    const error = await failure(() => conn.image.findImage('twin'));
    expect(error).toBeInstanceOf(DuplicateResource);
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('refuse wrong arguments before sending', async () => {
    expect(await failure(() => conn.compute.getServer(''))).toBeInstanceOf(ParameterError);
    expect(await failure(() => conn.compute.getServer('x', 'not options' as never))).toBeInstanceOf(
      ParameterError,
    );
    expect(await failure(() => all(conn.compute.servers('status=ACTIVE' as never)))).toBeInstanceOf(
      ParameterError,
    );
    expect(
      await failure(() => conn.compute.createServer({ name: 'x', flavorRef: '1' }, { retry: 2 })),
    ).toBeInstanceOf(ParameterError);
  });
});

describe('pagination', () => {
  it("Nova's servers_links, with the query parsed back into parameters", async () => {
    sim.requests.reset();
    const servers = await all(conn.compute.servers({ limit: 10, name: 'seed-server' }));
    expect(servers).toHaveLength(25);
    expect(new Set(servers.map((server) => server.id)).size).toBe(25);
    expect(sim.requests.count('GET /compute/v2.1/servers/detail')).toBe(3);
  });

  it("Glance's next, Neutron's links", async () => {
    const images = await all(conn.image.images({ limit: 1 }));
    expect(images.length).toBeGreaterThanOrEqual(3);
    const networks = await all(conn.network.networks({ limit: 1 } as never));
    expect(networks.map((net) => net.name).sort()).toEqual(['private', 'public', 'shared']);
  });

  let cloud: FakeCloud;
  let evil: FakeCloud;
  let fake: Connection;
  beforeAll(async () => {
    cloud = await fakeCloud();
    evil = await fakeCloud();
    fake = new Connection({ auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' } });
  });
  afterAll(async () => {
    await fake.close();
    await cloud.close();
    await evil.close();
  });

  it('the Link header', async () => {
    cloud.route('GET', '/compute/v2.1/flavors/detail', (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const headers: Record<string, string> =
        page < 3 ? { link: `<${cloud.url}/compute/v2.1/flavors/detail?page=${page + 1}>; rel="next"` } : {};
      json(res, 200, { flavors: [{ id: `f${page}` }] }, headers);
    });
    expect((await all(fake.compute.flavors())).map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
  });

  it('the marker, when a limit was given and pages come back full without links', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    cloud.route('GET', '/compute/v2.1/os-keypairs', (_req, res, url) => {
      const marker = url.searchParams.get('marker');
      const limit = Number(url.searchParams.get('limit'));
      const start = marker === null ? 0 : ids.indexOf(marker) + 1;
      json(res, 200, {
        keypairs: ids.slice(start, start + limit).map((id) => ({ keypair: { name: id }, id })),
      });
    });
    expect((await all(fake.compute.keypairs({ limit: 2 }))).length).toBe(5);
  });

  it('a loop: the same next page again is a DecodeError', async () => {
    cloud.route('GET', '/compute/v2.1/os-aggregates', (_req, res) =>
      json(res, 200, {
        aggregates: [{ id: 1 }],
        links: [{ rel: 'next', href: `${cloud.url}/compute/v2.1/os-aggregates?marker=1` }],
      }),
    );
    const error = await failure(() => all(fake.compute.aggregates()));
    expect(error).toBeInstanceOf(DecodeError);
    expect(String(error)).toMatch(/pagination loop/);
  });

  it('a next link to another host: not followed, the token never sent there', async () => {
    evil.route('GET', '/steal', (_req, res) => json(res, 200, { servers: [] }), 'public');
    cloud.route('GET', '/compute/v2.1/servers/detail', (_req, res) =>
      json(res, 200, {
        servers: [{ id: 's1' }],
        servers_links: [{ rel: 'next', href: `${evil.url}/steal?marker=s1` }],
      }),
    );
    const seen: string[] = [];
    const error = await failure(async () => {
      for await (const server of fake.compute.servers()) seen.push(server.id as string);
    });
    expect(seen).toEqual(['s1']);
    expect(error).toBeInstanceOf(HttpError);
    expect(String(error)).toMatch(/not followed/);
    expect(evil.requests).toEqual([]);
  });

  it('an answer without the list, or not JSON, is a DecodeError', async () => {
    cloud.route('GET', '/compute/v2.1/os-availability-zone/detail', (_req, res) =>
      json(res, 200, { nothing: [] }),
    );
    expect(await failure(() => all(fake.compute.availabilityZones()))).toBeInstanceOf(DecodeError);
    cloud.route('GET', '/compute/v2.1/os-services', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"services": [{"id": 1}, ');
    });
    const error = await failure(() => all(fake.compute.services()));
    expect(error).toBeInstanceOf(DecodeError);
    expect(String(error)).toMatch(/is not JSON/);
  });
});

describe('microversions', () => {
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await fakeCloud();
    cloud.route(
      'GET',
      '/compute/v2.1',
      (_req, res) =>
        json(res, 200, { version: { id: 'v2.1', status: 'CURRENT', version: '2.60', min_version: '2.1' } }),
      'public',
    );
    cloud.route('GET', '/compute/v2.1/servers/s1', (_req, res) => json(res, 200, { server: { id: 's1' } }));
  });
  afterAll(() => cloud.close());

  it('are negotiated (the lower maximum) and sent in both headers', async () => {
    const fake = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
    });
    expect(await fake.compute.microversion()).toBe('2.60');
    await fake.compute.getServer('s1');
    expect(cloud.lastHeaders['openstack-api-version']).toBe('compute 2.60');
    expect(cloud.lastHeaders['x-openstack-nova-api-version']).toBe('2.60');
    await fake.compute.getServer('s1', { microversion: '2.53' });
    expect(cloud.lastHeaders['openstack-api-version']).toBe('compute 2.53');
    // lockServer exists from 2.73: this server cannot do it.
    const error = await failure(() => fake.compute.lockServer('s1'));
    expect(error).toBeInstanceOf(ParameterError);
    expect(String(error)).toMatch(/needs microversion 2.73/);
    await fake.close();
  });

  it('per connection, over the negotiated one', async () => {
    const fake = new Connection({
      auth: { authUrl: `${cloud.url}/identity`, username: 'demo', password: 'pw' },
      microversions: { compute: '2.42' },
    });
    await fake.compute.getServer('s1');
    expect(cloud.lastHeaders['openstack-api-version']).toBe('compute 2.42');
    await fake.close();
  });

  it('the simulator echoes what it was sent', async () => {
    const raw = await conn.compute.get('/servers/detail', { microversion: '2.79' });
    expect(raw.headers['openstack-api-version']).toBe('compute 2.79');
    const volumes = await conn.blockStorage.get('/volumes', { microversion: '3.50' });
    expect(volumes.headers['openstack-api-version']).toBe('volume 3.50');
    const fields = await conn.compute.getServer(
      (await all(conn.compute.servers({ name: 'seed-server', limit: 1 })))[0]?.id ?? '',
    );
    expect(fields).toHaveProperty('locked_reason'); // 2.73+: the negotiated 2.96 was sent
  });
});

describe('the raw layer', () => {
  it('get/post/patch/head/delete relative to the versioned endpoint, JSON parsed', async () => {
    const created = await conn.identity.post<{ project: { id: string; name: string } }>('/projects', {
      json: { project: { name: 'raw-project', domain_id: 'default' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.project.name).toBe('raw-project');
    const id = created.body.project.id;
    const patched = await conn.identity.patch<{ project: { description: string } }>(`/projects/${id}`, {
      json: { project: { description: 'patched' } },
    });
    expect(patched.body.project.description).toBe('patched');
    const got = await conn.identity.get<{ project: { id: string } }>(`projects/${id}`);
    expect(got.body.project.id).toBe(id);
    expect(got.headers['x-openstack-request-id']).toMatch(/^req-/);
    const token = await conn.authorize();
    const head = await conn.identity.head('/auth/tokens', { headers: { 'X-Subject-Token': token ?? '' } });
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    const deleted = await conn.identity.delete(`/projects/${id}`);
    expect(deleted.status).toBe(204);
    const missing = await failure(() => conn.identity.get(`/projects/${id}`));
    expect(missing).toBeInstanceOf(HttpNotFoundError);
    const kept = await conn.identity.get<{ error: { code: number } }>(`/projects/${id}`, { raiseExc: false });
    expect(kept.status).toBe(404);
    expect(kept.body.error.code).toBe(404);
    const query = await conn.compute.get<{ servers: unknown[] }>('/servers', { query: { limit: 2 } });
    expect(query.body.servers).toHaveLength(2);
  });

  it('never sends the token to another origin', async () => {
    const error = await failure(() => conn.compute.get('http://evil.example/servers'));
    expect(error).toBeInstanceOf(ParameterError);
    expect(await failure(() => conn.compute.get('/x', { json: {}, data: 'y' }))).toBeInstanceOf(
      ParameterError,
    );
  });
});

describe('waits', () => {
  it('a failure state ends the wait with ResourceFailure carrying the fault', async () => {
    const imageRef = (await conn.image.findImage('cirros-0.6.2-x86_64-disk'))?.id ?? '';
    const server = await conn.compute.createServer({
      name: 'fail-boot',
      flavorRef: '1',
      imageRef,
      networks: 'none',
    });
    const error = await failure(() => conn.compute.waitForServer(server, { interval: 20 }));
    expect(error).toBeInstanceOf(ResourceFailure);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as ResourceFailure).resourceStatus).toBe('ERROR');
    expect((error as ResourceFailure).resourceId).toBe((server as { id: string }).id);
    expect((error as ResourceFailure).serverMessage).toBeTruthy();
    await conn.compute.deleteServer((server as { id: string }).id);
  });

  it('the timeout ends it with ResourceTimeout; the signal with AbortError', async () => {
    const server = (await all(conn.compute.servers({ name: 'seed-server', limit: 1 })))[0] as { id: string };
    const started = performance.now();
    const timeout = await failure(() =>
      conn.compute.waitForStatus(server.id, { status: 'NEVER', interval: 20, timeout: 150 }),
    );
    expect(timeout).toBeInstanceOf(ResourceTimeout);
    expect((timeout as ResourceTimeout).timeoutMs).toBe(150);
    expect((timeout as ResourceTimeout).resourceStatus).toBe('ACTIVE');
    expect(performance.now() - started).toBeLessThan(1000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const aborted = await failure(() =>
      conn.compute.waitForStatus(server.id, { status: 'NEVER', interval: 20, signal: controller.signal }),
    );
    expect(aborted).toBeInstanceOf(AbortError);
  });

  it('returns at once when the resource already has the status, and reports progress', async () => {
    sim.requests.reset();
    const server = (await all(conn.compute.servers({ name: 'seed-server', limit: 1 })))[0] as {
      id: string;
      status: string;
    };
    expect(await conn.compute.waitForStatus(server, { status: 'active' })).toBe(server);
    expect(sim.requests.count('GET /compute/v2.1/servers/{id}')).toBe(0);
    const progress: number[] = [];
    const volume = await conn.blockStorage.createVolume({ size: 1, name: 'wait-volume' });
    const ready = await conn.blockStorage.waitForStatus(volume, {
      status: 'available',
      interval: 5,
      callback: (value) => progress.push(value),
    });
    expect(ready.status).toBe('available');
  });

  it('needs a fetch where the service has no main resource', async () => {
    expect(await failure(() => conn.network.waitForStatus('x', { status: 'ACTIVE' }))).toBeInstanceOf(
      ParameterError,
    );
    const net = (await all(conn.network.networks({ name: 'private' })))[0] as { id: string };
    const found = await conn.network.waitForStatus(net.id, {
      status: 'ACTIVE',
      fetch: (id, options) => conn.network.getNetwork(id, options),
    });
    expect(found.name).toBe('private');
  });
});

describe('retries', () => {
  it('reads are retried through 503s when allowed; writes are sent once', async () => {
    const retrying = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials },
      retry: { retries: 3, minDelay: 5, maxDelay: 20 },
    });
    await retrying.compute.endpoint();
    sim.faults.add({ kind: 'error', status: 503, times: 2, when: (r) => r.path.endsWith('/flavors/detail') });
    sim.requests.reset();
    expect((await all(retrying.compute.flavors())).length).toBeGreaterThan(0);
    expect(sim.requests.count('GET /compute/v2.1/flavors/detail')).toBe(3);
    sim.faults.add({
      kind: 'error',
      status: 503,
      times: 1,
      when: (r) => r.method === 'POST' && r.path.endsWith('/servers'),
    });
    sim.requests.reset();
    const error = await failure(() =>
      retrying.compute.createServer({ name: 'once', flavorRef: '1', networks: 'none' }),
    );
    expect((error as ApiError).status).toBe(503);
    expect(sim.requests.count('POST /compute/v2.1/servers')).toBe(1);
    sim.faults.add({ kind: 'truncate', times: 1, when: (r) => r.path.endsWith('/flavors/detail') });
    expect(await failure(() => all(conn.compute.flavors()))).toBeInstanceOf(ConnectionError);
    await retrying.close();
  });
});
