/**
 * What the EC2 simulator remembers: images, key pairs, reservations and instances, security
 * groups, volumes, addresses and tags, as ec2-api's database and the OpenStack services behind
 * it would hold them. Ids are ec2-api's (`<kind>-%08x`, reservations `r-` + 8 characters) drawn
 * from a seeded generator, so a fresh (or reset) simulator always hands out the same ids.
 */
import { seededRandom } from '../random.js';

export type InstanceStateName =
  | 'pending'
  | 'running'
  | 'shutting-down'
  | 'terminated'
  | 'stopping'
  | 'stopped';

/** `nova/api/ec2/inst_states.py` codes. */
export const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface Image {
  id: string;
  name: string;
  ownerId: string;
  isPublic: boolean;
  architecture: string;
  createdAt: Date;
  state: 'available' | 'pending' | 'failed';
  description?: string;
}

export interface KeyPair {
  name: string;
  fingerprint: string;
  publicKey: string;
}

export interface Reservation {
  id: string;
  ownerId: string;
  /** Creation order: reservations are listed newest first, as nova lists servers. */
  seq: number;
  instanceIds: string[];
}

export interface Instance {
  id: string;
  reservationId: string;
  launchIndex: number;
  imageId: string;
  instanceType: string;
  keyName: string | null;
  launchTime: Date;
  availabilityZone: string;
  state: InstanceStateName;
  /** Bumped on every state change, so a transition scheduled before it no longer applies. */
  epoch: number;
  groupIds: string[];
  clientToken?: string;
  /** The RunInstances parameters a client token was first used with (EC2's idempotency check). */
  clientTokenRequest?: string;
  privateIp: string | null;
  /** The IP the instance gets once running (kept while stopped, released when terminated). */
  fixedIp: string;
  hostname: string;
  userData?: Buffer;
  seq: number;
}

export interface Rule {
  direction: 'ingress' | 'egress';
  /** Neutron's protocol: null for any (`-1`), a name (`tcp`) or a number. */
  protocol: string | number | null;
  fromPort: number | null;
  toPort: number | null;
  cidr?: string;
  remoteGroupId?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string | null;
  rules: Rule[];
  seq: number;
}

export type VolumeStatus = 'creating' | 'available' | 'attaching' | 'in-use' | 'detaching' | 'deleting';

export interface Volume {
  id: string;
  size: number;
  availabilityZone: string;
  createdAt: Date;
  volumeType: string;
  /** Cinder's status (`attaching` and `detaching` are rendered as `in-use`). */
  status: VolumeStatus;
  attachment?: { instanceId: string; device: string };
  clientToken?: string;
  epoch: number;
  seq: number;
}

export interface Address {
  publicIp: string;
  /** Set for `Domain=vpc` addresses (`eipalloc-…`). */
  allocationId?: string;
  instanceId?: string;
  seq: number;
}

export interface Tag {
  itemId: string;
  key: string;
  value: string;
}

/** Extra objects a fresh simulator starts with. */
export interface Ec2Seed {
  /** This many running instances (`m1.small`, the first image), one reservation each. */
  instances?: number;
}

/** The images every simulator starts with (public, available), as a Glance catalogue lists them. */
export const SEED_IMAGES: readonly { name: string; architecture: string; description?: string }[] = [
  { name: 'cirros-0.6.2-x86_64-disk', architecture: 'x86_64' },
  { name: 'ubuntu-22.04-server-cloudimg-amd64', architecture: 'x86_64', description: 'Ubuntu 22.04 LTS' },
  { name: 'debian-12-genericcloud-arm64', architecture: 'aarch64', description: 'Debian 12 (bookworm)' },
];

/** Nova's default flavors: the instance types the simulator accepts. */
export const DEFAULT_INSTANCE_TYPES: readonly string[] = [
  'm1.tiny',
  'm1.small',
  'm1.medium',
  'm1.large',
  'm1.xlarge',
];

const RESERVATION_CHARS = '01234567890abcdefghijklmnopqrstuvwxyz';

export class Cloud {
  readonly images = new Map<string, Image>();
  readonly keyPairs = new Map<string, KeyPair>();
  readonly reservations = new Map<string, Reservation>();
  readonly instances = new Map<string, Instance>();
  readonly groups = new Map<string, SecurityGroup>();
  readonly volumes = new Map<string, Volume>();
  readonly addresses = new Map<string, Address>();
  /** Keyed by `itemId\0key`, in the order they were first created (the database's order). */
  readonly tags = new Map<string, Tag>();
  /** The seeded VPC (`vpc-…`): security groups created in it take egress rules. */
  vpcId = '';
  /** The classic `default` security group. */
  defaultGroupId = '';

  #random: () => number = seededRandom(1);
  #seq = 0;
  #ipCounter = 0;
  #floatingCounter = 0;
  #sortedInstanceIds: string[] | undefined;
  #revision = 0;

  constructor(
    readonly ownerId: string,
    readonly availabilityZones: readonly string[],
  ) {}

  /** Moves on whenever the cloud may have changed (`changed()`): what read answers are kept by. */
  get revision(): number {
    return this.#revision;
  }

  /** The cloud may have changed: an answer read before is not served again. */
  changed(): void {
    this.#revision += 1;
  }

