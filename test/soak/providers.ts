/**
 * The providers as the soak drives them: how to build a client with the options under test,
 * which reads, creates and actions it issues, which simulator operations are writes, and how to
 * list the final state through a clean client.
 */
import { CloudStack } from '@overcast/cloudstack';
import { EC2 } from '@overcast/ec2';
import { OneServer } from '@overcast/opennebula';
import { Connection as OpenStackConnection } from '@overcast/openstack';
import { Connection } from '@overcast/ovirt';
import { CLIENT_SETTINGS, type ProviderName, type StartedSimulator } from './profile.js';

/** The transport options of one soak call. */
export interface SoakCallOptions {
  timeout: number;
  headers: Record<string, string>;
}

export interface SoakClient {
  /** One read, chosen by `pick` (a number in [0, 1)); `id` is a VM it may read. */
  read(pick: number, id: string, options: SoakCallOptions): Started;
  /** Creates a VM named `name`. */
  create(name: string, options: SoakCallOptions): Started;
  /** One state-changing action on VM `id`, chosen by `pick`. */
  action(id: string, pick: number, options: SoakCallOptions): Started;
  close(): Promise<void>;
}

/** One call as started: the operation's name and its promise. */
export interface Started {
  op: string;
  run: Promise<unknown>;
}

/** What the run will do, known before it starts. */
export interface SoakPlan {
  /** The unique name of every create the run will issue. */
  createNames: string[];
}

export interface SoakProvider {
  name: ProviderName;
  /** Prepares the simulator through a clean client; returns the ids of the VMs actions may target. */
  setup(sim: StartedSimulator, plan: SoakPlan): Promise<string[]>;
  /** A client with the options under test (`clean`: no retries, a generous deadline, for setup and checks). */
  client(sim: StartedSimulator, clean?: boolean): SoakClient & { readonly provider: ProviderName };
  /** Whether a simulator operation (`sim.requests` name) is one of the soak's writes. */
  isWrite(operation: string): boolean;
  /** Whether a simulator operation is one of the soak's reads. */
  isRead(operation: string): boolean;
  /** The names of every VM the simulator holds, through a clean client. */
  listNames(sim: StartedSimulator): Promise<string[]>;
  /** The id of a VM a successful create answered with. */
  idOf(created: unknown): string | undefined;
  /** Whether the simulator expires tokens mid-run (the 401 → re-authenticate → re-send path). */
  expiresTokens: boolean;
}

const CLEAN = { timeout: 30_000, lowSpeed: false as const, retry: 0 };

