/**
 * One contract across the providers, driven against each provider's simulator: the same failure is
 * the same kind everywhere (wrong credentials, a missing entity, a conflict, a timeout, an abort, a
 * refused connection), keeps the server's message and shows no secret; reads are retried with
 * backoff when `retry` allows, writes are sent exactly once. A new provider joins by adding a row.
 */
import { createServer } from 'node:net';
import { CloudStack, CloudStackApiError } from '@overcast/cloudstack';
import { EC2, Ec2Error } from '@overcast/ec2';
import { OneError, OneServer } from '@overcast/opennebula';
import { HttpError, Connection as OpenStackConnection } from '@overcast/openstack';
import { Connection, OvirtError } from '@overcast/ovirt';
import {
  AbortError,
  ApiError,
  AuthError,
  ConflictError,
  ConnectionError,
  errorViews,
  NotFoundError,
  TimeoutError,
} from '@overcast/runtime';
import {
  type Ec2ClientSettings,
  type FaultRule,
  type OpenStackCredentials,
  type RunningProviderSimulator,
  type SimulatorRequest,
  startCloudStackSimulator,
  startEc2Simulator,
  startOpenNebulaSimulator,
  startOpenStackSimulator,
  startOvirtSimulator,
} from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Transport options every client takes, as the contract names them. */
interface ClientSettings {
  retry?: number | { retries: number; minDelay?: number; maxDelay?: number };
  timeout?: number;
}

/** Call options every call takes, as its separate trailing argument. */
interface CallSettings {
  timeout?: number;
  signal?: AbortSignal;
}

/** A provider, as the contract drives it. */
interface ContractRow<Client> {
  name: string;
  /** The class every error of the provider satisfies. */
  family: abstract new (
    ...args: never[]
  ) => unknown;
  start(): Promise<RunningProviderSimulator>;
  /** A client of `sim` (or of `endpoint` instead of the simulator's), with its own credentials. */
  client(sim: RunningProviderSimulator, settings?: ClientSettings, endpoint?: string): Client;
  /** The same with credentials the server refuses. */
  wrongCredentials(sim: RunningProviderSimulator): Client;
  /** The secrets a client of `sim` holds, wrong ones included. */
  secrets(sim: RunningProviderSimulator): string[];
  close(client: Client): Promise<void>;
  /** A read that succeeds against a healthy simulator. */
  read(client: Client, options?: CallSettings): Promise<unknown>;
  /** Whether a simulator request is that read (for fault scoping). */
  isRead(request: SimulatorRequest): boolean;
  /** The simulator's operation name of that read, for its request counters. */
  readOperation: string;
  /** A read of an entity that does not exist. */
  readMissing(client: Client): Promise<unknown>;
  /** A call the server refuses because of the entity's state. */
  conflict(client: Client): Promise<unknown>;
  /** A create (not idempotent), and how the simulator counts it. */
  create(client: Client, name: string): Promise<unknown>;
  isCreate(request: SimulatorRequest): boolean;
  createOperation: string;
}

const cloudstack: ContractRow<CloudStack> = {
  name: 'cloudstack',
  family: CloudStackApiError,
  start: () => startCloudStackSimulator({ transitionMs: 20, seed: { virtualMachines: 2 } }),
  client: (sim, settings = {}, endpoint = sim.endpoint) => {
    const { apiKey, secret } = sim.credentials as { apiKey: string; secret: string };
    return new CloudStack({ endpoint, key: apiKey, secret, pollInterval: 20, ...settings });
  },
  wrongCredentials: (sim) => {
    const { apiKey } = sim.credentials as { apiKey: string };
    return new CloudStack({ endpoint: sim.endpoint, key: apiKey, secret: 'not-the-secret-key-4242' });
  },
  secrets: (sim) => [(sim.credentials as { secret: string }).secret, 'not-the-secret-key-4242'],
  close: (client) => client.close(),
  read: (client, options) => client.request('listZones', {}, options),
  isRead: (request) => request.query.get('command') === 'listZones',
  readOperation: 'listZones',
  readMissing: (client) =>
    client.request('startVirtualMachine', { id: 'a0b1c2d3-0000-4000-8000-000000000000' }),
  conflict: async (client) => {
    const vms = await client.request('listVirtualMachines', {});
    const { networkid } = firstListed(firstListed(vms.virtualmachine, 'a VM').nic, 'a NIC');
    if (networkid === undefined) throw new Error('the simulator answered a NIC without its network');
    return client.request('deleteNetwork', { id: networkid });
  },
  create: async (client, name) => {
    const zones = await client.request('listZones', {});
    const offerings = await client.request('listServiceOfferings', {});
    const templates = await client.request('listTemplates', { templatefilter: 'all' });
    return client.request('deployVirtualMachine', {
      zoneid: firstListed(zones.zone, 'a zone').id,
      serviceofferingid: firstListed(offerings.serviceoffering, 'a service offering').id,
      templateid: firstListed(templates.template, 'a template').id,
      name,
    });
  },
  isCreate: (request) =>
    (request.query.get('command') ?? new URLSearchParams(request.text).get('command')) ===
    'deployVirtualMachine',
  createOperation: 'deployVirtualMachine',
};