  /** Back to the initial state: seeded images, groups and VPC, plus `seed`'s instances. */
  reset(seed: Ec2Seed | undefined, now: Date): void {
    this.changed();
    for (const map of [
      this.images,
      this.keyPairs,
      this.reservations,
      this.instances,
      this.groups,
      this.volumes,
      this.addresses,
      this.tags,
    ]) {
      map.clear();
    }
    this.vpcId = '';
    this.defaultGroupId = '';
    this.#random = seededRandom(1);
    this.#seq = 0;
    this.#ipCounter = 0;
    this.#floatingCounter = 0;
    this.#sortedInstanceIds = undefined;

    const created = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));
    for (const image of SEED_IMAGES) {
      const id = this.newId('ami');
      this.images.set(id, {
        id,
        name: image.name,
        ownerId: this.ownerId,
        isPublic: true,
        architecture: image.architecture,
        createdAt: created,
        state: 'available',
        ...(image.description === undefined ? {} : { description: image.description }),
      });
    }
    this.vpcId = this.newId('vpc');
    this.defaultGroupId = this.addDefaultGroup('default', 'Default security group', null);
    this.addDefaultGroup(this.vpcId, 'Default VPC security group', this.vpcId);

    const count = seed?.instances ?? 0;
    const imageId = this.images.keys().next().value as string;
    for (let i = 0; i < count; i += 1) {
      const reservation = this.addReservation();
      const instance = this.addInstance(reservation, {
        launchIndex: 0,
        imageId,
        instanceType: 'm1.small',
        keyName: null,
        launchTime: new Date(now.getTime() - (count - i) * 1000),
        availabilityZone: this.availabilityZones[0] as string,
        groupIds: [this.defaultGroupId],
      });
      instance.state = 'running';
      instance.privateIp = instance.fixedIp;
    }
  }

  /** `<kind>-%08x` from 1 to 0xffffffff, never one already handed out. */
  newId(kind: string): string {
    for (;;) {
      const n = 1 + Math.floor(this.#random() * 0xffffffff);
      const id = `${kind}-${n.toString(16).padStart(8, '0')}`;
      if (!this.#taken(id)) return id;
    }
  }

  #taken(id: string): boolean {
    return (
      this.images.has(id) ||
      this.instances.has(id) ||
      this.groups.has(id) ||
      this.volumes.has(id) ||
      this.vpcId === id ||
      [...this.addresses.values()].some((a) => a.allocationId === id)
    );
  }

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  addReservation(): Reservation {
    let id: string;
    do {
      id = 'r-';
      for (let i = 0; i < 8; i += 1)
        id += RESERVATION_CHARS[Math.floor(this.#random() * RESERVATION_CHARS.length)];
    } while (this.reservations.has(id));
    const reservation: Reservation = { id, ownerId: this.ownerId, seq: this.nextSeq(), instanceIds: [] };
    this.reservations.set(id, reservation);
    return reservation;
  }

  addInstance(
    reservation: Reservation,
    fields: Pick<
      Instance,
      'launchIndex' | 'imageId' | 'instanceType' | 'keyName' | 'launchTime' | 'availabilityZone' | 'groupIds'
    > &
      Partial<Pick<Instance, 'clientToken' | 'clientTokenRequest' | 'userData'>>,
  ): Instance {
    const id = this.newId('i');
    this.#ipCounter += 1;
    const n = this.#ipCounter + 2;
    const instance: Instance = {
      id,
      reservationId: reservation.id,
      state: 'pending',
      epoch: 0,
      privateIp: null,
      fixedIp: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      hostname: `${reservation.id}-${fields.launchIndex}`,
      seq: this.nextSeq(),
      ...fields,
    };
    this.instances.set(id, instance);
    reservation.instanceIds.push(id);
    this.#sortedInstanceIds = undefined;
    return instance;
  }

  /** Instance ids in id order (the order paged describes sort by), cached between changes. */
  sortedInstanceIds(): readonly string[] {
    this.#sortedInstanceIds ??= [...this.instances.keys()].sort();
    return this.#sortedInstanceIds;
  }

  /** The next address of the simulated public network (`172.24.4.0/22`, as devstack's). */
  nextFloatingIp(): string {
    const n = 10 + this.#floatingCounter;
    this.#floatingCounter += 1;
    return `172.24.${4 + ((n >> 8) & 3)}.${n & 255}`;
  }

  addGroup(name: string, description: string, vpcId: string | null): SecurityGroup {
    const group: SecurityGroup = {
      id: this.newId('sg'),
      name,
      description,
      vpcId,
      // Neutron gives every new group an egress rule for any IPv4 traffic.
      rules: [{ direction: 'egress', protocol: null, fromPort: null, toPort: null }],
      seq: this.nextSeq(),
    };
    this.groups.set(group.id, group);
    return group;
  }

  /** A `default` group: neutron's rules (any egress, any ingress from the group itself). */
  addDefaultGroup(name: string, description: string, vpcId: string | null): string {
    const group = this.addGroup(name, description, vpcId);
    group.rules.push({
      direction: 'ingress',
      protocol: null,
      fromPort: null,
      toPort: null,
      remoteGroupId: group.id,
    });
    return group.id;
  }

  tagsOf(itemId: string): Tag[] {
    const found: Tag[] = [];
    for (const tag of this.tags.values()) if (tag.itemId === itemId) found.push(tag);
    return found;
  }

  /** Tags by item, for formatting many items at once. */
  tagIndex(): Map<string, Tag[]> {
    const index = new Map<string, Tag[]>();
    for (const tag of this.tags.values()) {
      const list = index.get(tag.itemId);
      if (list) list.push(tag);
      else index.set(tag.itemId, [tag]);
    }
    return index;
  }

  deleteTagsOf(itemId: string): void {
    for (const [key, tag] of this.tags) if (tag.itemId === itemId) this.tags.delete(key);
  }
}