function settings(clean: boolean) {
  return clean
    ? { retry: CLEAN.retry, timeout: CLEAN.timeout, http: { lowSpeed: CLEAN.lowSpeed } }
    : {
        retry: { ...CLIENT_SETTINGS.retry },
        timeout: CLIENT_SETTINGS.timeout,
        http: { lowSpeed: { ...CLIENT_SETTINGS.lowSpeed } },
      };
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// ---------------------------------------------------------------------------------------------
// CloudStack: reads list*, creates deployVirtualMachine, actions start/stop/rebootVirtualMachine
// (asynchronous commands, submitted with fetchResult: false so that each call is one request).

let csIds: { zoneid: string; serviceofferingid: string; templateid: string } | undefined;

const cloudstack: SoakProvider = {
  name: 'cloudstack',
  expiresTokens: false,
  async setup(sim) {
    const cs = makeCloudStack(sim, true);
    csIds = {
      zoneid: (await cs.listZones()).zone[0]?.id ?? '',
      serviceofferingid: (await cs.listServiceOfferings()).serviceoffering[0]?.id ?? '',
      templateid: (await cs.listTemplates({ templatefilter: 'executable' })).template[0]?.id ?? '',
    };
    const vms = await cs.listVirtualMachines({ listall: true }, { fetchList: true });
    await cs.close();
    return vms.map((vm) => vm.id ?? '').filter((id) => id !== '');
  },
  client(sim, clean = false) {
    const cs = makeCloudStack(sim, clean);
    return {
      provider: 'cloudstack',
      read(pick, _id, options) {
        if (pick < 0.5) {
          const page = 1 + Math.floor(pick * 4);
          return { op: 'listVirtualMachines', run: cs.listVirtualMachines({ page, pagesize: 10 }, options) };
        }
        if (pick < 0.7) return { op: 'listZones', run: cs.listZones({}, options) };
        if (pick < 0.85) return { op: 'listServiceOfferings', run: cs.listServiceOfferings({}, options) };
        return {
          op: 'listTemplates',
          run: cs.listTemplates({ templatefilter: 'executable' }, options),
        };
      },
      create(name, options) {
        if (csIds === undefined) throw new Error('cloudstack setup did not run');
        return {
          op: 'deployVirtualMachine',
          run: cs.deployVirtualMachine({ ...csIds, name }, { ...options, fetchResult: false }),
        };
      },
      action(id, pick, options) {
        const call = { ...options, fetchResult: false } as const;
        if (pick < 0.4) return { op: 'stopVirtualMachine', run: cs.stopVirtualMachine({ id }, call) };
        if (pick < 0.8) return { op: 'startVirtualMachine', run: cs.startVirtualMachine({ id }, call) };
        return { op: 'rebootVirtualMachine', run: cs.rebootVirtualMachine({ id }, call) };
      },
      close: () => cs.close(),
    };
  },
  isWrite: (operation) =>
    /^(deployVirtualMachine|startVirtualMachine|stopVirtualMachine|rebootVirtualMachine)$/.test(operation),
  isRead: (operation) => /^list/.test(operation),
  async listNames(sim) {
    const cs = makeCloudStack(sim, true);
    try {
      const vms = await cs.listVirtualMachines({ listall: true }, { fetchList: true });
      return vms.map((vm) => vm.name ?? '');
    } finally {
      await cs.close();
    }
  },
  idOf: (created) => (created as { id?: string } | undefined)?.id,
};

function makeCloudStack(sim: StartedSimulator, clean: boolean): CloudStack {
  return new CloudStack({
    endpoint: sim.endpoint,
    key: sim.credentials['apiKey'] ?? '',
    secret: sim.credentials['secret'] ?? '',
    logger: quiet,
    ...settings(clean),
  });
}

// ---------------------------------------------------------------------------------------------
// OpenNebula: reads vm.info / vmpool.info (a page) / hostpool.info, creates one.vm.allocate,
// actions one.vm.action (poweroff, resume, reboot, suspend).

const opennebula: SoakProvider = {
  name: 'opennebula',
  expiresTokens: false,
  async setup(sim) {
    const one = makeOne(sim, true);
    try {
      // A host to schedule VMs on, so that actions meet running VMs.
      await one.host.allocate('soak-host', 'kvm', 'kvm', -1);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++)
        ids.push(String(await one.vm.allocate({ NAME: `seed-${i}`, CPU: 1, MEMORY: 64 })));
      return ids;
    } finally {
      await one.close();
    }
  },
  client(sim, clean = false) {
    const one = makeOne(sim, clean);
    return {
      provider: 'opennebula',
      read(pick, id, options) {
        if (pick < 0.45) return { op: 'one.vm.info', run: one.vm.info(Number(id), options) };
        if (pick < 0.8) return { op: 'one.vmpool.info', run: one.vmpool.info(-2, 0, -10, -1, options) };
        return { op: 'one.hostpool.info', run: one.hostpool.info(options) };
      },
      create(name, options) {
        return {
          op: 'one.vm.allocate',
          run: one.vm.allocate({ NAME: name, CPU: 1, MEMORY: 64 }, false, options),
        };
      },
      action(id, pick, options) {
        const action = pick < 0.3 ? 'poweroff' : pick < 0.6 ? 'resume' : pick < 0.8 ? 'reboot' : 'suspend';
        return { op: 'one.vm.action', run: one.vm.action(action, Number(id), options) };
      },
      close: () => one.close(),
    };
  },
  isWrite: (operation) => operation === 'one.vm.allocate' || operation === 'one.vm.action',
  isRead: (operation) => /\.info$/.test(operation),
  async listNames(sim) {
    const one = makeOne(sim, true);
    try {
      const pool = await one.vmpool.info(-2, -1, -1, -1);
      return (pool.VM ?? []).map((vm) => String(vm.NAME));
    } finally {
      await one.close();
    }
  },
  idOf: (created) => (typeof created === 'number' ? String(created) : undefined),
};

