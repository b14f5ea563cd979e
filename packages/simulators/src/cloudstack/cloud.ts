/**
 * The simulated cloud's state: one collection per kind of object in a harness `Store`, the seed
 * data every fresh simulator starts with, and bulk seeding for benchmarks.
 */
import { randomUUID } from 'node:crypto';
import { type Collection, Store } from '../store.js';
import {
  type AsyncJob,
  csDate,
  type Network,
  type SecurityGroup,
  type ServiceOffering,
  type Tag,
  type Template,
  type VirtualMachine,
  type Volume,
  type Zone,
} from './model.js';

/** What a fresh simulator holds besides its fixed catalogue. */
export interface CloudStackSeed {
  /** This many running VMs (no volumes), created directly, e.g. 10,000 for paging benchmarks. */
  virtualMachines?: number;
}

export interface NetworkOffering {
  id: string;
  name: string;
  displaytext: string;
  guestiptype: 'Isolated';
  traffictype: 'Guest';
  state: 'Enabled';
  isdefault: boolean;
}

/** The owner every object is created for: the simulator has one admin account in the ROOT domain. */
export const OWNER = {
  account: 'admin',
  accountid: '00000000-0000-4000-8000-000000000001',
  userid: '00000000-0000-4000-8000-000000000002',
  domainid: '00000000-0000-4000-8000-000000000003',
  domain: 'ROOT',
} as const;

/** Objects that carry `tags`, by the `resourcetype` names `createTags` accepts (lower-cased). */
export type Taggable = Zone | Template | VirtualMachine | Volume | Network | SecurityGroup;

export class CloudState {
  readonly store = new Store();
  readonly zones = this.store.collection<Zone>({ ids: 'uuid' });
  readonly serviceOfferings = this.store.collection<ServiceOffering>({ ids: 'uuid' });
  readonly networkOfferings = this.store.collection<NetworkOffering>({ ids: 'uuid' });
  readonly templates = this.store.collection<Template>({ ids: 'uuid' });
  readonly virtualMachines = this.store.collection<VirtualMachine>({ ids: 'uuid' });
  readonly volumes = this.store.collection<Volume>({ ids: 'uuid' });
  readonly networks = this.store.collection<Network>({ ids: 'uuid' });
  readonly securityGroups = this.store.collection<SecurityGroup>({ ids: 'uuid' });
  readonly jobs = this.store.collection<AsyncJob>({ ids: 'uuid' });
  #addresses = 0;
  #instances = 0;

  /** The collection behind a `resourcetype` (any case), for tags. */
  taggable(resourceType: string): Collection<Taggable, string> | undefined {
    const byType: Record<string, Collection<Taggable, string>> = {
      zone: this.zones as Collection<Taggable, string>,
      template: this.templates as Collection<Taggable, string>,
      uservm: this.virtualMachines as Collection<Taggable, string>,
      volume: this.volumes as Collection<Taggable, string>,
      network: this.networks as Collection<Taggable, string>,
      securitygroup: this.securityGroups as Collection<Taggable, string>,
    };
    const type = resourceType.toLowerCase();
    return Object.hasOwn(byType, type) ? byType[type] : undefined;
  }

  /** Every tag on every object. */
  allTags(): Tag[] {
    const all = [
      this.zones,
      this.templates,
      this.virtualMachines,
      this.volumes,
      this.networks,
      this.securityGroups,
    ];
    return all.flatMap((collection) =>
      (collection as Collection<Taggable, string>)
        .list((item) => item.tags.length > 0)
        .flatMap((item) => item.tags),
    );
  }

  /** The next guest address of the 10.1.0.0/16 range (a simulator never runs out in practice). */
  nextAddress(): string {
    this.#addresses += 1;
    return `10.1.${Math.floor(this.#addresses / 250)}.${(this.#addresses % 250) + 2}`;
  }

  /** The next VM number, as in the instance name `i-2-<number>-VM`. */
  nextInstanceNumber(): number {
    this.#instances += 1;
    return this.#instances;
  }

