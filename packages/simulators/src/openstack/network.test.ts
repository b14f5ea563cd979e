import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, projectToken } from './client.test-helper.js';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

let sim: RunningOpenStackSimulator;
let token: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 5 });
});
afterEach(() => {
  sim.faults.clear();
  sim.requests.reset();
  sim.reset();
});
afterAll(() => sim.close());

function neutron(method: string, path: string, body?: unknown): Promise<Answer> {
  return call(sim, method, `/network${path}`, { token, ...(body === undefined ? {} : { body }) });
}

describe('Neutron', () => {
  it('answers version discovery and lists its resources', async () => {
    const root = await call(sim, 'GET', '/network/');
    expect(root.status).toBe(200);
    expect(root.json).toEqual({
      versions: [
        { status: 'CURRENT', id: 'v2.0', links: [{ href: `${sim.url}/network/v2.0/`, rel: 'self' }] },
      ],
    });
    token = await projectToken(sim);
    const resources = await neutron('GET', '/v2.0/');
    expect(resources.json.resources.map((r: { collection: string }) => r.collection)).toContain(
      'floatingips',
    );
    const extensions = await neutron('GET', '/v2.0/extensions');
    expect(extensions.json.extensions.map((e: { alias: string }) => e.alias)).toContain('external-net');
  });

  it('lists devstack networks with filters and fields', async () => {
    token = await projectToken(sim);
    const all = await neutron('GET', '/v2.0/networks');
    expect(all.json.networks.map((n: { name: string }) => n.name)).toEqual(['public', 'private', 'shared']);
    const external = await neutron('GET', '/v2.0/networks?router:external=True');
    expect(external.json.networks).toEqual([
      expect.objectContaining({
        name: 'public',
        'router:external': true,
        status: 'ACTIVE',
        project_id: sim.projectId,
      }),
    ]);
    const either = await neutron('GET', '/v2.0/networks?name=private&name=shared&fields=id&fields=name');
    expect(either.json.networks).toEqual([
      { id: expect.any(String), name: 'private' },
      { id: expect.any(String), name: 'shared' },
    ]);
    const subnets = await neutron('GET', '/v2.0/subnets?name=private-subnet');
    expect(subnets.json.subnets[0]).toMatchObject({
      cidr: '10.0.0.0/26',
      gateway_ip: '10.0.0.1',
      allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.62' }],
      ip_version: 4,
    });
  });

  it('pages with limit and marker and <collection>_links next/previous links', async () => {
    token = await projectToken(sim);
    for (let index = 0; index < 3; index++)
      await neutron('POST', '/v2.0/networks', { network: { name: `extra-${index}` } });
    const ids: string[] = [];
    let path = '/v2.0/networks?limit=2';
    let pages = 0;
    for (;;) {
      const page = await neutron('GET', path);
      pages += 1;
      ids.push(...page.json.networks.map((n: { id: string }) => n.id));
      const next = page.json.networks_links?.find((l: { rel: string }) => l.rel === 'next');
      if (page.json.networks.length > 0)
        expect(page.json.networks_links).toContainEqual(expect.objectContaining({ rel: 'previous' }));
      if (next === undefined) break;
      expect(next.href).toMatch(new RegExp(`^${sim.url}/network/v2\\.0/networks\\?limit=2&marker=`));
      path = next.href.slice(`${sim.url}/network`.length);
    }
    expect(ids).toHaveLength(6);
    expect([...ids].sort()).toEqual(ids);
    expect(pages).toBe(4);
  });

  it('creates a network, subnet and port (addresses from the pool), and refuses to delete a network in use', async () => {
    token = await projectToken(sim);
    const network = (await neutron('POST', '/v2.0/networks', { network: { name: 'net1' } })).json.network;
    expect(network).toMatchObject({
      name: 'net1',
      admin_state_up: true,
      subnets: [],
      'router:external': false,
    });
    const subnet = await neutron('POST', '/v2.0/subnets', {
      subnet: { network_id: network.id, cidr: '192.168.10.0/24', ip_version: 4, name: 'sub1' },
    });
    expect(subnet.status).toBe(201);
    expect(subnet.json.subnet).toMatchObject({
      gateway_ip: '192.168.10.1',
      allocation_pools: [{ start: '192.168.10.2', end: '192.168.10.254' }],
    });
    const port = await neutron('POST', '/v2.0/ports', { port: { network_id: network.id, name: 'p1' } });
    expect(port.status).toBe(201);
    expect(port.json.port).toMatchObject({
      fixed_ips: [{ subnet_id: subnet.json.subnet.id, ip_address: '192.168.10.2' }],
      mac_address: expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/),
      status: 'DOWN',
    });
    const second = await neutron('POST', '/v2.0/ports', {
      port: { network_id: network.id, fixed_ips: [{ ip_address: '192.168.10.2' }] },
    });
    expect(second.status).toBe(409);
    expect(second.json.NeutronError.type).toBe('IpAddressAlreadyAllocated');

    const refused = await neutron('DELETE', `/v2.0/networks/${network.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({
      NeutronError: {
        type: 'NetworkInUse',
        message: `Unable to complete operation on network ${network.id}. There are one or more ports still in use on the network.`,
        detail: '',
      },
    });
    expect((await neutron('DELETE', `/v2.0/ports/${port.json.port.id}`)).status).toBe(204);
    expect((await neutron('DELETE', `/v2.0/networks/${network.id}`)).status).toBe(204);
    const gone = await neutron('GET', `/v2.0/networks/${network.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.NeutronError).toEqual({
      type: 'NetworkNotFound',
      message: `Network ${network.id} could not be found.`,
      detail: '',
    });
  });

  it('allocates floating IPs on the external network and associates them with a port', async () => {
    token = await projectToken(sim);
    const networks = (await neutron('GET', '/v2.0/networks')).json.networks;
    const publicNet = networks.find((n: { name: string }) => n.name === 'public');
    const privateNet = networks.find((n: { name: string }) => n.name === 'private');
    const notExternal = await neutron('POST', '/v2.0/floatingips', {
      floatingip: { floating_network_id: privateNet.id },
    });
    expect(notExternal.status).toBe(400);

    const port = (await neutron('POST', '/v2.0/ports', { port: { network_id: privateNet.id } })).json.port;
    const fip = await neutron('POST', '/v2.0/floatingips', {
      floatingip: { floating_network_id: publicNet.id, port_id: port.id },
    });
    expect(fip.status).toBe(201);
    expect(fip.json.floatingip).toMatchObject({
      floating_ip_address: '172.24.4.2',
      port_id: port.id,
      fixed_ip_address: port.fixed_ips[0].ip_address,
      status: 'ACTIVE',
      port_details: expect.objectContaining({ network_id: privateNet.id }),
    });
    const dissociated = await neutron('PUT', `/v2.0/floatingips/${fip.json.floatingip.id}`, {
      floatingip: { port_id: null },
    });
    expect(dissociated.json.floatingip).toMatchObject({
      port_id: null,
      fixed_ip_address: null,
      status: 'DOWN',
    });
    const listed = await neutron('GET', `/v2.0/floatingips?floating_network_id=${publicNet.id}`);
    expect(listed.json.floatingips).toHaveLength(1);
    expect((await neutron('DELETE', `/v2.0/floatingips/${fip.json.floatingip.id}`)).status).toBe(204);
    const groups = await neutron('GET', '/v2.0/security-groups');
    expect(groups.json.security_groups.map((g: { name: string }) => g.name)).toEqual(['default']);
  });
});