function makeOne(sim: StartedSimulator, clean: boolean): OneServer {
  return new OneServer(sim.endpoint, {
    session: sim.credentials['session'] ?? '',
    logger: quiet,
    ...settings(clean),
  });
}

// ---------------------------------------------------------------------------------------------
// oVirt: reads vms list / vm get / clusters list, creates vms add, actions start/stop/shutdown/
// suspend. The simulator expires every token once mid-run, so writes meet the 401 re-send.

const OVIRT_WRITE = /^POST \/ovirt-engine\/api\/vms(\/[^/]+\/(start|stop|shutdown|suspend))?$/;

const ovirt: SoakProvider = {
  name: 'ovirt',
  expiresTokens: true,
  async setup(sim) {
    const connection = makeOvirt(sim, true);
    try {
      const vms = await connection.systemService().vmsService().list();
      return vms.map((vm) => vm.id ?? '').filter((id) => id !== '');
    } finally {
      await connection.close();
    }
  },
  client(sim, clean = false) {
    const connection = makeOvirt(sim, clean);
    const vms = connection.systemService().vmsService();
    return {
      provider: 'ovirt',
      read(pick, id, options) {
        if (pick < 0.45) return { op: 'GET vms', run: vms.list({ max: 10 }, options) };
        if (pick < 0.75) return { op: 'GET vms/<id>', run: vms.vmService(id).get({}, options) };
        return { op: 'GET clusters', run: connection.systemService().clustersService().list({}, options) };
      },
      create(name, options) {
        return {
          op: 'POST vms',
          run: vms.add({ name, cluster: { name: 'Default' }, template: { name: 'Blank' } }, {}, options),
        };
      },
      action(id, pick, options) {
        const vm = vms.vmService(id);
        if (pick < 0.35) return { op: 'POST vms/<id>/start', run: vm.start({}, options) };
        if (pick < 0.6) return { op: 'POST vms/<id>/stop', run: vm.stop({}, options) };
        if (pick < 0.8) return { op: 'POST vms/<id>/shutdown', run: vm.shutdown({}, options) };
        return { op: 'POST vms/<id>/suspend', run: vm.suspend({}, options) };
      },
      close: () => connection.close(),
    };
  },
  isWrite: (operation) => OVIRT_WRITE.test(operation),
  isRead: (operation) => operation.startsWith('GET '),
  async listNames(sim) {
    const connection = makeOvirt(sim, true);
    try {
      const list = await connection.systemService().vmsService().list();
      return list.map((vm) => vm.name ?? '');
    } finally {
      await connection.close();
    }
  },
  idOf: (created) => (created as { id?: string } | undefined)?.id,
};

function makeOvirt(sim: StartedSimulator, clean: boolean): Connection {
  return new Connection({
    url: sim.endpoint,
    username: sim.credentials['username'] ?? '',
    password: sim.credentials['password'] ?? '',
    logger: quiet,
    ...settings(clean),
  });
}

// ---------------------------------------------------------------------------------------------
// EC2: reads DescribeInstances (a page, or one instance) / DescribeImages / DescribeAvailabilityZones,
// creates RunInstances, actions Stop/Start/RebootInstances. RunInstances carries no ClientToken (a
// write with one may be retried by design), so every write must be sent exactly once. The 2014-10-01
// API has no tags at launch, so a create's unique name is its KeyName: setup imports one key pair
// per planned create, and the final state is read back as the instances' keyName.

let ec2ImageId: string | undefined;

/** An OpenSSH ed25519 public key (any 32 bytes: the simulator only fingerprints it). */
const SOAK_PUBLIC_KEY = (() => {
  const field = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(Buffer.alloc(32, 7))]);
  return Buffer.from(`ssh-ed25519 ${blob.toString('base64')} soak`);
})();

