/**
 * Each record as the engine writes it: element names by the model's tag rules, `id`/`href` as
 * attributes, references to single objects as `<cluster href id/>`, sub-collections as
 * `<link rel href/>`, and the object's actions under `<actions>`.
 */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import type {
  ClusterRecord,
  DataCenterRecord,
  DiskAttachmentRecord,
  DiskRecord,
  HostRecord,
  JobRecord,
  NicRecord,
  TemplateRecord,
  VmRecord,
} from './model.js';
import { actionLinks, el, hrefOf, leaf, link, ref } from './xml-out.js';

/** The engine's version, as the API root and clusters report it. */
export const ENGINE_VERSION = { major: 4, minor: 6, build: 1, revision: 0 } as const;

export const VM_ACTIONS = ['shutdown', 'start', 'stop', 'suspend'] as const;

function identified(
  tag: string,
  segments: string[],
  ...children: (XmlBuildElement | undefined)[]
): XmlBuildElement {
  const id = segments.at(-1) ?? '';
  return el(tag, { href: hrefOf(...segments), id }, ...children);
}

function version(tag = 'version'): XmlBuildElement {
  return el(tag, undefined, leaf('major', ENGINE_VERSION.major), leaf('minor', ENGINE_VERSION.minor));
}

function cpu(sockets: number, cores: number): XmlBuildElement {
  return el(
    'cpu',
    undefined,
    el('topology', undefined, leaf('cores', cores), leaf('sockets', sockets), leaf('threads', 1)),
  );
}

export function renderDataCenter(dc: DataCenterRecord): XmlBuildElement {
  return identified(
    'data_center',
    ['datacenters', dc.id],
    leaf('name', dc.name),
    leaf('description', dc.description),
    leaf('local', false),
    leaf('quota_mode', 'disabled'),
    leaf('status', 'up'),
    leaf('storage_format', 'v5'),
    version(),
  );
}

export function renderCluster(cluster: ClusterRecord): XmlBuildElement {
  return identified(
    'cluster',
    ['clusters', cluster.id],
    leaf('name', cluster.name),
    leaf('description', cluster.description),
    el(
      'cpu',
      undefined,
      leaf('architecture', 'x86_64'),
      leaf('type', 'Secure Intel Cascadelake Server Family'),
    ),
    leaf('threads_as_cores', false),
    version(),
    leaf('virt_service', true),
    ref('data_center', ['datacenters', cluster.dataCenterId]),
  );
}

export function renderHost(host: HostRecord): XmlBuildElement {
  return identified(
    'host',
    ['hosts', host.id],
    leaf('name', host.name),
    leaf('address', host.address),
    leaf('port', 54321),
    leaf('status', 'up'),
    leaf('type', 'rhel'),
    ref('cluster', ['clusters', host.clusterId]),
  );
}

export function renderTemplate(template: TemplateRecord): XmlBuildElement {
  return identified(
    'template',
    ['templates', template.id],
    leaf('name', template.name),
    leaf('description', template.description),
    cpu(1, template.cores),
    leaf('creation_time', template.creationTime),
    leaf('memory', template.memory),
    el('os', undefined, leaf('type', 'other')),
    leaf('type', 'server'),
    leaf('status', 'ok'),
    el('version', undefined, leaf('version_name', 'base version'), leaf('version_number', 1)),
  );
}

/**
 * Linked objects written in full in a VM, as `follow` asks: lists in place of their
 * `<link rel>`, objects in place of their `<cluster href id/>`-style references.
 */
export interface VmInline {
  diskAttachments?: XmlBuildElement[];
  nics?: XmlBuildElement[];
  cluster?: XmlBuildElement;
  template?: XmlBuildElement;
  host?: XmlBuildElement;
}

export function renderVm(vm: VmRecord, inline: VmInline = {}): XmlBuildElement {
  const href = hrefOf('vms', vm.id);
  const list = (tag: string, rel: string, items: XmlBuildElement[] | undefined) =>
    items === undefined ? link(rel, `${href}/${rel}`) : el(tag, undefined, ...items);
  const hostRef = vm.hostId === undefined ? undefined : ref('host', ['hosts', vm.hostId]);
  return identified(
    'vm',
    ['vms', vm.id],
    actionLinks(href, VM_ACTIONS),
    leaf('name', vm.name),
    leaf('description', vm.description),
    list('disk_attachments', 'diskattachments', inline.diskAttachments),
    list('nics', 'nics', inline.nics),
    cpu(vm.sockets, vm.cores),
    leaf('creation_time', vm.creationTime),
    leaf('delete_protected', false),
    leaf('memory', vm.memory),
    el('os', undefined, leaf('type', 'other')),
    leaf('stateless', false),
    leaf('type', 'server'),
    leaf('start_time', vm.startTime),
    leaf('stop_time', vm.stopTime),
    leaf('status', vm.status),
    inline.cluster ?? ref('cluster', ['clusters', vm.clusterId]),
    hostRef && (inline.host ?? hostRef),
    ref('original_template', ['templates', vm.templateId]),
    inline.template ?? ref('template', ['templates', vm.templateId]),
  );
}

export function renderDisk(disk: DiskRecord): XmlBuildElement {
  return identified(
    'disk',
    ['disks', disk.id],
    leaf('name', disk.name),
    leaf('alias', disk.name),
    leaf('actual_size', disk.format === 'cow' ? 0 : disk.provisionedSize),
    leaf('content_type', 'data'),
    leaf('format', disk.format),
    leaf('provisioned_size', disk.provisionedSize),
    leaf('shareable', false),
    leaf('sparse', disk.format === 'cow'),
    leaf('status', disk.status),
    leaf('storage_type', 'image'),
  );
}

/** An attachment; `disk` replaces the `<disk href id/>` reference when given (`follow=disk_attachments.disk`). */
export function renderDiskAttachment(
  attachment: DiskAttachmentRecord,
  disk?: XmlBuildElement,
): XmlBuildElement {
  return identified(
    'disk_attachment',
    ['vms', attachment.vmId, 'diskattachments', attachment.diskId],
    leaf('active', attachment.active),
    leaf('bootable', attachment.bootable),
    leaf('interface', attachment.interface),
    leaf('pass_discard', false),
    leaf('read_only', false),
    leaf('uses_scsi_reservation', false),
    disk ?? ref('disk', ['disks', attachment.diskId]),
    ref('vm', ['vms', attachment.vmId]),
  );
}

export function renderNic(nic: NicRecord): XmlBuildElement {
  return identified(
    'nic',
    ['vms', nic.vmId, 'nics', nic.id],
    leaf('name', nic.name),
    leaf('interface', nic.interface),
    leaf('linked', true),
    el('mac', undefined, leaf('address', nic.mac)),
    leaf('plugged', true),
    leaf('synced', true),
    ref('vm', ['vms', nic.vmId]),
  );
}

export function renderJob(job: JobRecord): XmlBuildElement {
  const href = hrefOf('jobs', job.id);
  return identified(
    'job',
    ['jobs', job.id],
    actionLinks(href, ['clear', 'end']),
    leaf('description', job.description),
    leaf('auto_cleared', true),
    leaf('end_time', job.endTime),
    leaf('external', false),
    leaf('last_updated', job.lastUpdated),
    leaf('start_time', job.startTime),
    leaf('status', job.status),
  );
}
