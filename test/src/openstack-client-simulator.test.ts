/**
 * @overcast/openstack (the built package) end to end against the OpenStack simulator: connect from
 * clouds.yaml and OS_* variables, every service and both regions, the auth methods and scopes,
 * a large paged listing, microversions, waits, the raw layer, image data both ways, and faults
 * (503s, dropped connections, truncated and undecodable answers) — every failure typed, no secret
 * in any error view.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiError,
  AuthError,
  ConflictError,
  Connection,
  ConnectionError,
  connect,
  EndpointNotFound,
  HttpError,
  NotFoundError,
  PermissionError,
  ResourceFailure,
  ResourceTimeout,
} from '@overcast/openstack';
import { errorViews } from '@overcast/runtime';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: RunningOpenStackSimulator;
let conn: Connection;
let work: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20, seed: { servers: 2500 } });
  work = mkdtempSync(join(tmpdir(), 'openstack-e2e-'));
  writeFileSync(join(work, 'clouds.yaml'), sim.cloudsYaml('e2e'));
  conn = await connect({ cloud: 'e2e', configFiles: [join(work, 'clouds.yaml')], env: {} });
});
afterAll(async () => {
  await conn.close();
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

function clean(error: unknown, secrets: readonly string[]): void {
  for (const view of errorViews(error)) for (const secret of secrets) expect(view).not.toContain(secret);
}

describe('connecting', () => {
  it('from OS_* variables (the envvars cloud), as openstacksdk', async () => {
    const { credentials } = sim;
    const fromEnv = await connect({
      loadYamlConfig: false,
      env: {
        OS_AUTH_URL: sim.authUrl,
        OS_USERNAME: credentials.username,
        OS_PASSWORD: credentials.password,
        OS_PROJECT_NAME: credentials.projectName,
        OS_USER_DOMAIN_NAME: credentials.userDomainName,
        OS_PROJECT_DOMAIN_NAME: credentials.projectDomainName,
        OS_REGION_NAME: 'RegionTwo',
      },
    });
    expect(fromEnv.regionName).toBe('RegionTwo');
    expect(await fromEnv.compute.endpoint()).toMatch(/\/RegionTwo\/compute\/v2\.1$/);
    await fromEnv.close();
  });

  it('with every auth method, and each scope gets its catalog', async () => {
    const { projectName: _p, projectDomainName: _d, regionName: _r, ...user } = sim.credentials;
    const appCred = new Connection({
      auth: {
        authUrl: sim.authUrl,
        applicationCredentialId: sim.applicationCredential.id,
        applicationCredentialSecret: sim.applicationCredential.secret,
      },
    });
    expect((await appCred.access())?.project?.id).toBe(sim.projectId);
    const token = new Connection({
      auth: { authUrl: sim.authUrl, token: await conn.authorize(), projectId: sim.projectId },
    });
    expect((await token.access())?.methods).toContain('token');
    const domain = new Connection({ auth: { authUrl: sim.authUrl, ...user, domainName: 'Default' } });
    expect((await domain.access())?.domain?.name).toBe('Default');
    expect(await failure(() => domain.blockStorage.endpoint())).toBeInstanceOf(EndpointNotFound);
    const system = new Connection({ auth: { authUrl: sim.authUrl, ...user, systemScope: 'all' } });
    expect((await system.access())?.system).toEqual({ all: true });
    await Promise.all([appCred.close(), token.close(), domain.close(), system.close()]);
  });

  it('a wrong password or application credential secret: AuthError, no secret shown', async () => {
    const wrong = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials, password: 'e2e-wrong-pass-31' },
    });
    const error = await failure(() => wrong.authorize());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(HttpError);
    clean(error, ['e2e-wrong-pass-31', sim.credentials.password]);
    await wrong.close();
  });
});

describe('every service', () => {
  it('lists 2,500 servers over three pages of 1,000 with one token and one discovery', async () => {
    const fresh = new Connection({ auth: { authUrl: sim.authUrl, ...sim.credentials } });
    sim.requests.reset();
    const servers = await all(fresh.compute.servers({ limit: 1000 }));
    expect(servers).toHaveLength(2500);
    expect(new Set(servers.map((server) => server.id)).size).toBe(2500);
    expect(sim.requests.count('GET /compute/v2.1/servers/detail')).toBe(3);
    expect(sim.requests.count('POST /identity/v3/auth/tokens')).toBe(1);
    await fresh.close();
  });

  it('identity, network, block storage and image through their proxies', async () => {
    const project = await conn.identity.createProject({ name: 'e2e-project', domain_id: 'default' });
    expect((await conn.identity.findProject('e2e-project'))?.id).toBe(project.id);
    await conn.identity.deleteProject(project.id ?? '');
    const net = await conn.network.createNetwork({ name: 'e2e-net' });
    const subnet = await conn.network.createSubnet({
      network_id: net.id ?? '',
      cidr: '10.9.0.0/24',
      ip_version: 4,
      name: 'e2e-subnet',
    });
    expect(subnet.cidr).toBe('10.9.0.0/24');
    const inUse = await failure(() =>
      conn.network.createSubnet({ network_id: net.id ?? '', cidr: '10.9.0.0/24', ip_version: 4 }),
    );
    expect(inUse).toBeInstanceOf(HttpError);
    await conn.network.deleteSubnet(subnet.id ?? '');
    await conn.network.deleteNetwork(net.id ?? '');
    expect(await failure(() => conn.network.getNetwork(net.id ?? ''))).toBeInstanceOf(NotFoundError);
    const volume = await conn.blockStorage.createVolume({ size: 1, name: 'e2e-volume' });
    const ready = await conn.blockStorage.waitForStatus(volume, { status: 'available', interval: 20 });
    expect(ready.status).toBe('available');
    await conn.blockStorage.extendVolume(volume.id ?? '', { new_size: 2 });
    const extended = await conn.blockStorage.waitForStatus(volume, { status: 'available', interval: 20 });
    expect(extended.size).toBe(2);
    await conn.blockStorage.deleteVolume(volume.id ?? '');
    await conn.blockStorage.waitForDelete(volume, { interval: 20 });
  });

  it('microversions: negotiated, per call, and what the answer holds follows them', async () => {
    expect(await conn.compute.microversion()).toBe('2.96');
    const [server] = await all(conn.compute.servers({ limit: 1 }));
    const id = server?.id ?? '';
    expect(await conn.compute.getServer(id)).toHaveProperty('pinned_availability_zone');
    expect(await conn.compute.getServer(id, { microversion: '2.1' })).not.toHaveProperty('locked');
    const old = await conn.compute.get<{ server: { flavor: { id?: string } } }>(`/servers/${id}`, {
      microversion: '2.46',
    });
    expect(old.body.server.flavor.id).toBeDefined();
    const refused = await failure(() => conn.compute.getServer(id, { microversion: '2.999' }));
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as ApiError).status).toBe(406);
  });

  it('waits end with ResourceFailure, ResourceTimeout, or the status', async () => {
    const image = await conn.image.findImage('cirros-0.6.2-x86_64-disk');
    const failing = await conn.compute.createServer({
      name: 'fail-e2e',
      imageRef: image?.id ?? '',
      flavorRef: '1',
      networks: 'none',
    });
    const failed = await failure(() => conn.compute.waitForServer(failing, { interval: 20 }));
    expect(failed).toBeInstanceOf(ResourceFailure);
    expect(failed).toBeInstanceOf(ConflictError);
    const timedOut = await failure(() =>
      conn.compute.waitForServer(failing, { status: 'SHUTOFF', failures: [], interval: 20, timeout: 100 }),
    );
    expect(timedOut).toBeInstanceOf(ResourceTimeout);
    expect(await conn.deleteServer(failing, { wait: true, interval: 20 })).toBe(true);
  });

  it('image data both ways, streamed', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const file = join(work, 'disk.qcow2');
    writeFileSync(file, data);
    const image = await conn.createImage({ name: 'e2e-image', filename: file, wait: true, interval: 20 });
    expect(image.checksum).toBe(createHash('md5').update(data).digest('hex'));
    const hash = createHash('md5');
    for await (const chunk of await conn.image.downloadImageFile(image.id ?? '')) hash.update(chunk);
    expect(hash.digest('hex')).toBe(image.checksum);
    await conn.image.deleteImage(image.id ?? '');
  });

  it('403 for a member is a PermissionError', async () => {
    const demo = new Connection({ auth: { authUrl: sim.authUrl, ...sim.demoUser } });
    expect(await failure(() => all(demo.identity.users()))).toBeInstanceOf(PermissionError);
    await demo.close();
  });
});

describe('faults', () => {
  it('reads retried through 503s and dropped connections; the re-authentication after an expiry', async () => {
    const retrying = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials },
      retry: { retries: 3, minDelay: 10, maxDelay: 40 },
    });
    await retrying.compute.endpoint();
    const isFlavors = (r: { path: string }) => r.path === '/compute/v2.1/flavors/detail';
    sim.faults.add({ kind: 'error', status: 503, times: 1, when: isFlavors });
    sim.faults.add({ kind: 'drop', times: 1, when: isFlavors });
    sim.expireTokens();
    expect((await all(retrying.compute.flavors())).length).toBeGreaterThan(5);
    await retrying.close();
  });

  it('a truncated answer is a ConnectionError that says the answer was cut', async () => {
    const isFlavors = (r: { path: string }) => r.path === '/compute/v2.1/flavors/detail';
    sim.faults.add({ kind: 'truncate', times: 1, when: isFlavors });
    const cut = await failure(() => all(conn.compute.flavors()));
    expect(cut).toBeInstanceOf(ConnectionError);
    expect((cut as ConnectionError).stage).toBe('response');
  });
});