  /** Empties everything and recreates the catalogue plus `seed`. */
  reset(seed: CloudStackSeed = {}, now = new Date()): void {
    this.store.reset();
    this.#addresses = 0;
    this.#instances = 0;
    const created = csDate(now);
    const zone = this.zones.insert((id) => ({
      id,
      name: 'Sandbox-simulator',
      description: 'The simulated zone',
      networktype: 'Advanced',
      securitygroupsenabled: false,
      allocationstate: 'Enabled',
      dhcpprovider: 'VirtualRouter',
      localstorageenabled: false,
      tags: [],
    }));
    for (const [name, cpunumber, memory] of [
      ['Small Instance', 1, 512],
      ['Medium Instance', 2, 2048],
    ] as const) {
      this.serviceOfferings.insert((id) => ({
        id,
        name,
        displaytext: `${name}, ${cpunumber} CPU, ${memory} MB RAM`,
        cpunumber,
        cpuspeed: 1000,
        memory,
        created,
        storagetype: 'shared',
        offerha: false,
        issystem: false,
        iscustomized: false,
      }));
    }
    const offering = this.networkOfferings.insert((id) => ({
      id,
      name: 'DefaultIsolatedNetworkOfferingWithSourceNatService',
      displaytext: 'Offering for Isolated networks with Source Nat service enabled',
      guestiptype: 'Isolated',
      traffictype: 'Guest',
      state: 'Enabled',
      isdefault: true,
    }));
    this.templates.insert((id) => ({
      id,
      name: 'CentOS 5.6 (64-bit) no GUI (Simulator)',
      displaytext: 'CentOS 5.6 (64-bit) no GUI (Simulator)',
      ispublic: true,
      isready: true,
      isfeatured: true,
      ostypeid: '00000000-0000-4000-8000-000000000010',
      ostypename: 'CentOS 5.6 (64-bit)',
      account: 'system',
      zoneid: zone.id,
      zonename: zone.name,
      status: 'Download Complete',
      format: 'QCOW2',
      templatetype: 'BUILTIN',
      hypervisor: 'Simulator',
      size: 2_147_483_648,
      created,
      tags: [],
    }));
    this.networks.insert((id) => ({
      id,
      name: 'default-network',
      displaytext: 'The default guest network',
      zoneid: zone.id,
      zonename: zone.name,
      networkofferingid: offering.id,
      type: 'Isolated',
      state: 'Implemented',
      traffictype: 'Guest',
      cidr: '10.1.0.0/16',
      gateway: '10.1.0.1',
      netmask: '255.255.0.0',
      ...ownership(),
      tags: [],
    }));
    this.securityGroups.insert((id) => ({
      id,
      name: 'default',
      description: 'Default Security Group',
      ...ownership(),
      ingressrule: [],
      egressrule: [],
      virtualmachinecount: 0,
      virtualmachineids: [],
      tags: [],
    }));
    this.#seedVirtualMachines(seed.virtualMachines ?? 0, created);
  }

  #seedVirtualMachines(count: number, created: string): void {
    const [zone] = this.zones.list();
    const [offering] = this.serviceOfferings.list();
    const [template] = this.templates.list();
    const [network] = this.networks.list();
    if (!zone || !offering || !template || !network) return;
    for (let index = 1; index <= count; index += 1) {
      const name = `seed-vm-${index}`;
      this.virtualMachines.insert((id) =>
        newVirtualMachine({
          id,
          name,
          created,
          state: 'Running',
          zone,
          offering,
          template,
          network,
          address: this.nextAddress(),
          instance: this.nextInstanceNumber(),
        }),
      );
    }
  }
}

/** The account fields every owned object carries. */
export function ownership(): { account: string; domainid: string; domain: string } {
  return { account: OWNER.account, domainid: OWNER.domainid, domain: OWNER.domain };
}

export interface NewVirtualMachine {
  id: string;
  name: string;
  displayname?: string;
  created: string;
  state: VirtualMachine['state'];
  zone: Zone;
  offering: ServiceOffering;
  template: Template;
  network: Network;
  address: string;
  instance: number;
  securityGroups?: SecurityGroup[];
}

/** A VM object as `listVirtualMachines` shows it. */
export function newVirtualMachine(vm: NewVirtualMachine): VirtualMachine {
  return {
    id: vm.id,
    name: vm.name,
    displayname: vm.displayname ?? vm.name,
    ...ownership(),
    created: vm.created,
    state: vm.state,
    haenable: false,
    zoneid: vm.zone.id,
    zonename: vm.zone.name,
    templateid: vm.template.id,
    templatename: vm.template.name,
    templatedisplaytext: vm.template.displaytext,
    serviceofferingid: vm.offering.id,
    serviceofferingname: vm.offering.name,
    cpunumber: vm.offering.cpunumber,
    cpuspeed: vm.offering.cpuspeed,
    memory: vm.offering.memory,
    hypervisor: 'Simulator',
    instancename: `i-2-${vm.instance}-VM`,
    passwordenabled: false,
    securitygroup: (vm.securityGroups ?? []).map(({ id, name }) => ({ id, name })),
    nic: [
      {
        id: randomUUID(),
        networkid: vm.network.id,
        networkname: vm.network.name,
        netmask: vm.network.netmask,
        gateway: vm.network.gateway,
        ipaddress: vm.address,
        traffictype: 'Guest',
        type: 'Isolated',
        isdefault: true,
        macaddress: `02:00:${vm.id.slice(0, 2)}:${vm.id.slice(2, 4)}:${vm.id.slice(4, 6)}:${vm.id.slice(6, 8)}`,
      },
    ],
    details: {},
    affinitygroup: [],
    tags: [],
  };
}