const opennebula: ContractRow<OneServer> = {
  name: 'opennebula',
  family: OneError,
  start: () => startOpenNebulaSimulator({ transitionMs: 20 }),
  client: (sim, settings = {}, endpoint = sim.endpoint) =>
    new OneServer(endpoint, { session: (sim.credentials as { session: string }).session, ...settings }),
  wrongCredentials: (sim) => new OneServer(sim.endpoint, { session: 'oneadmin:not-the-password-4242' }),
  secrets: (sim) => [(sim.credentials as { session: string }).session, 'not-the-password-4242'],
  close: (client) => client.close(),
  read: (client, options) =>
    options === undefined ? client.vmpool.info(-2, -1, -1, -1) : client.vmpool.info(-2, -1, -1, -1, options),
  isRead: (request) => request.text.includes('<methodName>one.vmpool.info</methodName>'),
  readOperation: 'one.vmpool.info',
  readMissing: (client) => client.vm.info(424242),
  conflict: async (client) => {
    const id = await client.vm.allocate('NAME="contract-conflict"\nCPU="1"\nMEMORY="128"', true);
    return client.vm.action('resume', id);
  },
  create: (client, name) => client.vm.allocate(`NAME="${name}"\nCPU="1"\nMEMORY="128"`, true),
  isCreate: (request) => request.text.includes('<methodName>one.vm.allocate</methodName>'),
  createOperation: 'one.vm.allocate',
};

const ovirt: ContractRow<Connection> = {
  name: 'ovirt',
  family: OvirtError,
  start: () => startOvirtSimulator({ transitionMs: 20 }),
  client: (sim, settings = {}, endpoint = sim.endpoint) => {
    const { username, password } = sim.credentials as { username: string; password: string };
    return new Connection({ url: endpoint, username, password, ...settings });
  },
  wrongCredentials: (sim) => {
    const { username } = sim.credentials as { username: string };
    return new Connection({ url: sim.endpoint, username, password: 'not-the-password-4242' });
  },
  secrets: (sim) => [(sim.credentials as { password: string }).password, 'not-the-password-4242'],
  close: (client) => client.close(),
  read: (client, options) => client.systemService().clustersService().list({}, options),
  isRead: (request) => request.method === 'GET' && request.path === '/ovirt-engine/api/clusters',
  readOperation: 'GET /ovirt-engine/api/clusters',
  readMissing: (client) => client.systemService().vmsService().vmService('no-such-vm-4242').get(),
  conflict: async (client) => {
    const vm = await ovirt.create(client, 'contract-conflict');
    // A new VM is down: stopping it is refused because of its state.
    return client
      .systemService()
      .vmsService()
      .vmService((vm as { id: string }).id)
      .stop();
  },
  create: (client, name) =>
    client
      .systemService()
      .vmsService()
      .add({ name, cluster: { name: 'Default' }, template: { name: 'Blank' } }),
  isCreate: (request) => request.method === 'POST' && request.path === '/ovirt-engine/api/vms',
  createOperation: 'POST /ovirt-engine/api/vms',
};

/** The EC2 action of a simulator request (a POST form, as the client sends it). */
function ec2Action(request: SimulatorRequest): string | null {
  return request.query.get('Action') ?? new URLSearchParams(request.text).get('Action');
}

