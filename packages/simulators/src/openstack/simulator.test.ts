import { afterEach, describe, expect, it } from 'vitest';
import { findSimulator } from '../registry.js';
import '../providers.js';
import { call, issue, passwordAuth, poll, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

const started: RunningOpenStackSimulator[] = [];

async function start(
  options: Parameters<typeof startOpenStackSimulator>[0] = {},
): Promise<RunningOpenStackSimulator> {
  const sim = await startOpenStackSimulator(options);
  started.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

describe('the OpenStack simulator on the kit', () => {
  it('has the uniform fields: endpoint = auth URL, apiPath, credentials, transitionMs', async () => {
    const sim = await start({ transitionMs: 7 });
    expect(sim.name).toBe('openstack');
    expect(sim.apiPath).toBe('/identity');
    expect(sim.endpoint).toBe(`${sim.url}/identity`);
    expect(sim.authUrl).toBe(sim.endpoint);
    expect(sim.credentials).toEqual({
      username: 'admin',
      password: 'overcast-simulator-password',
      projectName: 'admin',
      userDomainName: 'Default',
      projectDomainName: 'Default',
      regionName: 'RegionOne',
    });
    expect(Object.isFrozen(sim.credentials)).toBe(true);
    expect(sim.transitionMs).toBe(7);
    expect(sim.regionName).toBe('RegionOne');
    expect(sim.regions).toEqual(['RegionOne', 'RegionTwo']);
    expect(sim.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.applicationCredential).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'overcast-simulator',
      secret: 'overcast-simulator-application-credential-secret',
    });
    expect(sim.cloudsYaml('mine')).toBe(
      [
        'clouds:',
        '  "mine":',
        '    auth:',
        `      auth_url: "${sim.url}/identity"`,
        '      username: "admin"',
        '      password: "overcast-simulator-password"',
        '      project_name: "admin"',
        '      user_domain_name: "Default"',
        '      project_domain_name: "Default"',
        '    region_name: "RegionOne"',
        '    interface: public',
        '    identity_api_version: 3',
        '',
      ].join('\n'),
    );
  });

  it('accepts its own credentials (several users, another domain) and refuses malformed ones', async () => {
    const sim = await start({
      credentials: [
        {
          username: 'ops',
          password: 'pw1',
          projectName: 'prod',
          userDomainName: 'Corp',
          projectDomainName: 'Corp',
        },
        {
          username: 'dev',
          password: 'pw2',
          projectName: 'dev',
          userDomainName: 'Default',
          projectDomainName: 'Default',
        },
      ],
    });
    expect(sim.credentials.username).toBe('ops');
    const ops = await issue(
      sim,
      passwordAuth(
        { username: 'ops', password: 'pw1', userDomainName: 'Corp' },
        { project: { name: 'prod', domain: { name: 'Corp' } } },
      ),
    );
    expect(ops.answer.json.token.project.domain.name).toBe('Corp');
    await issue(
      sim,
      passwordAuth(
        { username: 'dev', password: 'pw2' },
        { project: { name: 'dev', domain: { name: 'Default' } } },
      ),
    );
    const old = await call(sim, 'POST', '/identity/v3/auth/tokens', {
      body: passwordAuth({ username: 'admin', password: 'overcast-simulator-password' }),
    });
    expect(old.status).toBe(401);

    await expect(
      startOpenStackSimulator({
        credentials: {
          username: '',
          password: 'x',
          projectName: 'p',
          userDomainName: 'D',
          projectDomainName: 'D',
        },
      }),
    ).rejects.toThrow('an OpenStack simulator credential needs a non-empty username');
    await expect(startOpenStackSimulator({ regions: [] })).rejects.toThrow('at least one region');
    await expect(startOpenStackSimulator({ tokenLifetimeMs: 0 })).rejects.toThrow('tokenLifetimeMs');
  });

  it('counts requests as METHOD /<service><spec path template>', async () => {
    const sim = await start();
    const token = await projectToken(sim);
    await call(sim, 'GET', '/compute/v2.1/servers/detail', { token });
    await call(sim, 'GET', '/compute/v2.1/servers/00000000-0000-0000-0000-000000000000', { token });
    await call(sim, 'POST', '/compute/v2.1/servers/00000000-0000-0000-0000-000000000000/action', {
      token,
      body: { 'os-start': null },
    });
    await call(sim, 'GET', `/volume/v3/${sim.projectId}/volumes/detail`, { token });
    await call(sim, 'GET', '/image/v2/images', { token });
    await call(sim, 'GET', '/RegionTwo/network/v2.0/networks', { token });
    await call(sim, 'GET', '/nowhere');
    expect(sim.requests.byOperation()).toEqual({
      'POST /identity/v3/auth/tokens': 1,
      'GET /compute/v2.1/servers/detail': 1,
      'GET /compute/v2.1/servers/{id}': 1,
      'POST /compute/v2.1/servers/{id}/action (os-start)': 1,
      'GET /volume/v3/{project_id}/volumes/detail': 1,
      'GET /image/v2/images': 1,
      'GET /RegionTwo/network/v2.0/networks': 1,
      'GET /nowhere': 1,
    });
  });

  it('injects faults and latency like every kit simulator, and a write is counted once', async () => {
    const sim = await start({ latency: 5 });
    const token = await projectToken(sim);
    sim.faults.add({ kind: 'error', status: 503, times: 2, when: (r) => r.path.startsWith('/compute/') });
    expect((await call(sim, 'GET', '/compute/v2.1/flavors', { token })).status).toBe(503);
    expect((await call(sim, 'GET', '/compute/v2.1/flavors', { token })).status).toBe(503);
    expect((await call(sim, 'GET', '/compute/v2.1/flavors', { token })).status).toBe(200);
    expect(sim.faults.injected.error).toBe(2);
    expect(sim.requests.count('GET /compute/v2.1/flavors')).toBe(3);

    sim.faults.add({ kind: 'drop', times: 1 });
    await expect(
      call(sim, 'POST', '/network/v2.0/networks', { token, body: { network: { name: 'n' } } }),
    ).rejects.toThrow();
    expect(sim.requests.count('POST /network/v2.0/networks')).toBe(1);
    expect((await call(sim, 'GET', '/network/v2.0/networks?name=n', { token })).json.networks).toEqual([]);
  });

  it('serves each region with its own state under its prefix', async () => {
    const sim = await start({ transitionMs: 5 });
    const token = await projectToken(sim);
    const net = (await call(sim, 'GET', '/RegionTwo/network/v2.0/networks?name=private', { token })).json
      .networks[0];
    const one = (await call(sim, 'GET', '/network/v2.0/networks?name=private', { token })).json.networks[0];
    expect(net.id).not.toBe(one.id);
    const image = (await call(sim, 'GET', '/RegionTwo/image/v2/images', { token })).json.images[0];
    const created = await call(sim, 'POST', '/RegionTwo/compute/v2.1/servers', {
      token,
      body: { server: { name: 'r2', imageRef: image.id, flavorRef: '1', networks: [{ uuid: net.id }] } },
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(
      `${sim.url}/RegionTwo/compute/v2.1/servers/${created.json.server.id}`,
    );
    expect((await call(sim, 'GET', '/RegionTwo/compute/v2.1/servers', { token })).json.servers).toHaveLength(
      1,
    );
    expect((await call(sim, 'GET', '/compute/v2.1/servers', { token })).json.servers).toHaveLength(0);
    expect((await call(sim, 'GET', '/RegionTwo/identity/v3')).status).toBe(404);

    const three = await start({ regions: ['North', 'South', 'East'] });
    const { answer } = await issue(
      three,
      passwordAuth(three.credentials, { project: { id: three.projectId } }),
    );
    const compute = answer.json.token.catalog.find((s: { type: string }) => s.type === 'compute');
    expect(compute.endpoints.map((e: { url: string }) => e.url)).toContain(`${three.url}/East/compute/v2.1`);
    expect(three.regionName).toBe('North');
    expect(three.credentials.regionName).toBe('North');
  });

  it('reset() drops changes and pending transitions; seed.servers starts with ACTIVE servers', async () => {
    const sim = await start({ transitionMs: 5, seed: { servers: 1500 } });
    const token = await projectToken(sim);
    const page = await call(sim, 'GET', '/compute/v2.1/servers/detail', { token });
    expect(page.json.servers).toHaveLength(1000);
    expect(page.json.servers[0]).toMatchObject({ name: 'seed-server-01499', status: 'ACTIVE' });
    expect(page.json.servers_links[0].rel).toBe('next');
    await call(sim, 'POST', '/network/v2.0/networks', { token, body: { network: { name: 'temp' } } });
    sim.reset();
    const fresh = await projectToken(sim);
    expect(
      (await call(sim, 'GET', '/network/v2.0/networks?name=temp', { token: fresh })).json.networks,
    ).toEqual([]);
    expect(
      (await call(sim, 'GET', '/compute/v2.1/servers?limit=1', { token: fresh })).json.servers,
    ).toHaveLength(1);
    // tokens do not survive a reset
    expect((await call(sim, 'GET', '/compute/v2.1/servers', { token })).status).toBe(401);
  });

  it('accepts image uploads larger than the kit’s 8 MiB default, up to maxBodyBytes', async () => {
    const sim = await start({ transitionMs: 5 });
    const token = await projectToken(sim);
    const id = (
      await call(sim, 'POST', '/image/v2/images', {
        token,
        body: { name: 'big', disk_format: 'raw', container_format: 'bare' },
      })
    ).json.id;
    const data = Buffer.alloc(12 * 1024 * 1024, 1);
    const upload = await call(sim, 'PUT', `/image/v2/images/${id}/file`, {
      token,
      raw: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(204);
    const image = await poll(
      () => call(sim, 'GET', `/image/v2/images/${id}`, { token }),
      (answer) => answer.json.status === 'active',
    );
    expect(image.json.size).toBe(data.length);

    const small = await start({ maxBodyBytes: 1024 });
    const smallToken = await projectToken(small);
    const refused = await call(small, 'PUT', `/image/v2/images/${id}/file`, {
      token: smallToken,
      raw: Buffer.alloc(2048),
    });
    expect(refused.status).toBe(413);
  });

  it('is registered for overcast-sim', () => {
    const definition = findSimulator('openstack');
    expect(definition?.description).toContain('Keystone v3');
  });
});