const ec2: SoakProvider = {
  name: 'ec2',
  expiresTokens: false,
  async setup(sim, plan) {
    const client = makeEc2(sim, true);
    try {
      const { Images = [] } = await client.describeImages({
        Filters: [{ Name: 'name', Values: ['cirros*'] }],
      });
      ec2ImageId = Images[0]?.ImageId;
      if (ec2ImageId === undefined) throw new Error('ec2 setup: the simulator has no cirros image');
      // In batches: a few requests in flight, none of them faulted (the faults are not armed yet).
      for (let i = 0; i < plan.createNames.length; i += 20) {
        await Promise.all(
          plan.createNames
            .slice(i, i + 20)
            .map((KeyName) => client.importKeyPair({ KeyName, PublicKeyMaterial: SOAK_PUBLIC_KEY })),
        );
      }
      return (await listEc2(client)).map((instance) => instance.InstanceId ?? '').filter((id) => id !== '');
    } finally {
      await client.close();
    }
  },
  client(sim, clean = false) {
    const client = makeEc2(sim, clean);
    return {
      provider: 'ec2',
      read(pick, id, options) {
        if (pick < 0.4)
          return {
            op: 'DescribeInstances (page)',
            run: client.describeInstances({ MaxResults: 10 }, options),
          };
        if (pick < 0.7)
          return {
            op: 'DescribeInstances (id)',
            run: client.describeInstances({ InstanceIds: [id] }, options),
          };
        if (pick < 0.85) return { op: 'DescribeImages', run: client.describeImages({}, options) };
        return { op: 'DescribeAvailabilityZones', run: client.describeAvailabilityZones({}, options) };
      },
      create(name, options) {
        if (ec2ImageId === undefined) throw new Error('ec2 setup did not run');
        return {
          op: 'RunInstances',
          run: client.runInstances(
            { ImageId: ec2ImageId, MinCount: 1, MaxCount: 1, InstanceType: 'm1.tiny', KeyName: name },
            options,
          ),
        };
      },
      action(id, pick, options) {
        const InstanceIds = [id];
        if (pick < 0.4) return { op: 'StopInstances', run: client.stopInstances({ InstanceIds }, options) };
        if (pick < 0.8) return { op: 'StartInstances', run: client.startInstances({ InstanceIds }, options) };
        return { op: 'RebootInstances', run: client.rebootInstances({ InstanceIds }, options) };
      },
      close: () => client.close(),
    };
  },
  isWrite: (operation) => /^(RunInstances|StopInstances|StartInstances|RebootInstances)$/.test(operation),
  isRead: (operation) => operation.startsWith('Describe'),
  async listNames(sim) {
    const client = makeEc2(sim, true);
    try {
      return (await listEc2(client)).map((instance) => instance.KeyName ?? '');
    } finally {
      await client.close();
    }
  },
  idOf: (created) =>
    (created as { Instances?: { InstanceId?: string }[] } | undefined)?.Instances?.[0]?.InstanceId,
};

/** Every instance (DescribeInstances without MaxResults answers them all). */
async function listEc2(client: EC2) {
  const { Reservations = [] } = await client.describeInstances({});
  return Reservations.flatMap((reservation) => reservation.Instances ?? []);
}

function makeEc2(sim: StartedSimulator, clean: boolean): EC2 {
  return new EC2({
    endpoint: sim.endpoint,
    accessKeyId: sim.credentials['accessKeyId'] ?? '',
    secretAccessKey: sim.credentials['secretAccessKey'] ?? '',
    region: sim.credentials['region'] ?? 'RegionOne',
    logger: quiet,
    ...settings(clean),
  });
}

// ---------------------------------------------------------------------------------------------
// OpenStack: reads servers (one page of 10) / getServer / flavors, creates createServer, actions
// stopServer / startServer / rebootServer. Each client first fetches a Keystone token and
// discovers Nova (requests without the soak header: a failure there must surface on the call as
// not sent, stage `connect`). The simulator expires every token once mid-run, so writes meet the
// 401 → new token → re-send path.

