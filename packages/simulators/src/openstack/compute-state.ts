/**
 * Nova's state: flavors (devstack's), key pairs and servers, and the servers' state machine.
 * Status is derived from `vm_state` and `task_state` as Nova derives it; every change that takes
 * time (build, stop, start, reboot, pause, suspend, rebuild, resize, delete) passes through its
 * task state and ends `transitionMs` later.
 */
import { createHash, randomUUID } from 'node:crypto';
import { stableUuid, Table } from './common.js';
import type { CloudContext } from './context.js';
import type { NetworkState } from './network.js';

export interface FlavorRecord {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  swap: number;
  ephemeral: number;
  rxtxFactor: number;
  isPublic: boolean;
  disabled: boolean;
  description: string | null;
  extraSpecs: Record<string, string>;
}

export interface KeypairRecord {
  /** The key pair's name (Nova's key pairs are per user and named, not numbered). */
  id: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: string;
  createdAt: Date;
}

export interface ServerFault {
  code: number;
  message: string;
  created: string;
  details?: string;
}

export interface ServerRecord {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  flavorId: string;
  /** Empty when booted from a volume. */
  imageId: string;
  keyName: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  availabilityZone: string;
  createdAt: Date;
  updatedAt: Date;
  launchedAt: Date | null;
  terminatedAt: Date | null;
  description: string | null;
  tags: string[];
  locked: boolean;
  lockedReason: string | null;
  accessIPv4: string;
  accessIPv6: string;
  configDrive: string;
  diskConfig: string;
  userData: string | null;
  hostname: string;
  progress: number;
  reservationId: string;
  launchIndex: number;
  /** The Neutron ports of its NICs; `created` ones are deleted with the server. */
  ports: { id: string; created: boolean }[];
  /** The flavor before a resize, until it is confirmed or reverted. */
  oldFlavorId: string | null;
  fault: ServerFault | null;
  deleted: boolean;
  sequence: number;
}

export const COMPUTE_HOST = 'overcast-compute-1';

/** The devstack flavors. */
const FLAVORS: readonly [id: string, name: string, ram: number, disk: number, vcpus: number][] = [
  ['1', 'm1.tiny', 512, 1, 1],
  ['2', 'm1.small', 2048, 20, 1],
  ['3', 'm1.medium', 4096, 40, 2],
  ['4', 'm1.large', 8192, 80, 4],
  ['42', 'm1.nano', 128, 1, 1],
  ['5', 'm1.xlarge', 16384, 160, 8],
  ['84', 'm1.micro', 192, 1, 1],
  ['c1', 'cirros256', 256, 1, 1],
  ['d1', 'ds512M', 512, 5, 1],
  ['d2', 'ds1G', 1024, 10, 1],
  ['d3', 'ds2G', 2048, 10, 2],
  ['d4', 'ds4G', 4096, 20, 4],
];

/** Nova's `status` for a `vm_state` and `task_state`. */
export function statusOf(vmState: string, taskState: string | null): string {
  switch (vmState) {
    case 'active':
      switch (taskState) {
        case 'rebooting':
        case 'reboot_pending':
        case 'reboot_started':
          return 'REBOOT';
        case 'rebooting_hard':
        case 'reboot_pending_hard':
        case 'reboot_started_hard':
          return 'HARD_REBOOT';
        case 'rebuilding':
        case 'rebuild_block_device_mapping':
        case 'rebuild_spawning':
          return 'REBUILD';
        case 'resize_prep':
        case 'resize_migrating':
        case 'resize_migrated':
        case 'resize_finish':
          return 'RESIZE';
        case 'migrating':
          return 'MIGRATING';
        case 'updating_password':
          return 'PASSWORD';
        default:
          return 'ACTIVE';
      }
    case 'building':
      return 'BUILD';
    case 'stopped':
      return taskState === 'resize_prep' ? 'RESIZE' : taskState === 'rebuilding' ? 'REBUILD' : 'SHUTOFF';
    case 'resized':
      return taskState === 'resize_reverting' ? 'REVERT_RESIZE' : 'VERIFY_RESIZE';
    case 'paused':
      return 'PAUSED';
    case 'suspended':
      return 'SUSPENDED';
    case 'rescued':
      return 'RESCUE';
    case 'error':
      return taskState === 'rebuilding' ? 'REBUILD' : 'ERROR';
    case 'deleted':
      return 'DELETED';
    case 'soft-delete':
      return 'SOFT_DELETED';
    case 'shelved':
      return 'SHELVED';
    case 'shelved_offloaded':
      return 'SHELVED_OFFLOADED';
    default:
      return 'UNKNOWN';
  }
}

/** Nova's `hostId`: a hash of the project and the host, so projects cannot compare hosts. */
export function hostIdOf(projectId: string): string {
  let id = hostIds.get(projectId);
  if (id === undefined) {
    id = createHash('sha224').update(`${projectId}${COMPUTE_HOST}`).digest('hex');
    hostIds.set(projectId, id);
  }
  return id;
}

const hostIds = new Map<string, string>();

