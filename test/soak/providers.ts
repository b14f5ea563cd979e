/**
 * The three providers as the soak drives them: how to build a client with the options under test,
 * which reads, creates and actions it issues, which simulator operations are writes, and how to
 * list the final state through a clean client.
 */
import { CloudStack } from '@overcast/cloudstack';
import { OneServer } from '@overcast/opennebula';
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

export interface SoakProvider {
  name: ProviderName;
  /** Prepares the simulator through a clean client; returns the ids of the VMs actions may target. */
  setup(sim: StartedSimulator): Promise<string[]>;
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

export const SOAK_PROVIDERS: Record<ProviderName, SoakProvider> = { cloudstack, opennebula, ovirt };