const ec2: ContractRow<EC2> = {
  name: 'ec2',
  family: Ec2Error,
  start: () => startEc2Simulator({ transitionMs: 20, seed: { instances: 2 } }),
  client: (sim, settings = {}, endpoint = sim.endpoint) => {
    const { accessKeyId, secretAccessKey, region } = sim.credentials as Ec2ClientSettings;
    return new EC2({ endpoint, accessKeyId, secretAccessKey, region, env: {}, ...settings });
  },
  wrongCredentials: (sim) => {
    const { accessKeyId, region } = sim.credentials as Ec2ClientSettings;
    return new EC2({
      endpoint: sim.endpoint,
      accessKeyId,
      secretAccessKey: 'not-the-secret-key-4242',
      region,
      env: {},
    });
  },
  secrets: (sim) => [(sim.credentials as Ec2ClientSettings).secretAccessKey, 'not-the-secret-key-4242'],
  close: (client) => client.close(),
  read: (client, options) => client.describeRegions({}, options),
  isRead: (request) => ec2Action(request) === 'DescribeRegions',
  readOperation: 'DescribeRegions',
  readMissing: (client) => client.describeInstances({ InstanceIds: ['i-00000000'] }),
  conflict: async (client) => {
    // A running instance cannot be started: IncorrectInstanceState.
    const { Reservations = [] } = await client.describeInstances({
      Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
    });
    const id = Reservations[0]?.Instances?.[0]?.InstanceId ?? '';
    return client.startInstances({ InstanceIds: [id] });
  },
  create: async (client) => {
    const { Images = [] } = await client.describeImages({});
    return client.runInstances({ ImageId: Images[0]?.ImageId ?? '', MinCount: 1, MaxCount: 1 });
  },
  isCreate: (request) => ec2Action(request) === 'RunInstances',
  createOperation: 'RunInstances',
};

/** The OpenStack simulator's credentials as a connection's auth options and region. */
function openstackAuth(sim: RunningProviderSimulator, endpoint: string, password?: string) {
  const { regionName, ...user } = sim.credentials as OpenStackCredentials;
  return {
    auth: { authUrl: endpoint, ...user, ...(password === undefined ? {} : { password }) },
    ...(regionName === undefined ? {} : { regionName }),
  };
}

async function firstOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const openstack: ContractRow<OpenStackConnection> = {
  name: 'openstack',
  family: HttpError,
  start: () => startOpenStackSimulator({ transitionMs: 20, seed: { servers: 2 } }),
  client: (sim, settings = {}, endpoint = sim.endpoint) =>
    new OpenStackConnection({ ...openstackAuth(sim, endpoint), ...settings }),
  wrongCredentials: (sim) =>
    new OpenStackConnection(openstackAuth(sim, sim.endpoint, 'not-the-password-4242')),
  secrets: (sim) => [(sim.credentials as OpenStackCredentials).password, 'not-the-password-4242'],
  close: (client) => client.close(),
  read: (client, options) => firstOf(client.compute.flavors({}, options)),
  isRead: (request) => request.method === 'GET' && request.path === '/compute/v2.1/flavors/detail',
  readOperation: 'GET /compute/v2.1/flavors/detail',
  readMissing: (client) => client.compute.getServer('a0b1c2d3-0000-4000-8000-000000000000'),
  conflict: async (client) => {
    // An ACTIVE server cannot be started: Nova's 409 conflictingRequest.
    const [server] = await firstOf(client.compute.servers({ status: 'ACTIVE' }));
    return client.compute.startServer(server?.id ?? '');
  },
  create: async (client, name) => {
    const image = await client.image.findImage('cirros-0.6.2-x86_64-disk');
    return client.compute.createServer({ name, imageRef: image?.id ?? '', flavorRef: '1', networks: 'none' });
  },
  isCreate: (request) => request.method === 'POST' && request.path === '/compute/v2.1/servers',
  createOperation: 'POST /compute/v2.1/servers',
};

