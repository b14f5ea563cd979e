/**
 * The simulated engine's objects, kept as plain records in a harness `Store`, and the seed every
 * simulator (and every `reset()`) starts from: one data center, cluster and host, the `Blank`
 * template plus one template with a disk, and two VMs.
 */
import { type Collection, NotFound, Store } from '../store.js';

export type VmStatus =
  | 'down'
  | 'image_locked'
  | 'wait_for_launch'
  | 'powering_up'
  | 'up'
  | 'powering_down'
  | 'saving_state'
  | 'suspended'
  | 'restoring_state';

export interface DataCenterRecord {
  id: string;
  name: string;
  description: string;
}

export interface ClusterRecord {
  id: string;
  name: string;
  description: string;
  dataCenterId: string;
}

export interface HostRecord {
  id: string;
  name: string;
  address: string;
  clusterId: string;
}

export interface TemplateRecord {
  id: string;
  name: string;
  description: string;
  memory: number;
  cores: number;
  /** Sizes of the disks a VM made from this template gets copies of. */
  diskSizes: number[];
  creationTime: string;
}

export interface VmRecord {
  id: string;
  name: string;
  description: string;
  status: VmStatus;
  clusterId: string;
  templateId: string;
  /** The host it runs on, while it runs. */
  hostId?: string | undefined;
  memory: number;
  sockets: number;
  cores: number;
  creationTime: string;
  startTime?: string | undefined;
  stopTime?: string | undefined;
}

export interface DiskRecord {
  id: string;
  name: string;
  provisionedSize: number;
  format: 'cow' | 'raw';
  status: 'ok' | 'locked';
}

/** A disk attached to a VM. The engine gives an attachment the id of its disk. */
export interface DiskAttachmentRecord {
  key: string;
  diskId: string;
  vmId: string;
  bootable: boolean;
  interface: string;
  active: boolean;
}

export interface NicRecord {
  id: string;
  vmId: string;
  name: string;
  interface: string;
  mac: string;
}

export interface JobRecord {
  id: string;
  description: string;
  status: 'started' | 'finished' | 'failed';
  startTime: string;
  endTime?: string | undefined;
  lastUpdated: string;
}

/** The template every engine has, with this fixed id; it cannot be changed or removed. */
export const BLANK_TEMPLATE: Readonly<TemplateRecord> = Object.freeze({
  id: '00000000-0000-0000-0000-000000000000',
  name: 'Blank',
  description: 'Blank template',
  memory: 1024 ** 3,
  cores: 1,
  diskSizes: [],
  creationTime: '2008-04-01T00:00:00.000Z',
});

const GiB = 1024 ** 3;

export class EngineState {
  readonly #store = new Store();
  readonly dataCenters = this.#store.collection<DataCenterRecord>({ ids: 'uuid' });
  readonly clusters = this.#store.collection<ClusterRecord>({ ids: 'uuid' });
  readonly hosts = this.#store.collection<HostRecord>({ ids: 'uuid' });
  /** Templates other than `Blank`. */
  readonly templates = this.#store.collection<TemplateRecord>({ ids: 'uuid' });
  readonly vms = this.#store.collection<VmRecord>({ ids: 'uuid' });
  readonly disks = this.#store.collection<DiskRecord>({ ids: 'uuid' });
  readonly diskAttachments = this.#store.collection<DiskAttachmentRecord>({ ids: 'uuid' });
  readonly nics = this.#store.collection<NicRecord>({ ids: 'uuid' });
  readonly jobs = this.#store.collection<JobRecord>({ ids: 'uuid' });
  #macs = 0;

  /** Empties everything and puts the seed back. */
  reset(now: Date): void {
    this.#store.reset();
    this.#macs = 0;
    const created = now.toISOString();
    const dataCenter = this.dataCenters.insert((id) => ({
      id,
      name: 'Default',
      description: 'The default Data Center',
    }));
    const cluster = this.clusters.insert((id) => ({
      id,
      name: 'Default',
      description: 'The default server cluster',
      dataCenterId: dataCenter.id,
    }));
    this.hosts.insert((id) => ({ id, name: 'host1', address: 'host1.example.com', clusterId: cluster.id }));
    const tiny = this.templates.insert((id) => ({
      id,
      name: 'tiny',
      description: 'A small server with one 1 GiB disk',
      memory: 512 * 1024 ** 2,
      cores: 1,
      diskSizes: [GiB],
      creationTime: created,
    }));
    for (const name of ['web01', 'db01']) {
      const vm = this.vms.insert((id) => ({
        id,
        name,
        description: '',
        status: 'down',
        clusterId: cluster.id,
        templateId: tiny.id,
        memory: tiny.memory,
        sockets: 1,
        cores: tiny.cores,
        creationTime: created,
      }));
      this.addDevicesFromTemplate(vm, tiny);
    }
  }

  /** Any template, `Blank` included, or `NotFound`. */
  template(id: string): TemplateRecord | NotFound {
    return id === BLANK_TEMPLATE.id ? { ...BLANK_TEMPLATE } : this.templates.get(id);
  }

  /** Every template, `Blank` first as the engine lists it. */
  allTemplates(): TemplateRecord[] {
    return [{ ...BLANK_TEMPLATE }, ...this.templates.list()];
  }

  /** Gives a new VM copies of its template's disks and a first NIC. */
  addDevicesFromTemplate(vm: VmRecord, template: TemplateRecord): void {
    template.diskSizes.forEach((size, index) => {
      this.attachNewDisk(
        vm.id,
        { name: `${vm.name}_Disk${index + 1}`, provisionedSize: size, format: 'cow' },
        index === 0,
      );
    });
    if (template.id !== BLANK_TEMPLATE.id) this.addNic(vm.id, 'nic1', 'virtio');
  }

  /** Creates a disk and attaches it to a VM. */
  attachNewDisk(
    vmId: string,
    disk: Omit<DiskRecord, 'id' | 'status'>,
    bootable: boolean,
    diskInterface = 'virtio_scsi',
  ): DiskAttachmentRecord {
    const created = this.disks.insert((id) => ({ id, status: 'ok', ...disk }));
    return this.diskAttachments.insert((key) => ({
      key,
      diskId: created.id,
      vmId,
      bootable,
      interface: diskInterface,
      active: true,
    }));
  }

  addNic(vmId: string, name: string, nicInterface: string): NicRecord {
    const mac = `56:6f:00:00:${hex((this.#macs >> 8) & 0xff)}:${hex(this.#macs & 0xff)}`;
    this.#macs++;
    return this.nics.insert((id) => ({ id, vmId, name, interface: nicInterface, mac }));
  }

  /** Removes a VM with its NICs and attachments; its disks too unless `detachOnly`. */
  removeVm(id: string, detachOnly: boolean): void {
    for (const attachment of this.diskAttachments.list((a) => a.vmId === id)) {
      this.diskAttachments.delete(attachment.key);
      if (!detachOnly) this.disks.delete(attachment.diskId);
    }
    for (const nic of this.nics.list((n) => n.vmId === id)) this.nics.delete(nic.id);
    this.vms.delete(id);
  }
}

/** A record or the engine's 404, for ids taken from the URL. */
export function found<T>(item: T | NotFound): item is T {
  return item !== NotFound;
}

/** Looks a record up by name in a collection (names are unique per kind in this simulator). */
export function byName<T extends { name: string }>(
  collection: Collection<T, string>,
  name: string,
): T | undefined {
  return collection.list((item) => item.name === name)[0];
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
