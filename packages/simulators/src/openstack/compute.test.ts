import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, poll, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

let sim: RunningOpenStackSimulator;
let token: string;
let imageId: string;
let privateNet: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20 });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

async function setup(): Promise<void> {
  token = await projectToken(sim);
  imageId = (await call(sim, 'GET', '/image/v2/images?name=cirros-0.6.2-x86_64-disk', { token })).json
    .images[0].id;
  privateNet = (await call(sim, 'GET', '/network/v2.0/networks?name=private', { token })).json.networks[0].id;
}

function nova(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(sim, method, `/compute/v2.1${path}`, {
    token,
    ...(body === undefined ? {} : { body }),
    headers,
  });
}

async function createServer(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await nova('POST', '/servers', {
    server: { name, imageRef: imageId, flavorRef: '1', networks: [{ uuid: privateNet }], ...extra },
  });
  if (answer.status !== 202) throw new Error(`create failed: ${answer.status} ${answer.text}`);
  return answer.json.server.id;
}

function waitForStatus(id: string, status: string): Promise<Answer> {
  return poll(
    () => nova('GET', `/servers/${id}`),
    (answer) => answer.json?.server?.status === status,
  );
}

describe('Nova version discovery and microversions', () => {
  it('lists v2.0 and v2.1 (2.1–2.96) at /compute/ and describes v2.1 at /compute/v2.1/, without a token', async () => {
    const root = await call(sim, 'GET', '/compute/');
    expect(root.status).toBe(200);
    expect(root.json.versions).toEqual([
      expect.objectContaining({ id: 'v2.0', status: 'SUPPORTED' }),
      expect.objectContaining({
        id: 'v2.1',
        status: 'CURRENT',
        version: '2.96',
        min_version: '2.1',
        links: [{ rel: 'self', href: `${sim.url}/compute/v2.1/` }],
      }),
    ]);
    const v21 = await call(sim, 'GET', '/compute/v2.1/');
    expect(v21.json.version).toMatchObject({ id: 'v2.1', version: '2.96', min_version: '2.1' });
  });

  it('echoes the microversion in both headers, defaults to 2.1, takes latest, and refuses others', async () => {
    await setup();
    const plain = await nova('GET', '/flavors');
    expect(plain.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect(plain.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    expect(plain.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    expect(plain.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(plain.headers.get('x-compute-request-id')).toBe(plain.headers.get('x-openstack-request-id'));

    const modern = await nova('GET', '/flavors', undefined, { 'OpenStack-API-Version': 'compute 2.60' });
    expect(modern.headers.get('openstack-api-version')).toBe('compute 2.60');
    const legacy = await nova('GET', '/flavors', undefined, { 'X-OpenStack-Nova-API-Version': '2.20' });
    expect(legacy.headers.get('x-openstack-nova-api-version')).toBe('2.20');
    const both = await nova('GET', '/flavors', undefined, {
      'OpenStack-API-Version': 'volume 3.5, compute 2.30',
      'X-OpenStack-Nova-API-Version': '2.20',
    });
    expect(both.headers.get('openstack-api-version')).toBe('compute 2.30');
    const latest = await nova('GET', '/flavors', undefined, { 'OpenStack-API-Version': 'compute latest' });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.96');

    const tooNew = await nova('GET', '/flavors', undefined, { 'OpenStack-API-Version': 'compute 2.97' });
    expect(tooNew.status).toBe(406);
    expect(tooNew.json).toEqual({
      computeFault: {
        code: 406,
        message: 'Version 2.97 is not supported by the API. Minimum is 2.1 and maximum is 2.96.',
      },
    });
    const tooOld = await nova('GET', '/flavors', undefined, { 'X-OpenStack-Nova-API-Version': '2.0' });
    expect(tooOld.status).toBe(406);
    const malformed = await nova('GET', '/flavors', undefined, { 'OpenStack-API-Version': 'compute 2.x' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.badRequest.message).toBe(
      'API Version String 2.x is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });
});

describe('flavors', () => {
  it('lists devstack flavors, with detail, paging links and microversion fields', async () => {
    await setup();
    const list = await nova('GET', '/flavors');
    expect(list.json.flavors[0]).toEqual({
      id: '1',
      name: 'm1.tiny',
      links: [
        { rel: 'self', href: `${sim.url}/compute/v2.1/flavors/1` },
        { rel: 'bookmark', href: `${sim.url}/compute/flavors/1` },
      ],
    });
    const detail = await nova('GET', '/flavors/detail?minRam=2048');
    expect(detail.json.flavors.map((f: { name: string }) => f.name)).toEqual([
      'm1.small',
      'm1.medium',
      'm1.large',
      'm1.xlarge',
      'ds2G',
      'ds4G',
    ]);
    expect(detail.json.flavors[0]).toMatchObject({
      ram: 2048,
      vcpus: 1,
      disk: 20,
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
    });
    const modern = await nova('GET', '/flavors/2', undefined, { 'OpenStack-API-Version': 'compute 2.75' });
    expect(modern.json.flavor).toMatchObject({ swap: 0, description: null, extra_specs: {} });

    const page = await nova('GET', '/flavors?limit=2');
    expect(page.json.flavors).toHaveLength(2);
    expect(page.json.flavors_links).toEqual([
      { rel: 'next', href: `${sim.url}/compute/v2.1/flavors?limit=2&marker=2` },
    ]);
    const missing = await nova('GET', '/flavors/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ itemNotFound: { code: 404, message: 'Flavor nope could not be found.' } });
  });
});

describe('servers', () => {
  it('creates a server in BUILD that becomes ACTIVE with an address from Neutron', async () => {
    await setup();
    const answer = await nova('POST', '/servers', {
      server: {
        name: 'web-1',
        imageRef: imageId,
        flavorRef: '1',
        networks: [{ uuid: privateNet }],
        metadata: { role: 'web' },
      },
    });
    expect(answer.status).toBe(202);
    const id = answer.json.server.id;
    expect(answer.json.server).toMatchObject({
      'OS-DCF:diskConfig': 'MANUAL',
      security_groups: [{ name: 'default' }],
      links: expect.any(Array),
    });
    expect(answer.json.server.adminPass).toEqual(expect.any(String));
    expect(answer.headers.get('location')).toBe(`${sim.url}/compute/v2.1/servers/${id}`);

    const building = await nova('GET', `/servers/${id}`);
    expect(building.json.server).toMatchObject({
      status: 'BUILD',
      'OS-EXT-STS:vm_state': 'building',
      'OS-EXT-STS:power_state': 0,
      progress: 0,
    });
    const active = await waitForStatus(id, 'ACTIVE');
    const server = active.json.server;
    expect(server).toMatchObject({
      name: 'web-1',
      tenant_id: sim.projectId,
      user_id: sim.userId,
      metadata: { role: 'web' },
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': 1,
      image: { id: imageId },
      flavor: { id: '1' },
    });
    expect(server.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(server.hostId).toMatch(/^[0-9a-f]{56}$/);
    expect(server.addresses.private).toEqual([
      expect.objectContaining({
        version: 4,
        addr: expect.stringMatching(/^10\.0\.0\.\d+$/),
        'OS-EXT-IPS:type': 'fixed',
      }),
    ]);
    const ports = await call(sim, 'GET', `/network/v2.0/ports?device_id=${id}`, { token });
    expect(ports.json.ports).toEqual([
      expect.objectContaining({ status: 'ACTIVE', device_owner: 'compute:nova' }),
    ]);
  });

  it('shapes fields by microversion: flavor as a link before 2.47 and embedded after', async () => {
    await setup();
    const id = await createServer('mv');
    const old = await nova('GET', `/servers/${id}`, undefined, { 'OpenStack-API-Version': 'compute 2.46' });
    expect(old.json.server.flavor).toEqual({
      id: '1',
      links: [{ rel: 'bookmark', href: `${sim.url}/compute/flavors/1` }],
    });
    expect(old.json.server).toHaveProperty('locked', false);
    expect(old.json.server).not.toHaveProperty('locked_reason');
    const modern = await nova('GET', `/servers/${id}`, undefined, {
      'OpenStack-API-Version': 'compute 2.96',
    });
    expect(modern.json.server.flavor).toEqual({
      vcpus: 1,
      ram: 512,
      disk: 1,
      ephemeral: 0,
      swap: 0,
      original_name: 'm1.tiny',
      extra_specs: {},
    });
    expect(modern.json.server).toMatchObject({
      locked_reason: null,
      tags: [],
      description: null,
      pinned_availability_zone: null,
    });
    const base = await nova('GET', `/servers/${id}`);
    expect(base.json.server).not.toHaveProperty('locked');
  });

  it('needs networks from 2.37 on, and answers bad references with Nova’s 400', async () => {
    await setup();
    const noNetworks = await nova(
      'POST',
      '/servers',
      { server: { name: 'x', imageRef: imageId, flavorRef: '1' } },
      { 'OpenStack-API-Version': 'compute 2.37' },
    );
    expect(noNetworks.status).toBe(400);
    expect(noNetworks.json.badRequest.message).toContain("'networks' is a required property");
    const badFlavor = await nova('POST', '/servers', {
      server: { name: 'x', imageRef: imageId, flavorRef: '99', networks: 'none' },
    });
    expect(badFlavor.json).toEqual({ badRequest: { code: 400, message: 'Flavor 99 could not be found.' } });
    const badImage = await nova('POST', '/servers', {
      server: { name: 'x', imageRef: 'nope', flavorRef: '1', networks: 'none' },
    });
    expect(badImage.json.badRequest.message).toBe('Image nope could not be found.');
    const auto = await nova('POST', '/servers', {
      server: { name: 'auto', imageRef: imageId, flavorRef: '1', networks: 'auto' },
    });
    expect(auto.status).toBe(202);
  });

  it('lists with filters (status, name as a regular expression), newest first, and pages with servers_links', async () => {
    await setup();
    const ids: string[] = [];
    for (const name of ['alpha-1', 'alpha-2', 'beta-1', 'alpha-3', 'gamma'])
      ids.push(await createServer(name));
    await waitForStatus(ids[4] as string, 'ACTIVE');
    await nova('POST', `/servers/${ids[1]}/action`, { 'os-stop': null });
    await waitForStatus(ids[1] as string, 'SHUTOFF');

    const all = await nova('GET', '/servers/detail');
    expect(all.json.servers.map((s: { name: string }) => s.name)).toEqual([
      'gamma',
      'alpha-3',
      'beta-1',
      'alpha-2',
      'alpha-1',
    ]);
    expect(all.json).not.toHaveProperty('servers_links');
    const regex = await nova('GET', '/servers?name=^alpha-[12]$');
    expect(regex.json.servers.map((s: { name: string }) => s.name)).toEqual(['alpha-2', 'alpha-1']);
    expect(regex.json.servers[0]).toEqual({ id: ids[1], name: 'alpha-2', links: expect.any(Array) });
    const anywhere = await nova('GET', '/servers?name=ph');
    expect(anywhere.json.servers).toHaveLength(3);
    const shutoff = await nova('GET', '/servers/detail?status=shutoff');
    expect(shutoff.json.servers.map((s: { id: string }) => s.id)).toEqual([ids[1]]);

    const names: string[] = [];
    let path = '/servers/detail?limit=2&name=a';
    for (let pages = 0; pages < 5; pages++) {
      const page = await nova('GET', path);
      names.push(...page.json.servers.map((s: { name: string }) => s.name));
      const next = page.json.servers_links?.find((l: { rel: string }) => l.rel === 'next')?.href;
      if (next === undefined) break;
      expect(next).toMatch(new RegExp(`^${sim.url}/compute/v2\\.1/servers/detail\\?limit=2&name=a&marker=`));
      path = next.slice(`${sim.url}/compute/v2.1`.length);
    }
    expect(names).toEqual(['gamma', 'alpha-3', 'beta-1', 'alpha-2', 'alpha-1']);
    const badMarker = await nova('GET', '/servers?marker=nope');
    expect(badMarker.json).toEqual({ badRequest: { code: 400, message: 'marker [nope] not found' } });
  });

  it('moves through actions: stop → SHUTOFF, start → ACTIVE, reboot → REBOOT → ACTIVE, pause, suspend', async () => {
    await setup();
    const id = await createServer('actions');
    await waitForStatus(id, 'ACTIVE');
    const act = (body: unknown) => nova('POST', `/servers/${id}/action`, body);

    expect((await act({ 'os-stop': null })).status).toBe(202);
    const stopping = await nova('GET', `/servers/${id}`);
    expect(stopping.json.server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': 'powering-off' });
    const stopped = await waitForStatus(id, 'SHUTOFF');
    expect(stopped.json.server).toMatchObject({
      'OS-EXT-STS:vm_state': 'stopped',
      'OS-EXT-STS:power_state': 4,
    });

    const again = await act({ 'os-stop': null });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({
      conflictingRequest: {
        code: 409,
        message: `Cannot 'stop' instance ${id} while it is in vm_state stopped`,
      },
    });
    expect((await act({ 'os-start': null })).status).toBe(202);
    await waitForStatus(id, 'ACTIVE');
    expect((await act({ reboot: { type: 'HARD' } })).status).toBe(202);
    expect((await nova('GET', `/servers/${id}`)).json.server.status).toBe('HARD_REBOOT');
    await waitForStatus(id, 'ACTIVE');
    expect((await act({ reboot: { type: 'SOFT' } })).status).toBe(202);
    expect((await nova('GET', `/servers/${id}`)).json.server.status).toBe('REBOOT');
    await waitForStatus(id, 'ACTIVE');
    expect((await act({ pause: null })).status).toBe(202);
    await waitForStatus(id, 'PAUSED');
    expect((await act({ unpause: null })).status).toBe(202);
    await waitForStatus(id, 'ACTIVE');
    expect((await act({ suspend: null })).status).toBe(202);
    await waitForStatus(id, 'SUSPENDED');
    expect((await act({ resume: null })).status).toBe(202);
    await waitForStatus(id, 'ACTIVE');
    const unknown = await act({ fly: null });
    expect(unknown.json).toEqual({ badRequest: { code: 400, message: 'There is no such action: fly' } });

    expect(sim.requests.count(`POST /compute/v2.1/servers/{id}/action (os-stop)`)).toBe(2);
    expect(sim.requests.count(/^POST \/compute\/v2\.1\/servers\/\{id\}\/action/)).toBe(10);
  });

  it('refuses actions on a locked server for a non-admin (409), and resizes with confirmation', async () => {
    await setup();
    const id = await createServer('lockable');
    await waitForStatus(id, 'ACTIVE');
    await nova(
      'POST',
      `/servers/${id}/action`,
      { lock: { locked_reason: 'maintenance' } },
      { 'OpenStack-API-Version': 'compute 2.73' },
    );
    const shown = await nova('GET', `/servers/${id}`, undefined, { 'OpenStack-API-Version': 'compute 2.73' });
    expect(shown.json.server).toMatchObject({ locked: true, locked_reason: 'maintenance' });
    expect((await nova('POST', `/servers/${id}/action`, { unlock: null })).status).toBe(202);

    expect((await nova('POST', `/servers/${id}/action`, { resize: { flavorRef: '2' } })).status).toBe(202);
    const resized = await waitForStatus(id, 'VERIFY_RESIZE');
    expect(resized.json.server.flavor.id).toBe('2');
    expect((await nova('POST', `/servers/${id}/action`, { confirmResize: null })).status).toBe(204);
    expect((await nova('GET', `/servers/${id}`)).json.server.status).toBe('ACTIVE');
  });

  it('deletes: task deleting, then 404 as Nova’s itemNotFound, and the port is gone', async () => {
    await setup();
    const id = await createServer('doomed');
    expect((await nova('DELETE', `/servers/${id}`)).status).toBe(204);
    const deleting = await nova('GET', `/servers/${id}`);
    expect(deleting.json.server['OS-EXT-STS:task_state']).toBe('deleting');
    const gone = await poll(
      () => nova('GET', `/servers/${id}`),
      (answer) => answer.status === 404,
    );
    expect(gone.json).toEqual({ itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
    expect((await call(sim, 'GET', `/network/v2.0/ports?device_id=${id}`, { token })).json.ports).toEqual([]);
    const deleted = await nova('GET', '/servers/detail?deleted=true');
    expect(deleted.json.servers).toEqual([expect.objectContaining({ id, status: 'DELETED' })]);
  });

  it('a server whose name starts with fail- ends in ERROR with a fault', async () => {
    await setup();
    const id = await createServer('fail-me');
    const failed = await waitForStatus(id, 'ERROR');
    expect(failed.json.server.fault).toMatchObject({
      code: 500,
      message: 'No valid host was found. There are not enough hosts available.',
    });
  });

  it('snapshots a server into Glance with createImage (image_id from 2.45, Location before)', async () => {
    await setup();
    const id = await createServer('snap');
    await waitForStatus(id, 'ACTIVE');
    const modern = await nova(
      'POST',
      `/servers/${id}/action`,
      { createImage: { name: 'snap-1' } },
      { 'OpenStack-API-Version': 'compute 2.45' },
    );
    expect(modern.status).toBe(202);
    const imageIdOf = modern.json.image_id;
    const legacy = await nova('POST', `/servers/${id}/action`, { createImage: { name: 'snap-2' } });
    expect(legacy.headers.get('location')).toMatch(new RegExp(`^${sim.url}/image/v2/images/[0-9a-f-]{36}$`));
    const image = await poll(
      () => call(sim, 'GET', `/image/v2/images/${imageIdOf}`, { token }),
      (answer) => answer.json?.status === 'active',
    );
    expect(image.json).toMatchObject({ name: 'snap-1', image_type: 'snapshot', instance_uuid: id });
  });

  it('manages key pairs, and a server may name one', async () => {
    await setup();
    const created = await nova(
      'POST',
      '/os-keypairs',
      { keypair: { name: 'mykey' } },
      { 'OpenStack-API-Version': 'compute 2.10' },
    );
    expect(created.status).toBe(201);
    expect(created.json.keypair).toMatchObject({
      name: 'mykey',
      type: 'ssh',
      private_key: expect.stringContaining('PRIVATE KEY'),
    });
    expect((await nova('GET', '/os-keypairs')).json.keypairs).toEqual([
      { keypair: expect.objectContaining({ name: 'mykey' }) },
    ]);
    const id = await createServer('keyed', { key_name: 'mykey' });
    expect((await nova('GET', `/servers/${id}`)).json.server.key_name).toBe('mykey');
    const bad = await nova('POST', '/servers', {
      server: { name: 'x', imageRef: imageId, flavorRef: '1', networks: 'none', key_name: 'nope' },
    });
    expect(bad.json.badRequest.message).toBe('Invalid key_name provided.');
    expect((await nova('DELETE', '/os-keypairs/mykey')).status).toBe(202);
  });

  it('answers an unknown path with 404 and a wrong method with 405, as Nova faults', async () => {
    await setup();
    const unknown = await nova('GET', '/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.json.itemNotFound.code).toBe(404);
    const method = await nova('PATCH', '/servers');
    expect(method.status).toBe(405);
  });
});