const rows = [cloudstack, opennebula, ovirt, ec2, openstack] as ContractRow<unknown>[];

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe.each(rows.map((row) => [row.name, row] as const))('the contract: %s', (_name, row) => {
  let sim: RunningProviderSimulator;
  let client: unknown;

  beforeAll(async () => {
    sim = await row.start();
    client = row.client(sim);
  });
  afterAll(async () => {
    await row.close(client);
    await sim.close();
  });

  function expectClean(error: unknown): void {
    for (const view of errorViews(error))
      for (const secret of row.secrets(sim)) expect(view).not.toContain(secret);
  }

  it('wrong credentials: an AuthError of the family, with the server message and no secret', async () => {
    const wrong = row.wrongCredentials(sim);
    const error = await failure(() => row.read(wrong));
    await row.close(wrong);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(row.family);
    expect((error as ApiError).serverMessage).toBeTruthy();
    expectClean(error);
  });

  it('a missing entity: a NotFoundError of the family, with the server message', async () => {
    const error = await failure(() => row.readMissing(client));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(row.family);
    expect((error as ApiError).serverMessage).toBeTruthy();
    expectClean(error);
  });

  it("a call the entity's state does not allow: a ConflictError of the family", async () => {
    const error = await failure(() => row.conflict(client));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(row.family);
    expect((error as ApiError).serverMessage).toBeTruthy();
  });

  it('a slow answer: a TimeoutError from the call option timeout', async () => {
    const slow = sim.faults.add({ kind: 'latency', ms: 3000, when: row.isRead } as FaultRule);
    const started = performance.now();
    const error = await failure(() => row.read(client, { timeout: 200 }));
    slow.remove();
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('an aborted call: an AbortError', async () => {
    const slow = sim.faults.add({ kind: 'latency', ms: 3000, when: row.isRead } as FaultRule);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(() => row.read(client, { signal: controller.signal }));
    slow.remove();
    expect(error).toBeInstanceOf(AbortError);
  });

  it('a refused connection: a ConnectionError that says nothing reached the server', async () => {
    const url = new URL(sim.endpoint);
    url.port = String(await closedPort());
    const refused = row.client(sim, {}, url.href);
    const error = await failure(() => row.read(refused));
    await row.close(refused);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).stage).toBe('connect');
    expectClean(error);
  });

  it('reads are retried through 503s and resets, spaced by backoff', async () => {
    const retrying = row.client(sim, { retry: { retries: 4, minDelay: 100, maxDelay: 400 } });
    const times: number[] = [];
    const timing = sim.faults.add({
      kind: 'latency',
      ms: 0,
      when: (request: SimulatorRequest) => {
        if (row.isRead(request)) times.push(performance.now());
        return false;
      },
    } as FaultRule);
    sim.faults.add({ kind: 'error', status: 503, times: 2, when: row.isRead } as FaultRule);
    sim.faults.add({
      kind: 'reset',
      times: 1,
      when: (r: SimulatorRequest) => row.isRead(r) && times.length === 3,
    } as FaultRule);
    sim.requests.reset();
    await row.read(retrying);
    timing.remove();
    await row.close(retrying);
    expect(sim.requests.count(row.readOperation)).toBe(4);
    // Full jitter: each wait lies within its window (100, 200, 400 ms), plus scheduling slack.
    const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
    for (const [i, gap] of gaps.entries()) expect(gap).toBeLessThan(Math.min(400, 100 * 2 ** i) + 150);
  });

  it('a read without retry is sent once', async () => {
    sim.faults.add({ kind: 'error', status: 503, times: 1, when: row.isRead } as FaultRule);
    sim.requests.reset();
    const error = await failure(() => row.read(client));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(sim.requests.count(row.readOperation)).toBe(1);
  });

  it('a create is sent exactly once, even with retry allowed, through a 503 and a reset', async () => {
    const retrying = row.client(sim, { retry: { retries: 4, minDelay: 10, maxDelay: 40 } });
    sim.faults.add({ kind: 'error', status: 503, times: 1, when: row.isCreate } as FaultRule);
    sim.requests.reset();
    const unavailable = await failure(() => row.create(retrying, 'contract-once-a'));
    expect(unavailable).toBeInstanceOf(ApiError);
    expect(sim.requests.count(row.createOperation)).toBe(1);

    sim.faults.add({ kind: 'reset', times: 1, when: row.isCreate } as FaultRule);
    sim.requests.reset();
    const reset = await failure(() => row.create(retrying, 'contract-once-b'));
    expect(reset).toBeInstanceOf(ConnectionError);
    expect(sim.requests.count(row.createOperation)).toBe(1);
    await row.close(retrying);
  });
});

/** The first item of a simulator's list, which the row needs to exist. */
function firstListed<T>(items: readonly T[] | undefined, what: string): T {
  const first = items?.[0];
  if (first === undefined) throw new Error(`the simulator lists no ${what}`);
  return first;
}