let osIds: { imageRef: string; flavorRef: string; network: string } | undefined;

const OPENSTACK_WRITE = /^POST \/compute\/v2\.1\/servers(\/\{id\}\/action \((os-stop|os-start|reboot)\))?$/;

const openstack: SoakProvider = {
  name: 'openstack',
  expiresTokens: true,
  async setup(sim) {
    const conn = makeOpenStack(sim, true);
    try {
      const image = await conn.image.findImage('cirros-0.6.2-x86_64-disk');
      const flavor = await conn.compute.findFlavor('m1.tiny');
      if (!image?.id || !flavor?.id) throw new Error('openstack setup: no cirros image or m1.tiny flavor');
      // A network of its own with room for every create (the seeded private one is a /26).
      const network = await conn.network.createNetwork({ name: 'soak' });
      if (!network.id) throw new Error('openstack setup: the network has no id');
      await conn.network.createSubnet({ network_id: network.id, cidr: '10.128.0.0/16', ip_version: 4 });
      osIds = { imageRef: image.id, flavorRef: flavor.id, network: network.id };
      const ids: string[] = [];
      for await (const server of conn.compute.servers()) if (server.id) ids.push(server.id);
      return ids;
    } finally {
      await conn.close();
    }
  },
  client(sim, clean = false) {
    const conn = makeOpenStack(sim, clean);
    return {
      provider: 'openstack',
      read(pick, id, options) {
        if (pick < 0.4)
          return {
            op: 'GET servers/detail (a page)',
            run: firstPage(conn.compute.servers({ limit: 10 }, options), 10),
          };
        if (pick < 0.75) return { op: 'GET servers/<id>', run: conn.compute.getServer(id, options) };
        return {
          op: 'GET flavors/detail',
          run: firstPage(conn.compute.flavors({}, options), Number.POSITIVE_INFINITY),
        };
      },
      create(name, options) {
        if (osIds === undefined) throw new Error('openstack setup did not run');
        const { imageRef, flavorRef, network } = osIds;
        return {
          op: 'POST servers',
          run: conn.compute.createServer(
            { name, imageRef, flavorRef, networks: [{ uuid: network }] },
            options,
          ),
        };
      },
      action(id, pick, options) {
        if (pick < 0.4)
          return { op: 'POST servers/<id>/action os-stop', run: conn.compute.stopServer(id, options) };
        if (pick < 0.8)
          return { op: 'POST servers/<id>/action os-start', run: conn.compute.startServer(id, options) };
        return {
          op: 'POST servers/<id>/action reboot',
          run: conn.compute.rebootServer(id, { type: 'SOFT' }, options),
        };
      },
      close: () => conn.close(),
    };
  },
  isWrite: (operation) => OPENSTACK_WRITE.test(operation),
  isRead: (operation) => operation.startsWith('GET /compute/v2.1/'),
  async listNames(sim) {
    const conn = makeOpenStack(sim, true);
    try {
      const names: string[] = [];
      for await (const server of conn.compute.servers()) names.push(server.name ?? '');
      return names;
    } finally {
      await conn.close();
    }
  },
  idOf: (created) => (created as { id?: string } | undefined)?.id,
};

/**
 * The first `count` items of a list (one page when the page holds them: the iterator asks for the
 * next page only when the loop wants more).
 */
async function firstPage<T>(items: AsyncIterable<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  for await (const item of items) {
    taken.push(item);
    if (taken.length >= count) break;
  }
  return taken;
}

function makeOpenStack(sim: StartedSimulator, clean: boolean): OpenStackConnection {
  const { regionName, ...auth } = sim.credentials;
  return new OpenStackConnection({
    auth: { authUrl: sim.endpoint, ...auth },
    regionName: regionName ?? 'RegionOne',
    logger: quiet,
    ...settings(clean),
  });
}

export const SOAK_PROVIDERS: Record<ProviderName, SoakProvider> = {
  cloudstack,
  opennebula,
  ovirt,
  ec2,
  openstack,
};