export class ComputeState {
  readonly flavors = new Table<FlavorRecord>();
  readonly keypairs = new Table<KeypairRecord>();
  readonly servers = new Table<ServerRecord>();
  readonly #pending = new Map<string, () => void>();
  #sequence = 0;

  constructor(
    readonly region: string,
    private readonly cloud: CloudContext,
    private readonly network: NetworkState,
  ) {}

  reset(seed: { servers?: number }, owner: { projectId: string; userId: string }, imageId: string): void {
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
    this.flavors.clear();
    this.keypairs.clear();
    this.servers.clear();
    this.#sequence = 0;
    for (const [id, name, ram, disk, vcpus] of FLAVORS) {
      this.flavors.add({
        id,
        name,
        ram,
        vcpus,
        disk,
        swap: 0,
        ephemeral: 0,
        rxtxFactor: 1,
        isPublic: true,
        disabled: false,
        description: null,
        extraSpecs: id.startsWith('c') ? { 'hw_rng:allowed': 'True' } : {},
      });
    }
    const count = seed.servers ?? 0;
    const start = this.cloud.now().getTime() - count * 1000;
    for (let index = 0; index < count; index++) {
      const created = new Date(start + index * 1000);
      this.add({
        id: stableUuid(`server:${this.region}:seed:${index}`),
        name: `seed-server-${String(index).padStart(5, '0')}`,
        projectId: owner.projectId,
        userId: owner.userId,
        vmState: 'active',
        taskState: null,
        powerState: 1,
        flavorId: '1',
        imageId,
        createdAt: created,
        updatedAt: created,
        launchedAt: created,
      });
    }
  }

  /** Stores a new server with Nova's defaults for every field not given. */
  add(
    fields: Partial<ServerRecord> &
      Pick<ServerRecord, 'name' | 'projectId' | 'userId' | 'flavorId' | 'imageId'>,
  ): ServerRecord {
    this.#sequence += 1;
    const now = this.cloud.now();
    const server: ServerRecord = {
      id: randomUUID(),
      vmState: 'building',
      taskState: 'scheduling',
      powerState: 0,
      keyName: null,
      metadata: {},
      securityGroups: ['default'],
      availabilityZone: 'nova',
      createdAt: now,
      updatedAt: now,
      launchedAt: null,
      terminatedAt: null,
      description: null,
      tags: [],
      locked: false,
      lockedReason: null,
      accessIPv4: '',
      accessIPv6: '',
      configDrive: '',
      diskConfig: 'MANUAL',
      userData: null,
      hostname:
        fields.name
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'server',
      progress: 0,
      reservationId: `r-${randomUUID().slice(0, 8)}`,
      launchIndex: 0,
      ports: [],
      oldFlavorId: null,
      fault: null,
      deleted: false,
      sequence: this.#sequence,
      ...fields,
    };
    return this.servers.add(server);
  }

  /** Sets the task state now, and after `transitionMs` applies `then` (replacing a pending change). */
  transition(server: ServerRecord, now: Partial<ServerRecord>, then: (server: ServerRecord) => void): void {
    Object.assign(server, now, { updatedAt: this.cloud.now() });
    this.#pending.get(server.id)?.();
    const cancel = this.cloud.timers.after(this.cloud.transitionMs, () => {
      this.#pending.delete(server.id);
      const current = this.servers.get(server.id);
      if (current === undefined) return;
      then(current);
      current.updatedAt = this.cloud.now();
    });
    this.#pending.set(server.id, cancel);
  }

  /** Build: scheduling → spawning; ACTIVE (or ERROR for a name starting with `fail-`). */
  build(server: ServerRecord): void {
    this.transition(server, { taskState: 'spawning' }, (current) => {
      if (current.name.startsWith('fail-')) {
        Object.assign(current, {
          vmState: 'error',
          taskState: null,
          powerState: 0,
          fault: {
            code: 500,
            message: 'No valid host was found. There are not enough hosts available.',
            created: new Date(this.cloud.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        });
        return;
      }
      Object.assign(current, {
        vmState: 'active',
        taskState: null,
        powerState: 1,
        progress: 100,
        launchedAt: this.cloud.now(),
      });
      for (const { id } of current.ports) {
        const port = this.network.ports.get(id);
        if (port) Object.assign(port, { status: 'ACTIVE', bindingHostId: COMPUTE_HOST });
      }
    });
  }

  /** Delete: `deleting`, then DELETED (hidden from lists and GET) and its ports released. */
  destroy(server: ServerRecord): void {
    this.transition(server, { taskState: 'deleting' }, (current) => this.release(current));
  }

  release(server: ServerRecord): void {
    this.#pending.get(server.id)?.();
    this.#pending.delete(server.id);
    for (const { id, created } of server.ports) {
      if (created) this.network.deletePort(id);
      else {
        const port = this.network.ports.get(id);
        if (port) Object.assign(port, { deviceId: '', deviceOwner: '', status: 'DOWN', bindingHostId: '' });
      }
    }
    Object.assign(server, {
      vmState: 'deleted',
      taskState: null,
      powerState: 0,
      deleted: true,
      terminatedAt: this.cloud.now(),
      ports: [],
      updatedAt: this.cloud.now(),
    });
  }
}
