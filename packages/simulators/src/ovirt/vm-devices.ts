/**
 * A VM's devices: `/vms/{id}/diskattachments` (attach a new or existing disk, list, get, detach)
 * and `/vms/{id}/nics` (add, list, get, remove).
 */
import type { SimulatorResponse } from '../types.js';
import { type Listing, listAnswer, type RouteRequest, required } from './context.js';
import type { DiskAttachmentRecord, NicRecord } from './model.js';
import { found } from './model.js';
import { renderDiskAttachment, renderNic } from './render.js';
import { booleanAt, idAt, integerAt, readBody, text } from './xml-in.js';
import { conflict, hrefOf, incomplete, notFound, xmlResponse } from './xml-out.js';

const ATTACHMENTS: Listing<DiskAttachmentRecord> = {
  plural: 'disk_attachments',
  render: renderDiskAttachment,
  searchable: [],
  fields: () => ({}),
};

const NICS: Listing<NicRecord> = { plural: 'nics', render: renderNic, searchable: [], fields: () => ({}) };

/** `/vms/{vmId}/diskattachments[/{diskId}]`. */
export function diskAttachmentsRoute(
  route: RouteRequest,
  vmId: string,
  diskId: string | undefined,
): SimulatorResponse | undefined {
  const { state, request } = route;
  const vm = required(state.vms.get(vmId), vmId);
  const attachments = state.diskAttachments.list((a) => a.vmId === vm.id);
  if (diskId === undefined) {
    if (request.method === 'GET') return listAnswer(route, ATTACHMENTS, attachments);
    if (request.method === 'POST') return attachDisk(route, vm.id);
    return undefined;
  }
  const attachment = required(
    attachments.find((a) => a.diskId === diskId),
    diskId,
  );
  if (request.method === 'GET') return xmlResponse(200, renderDiskAttachment(attachment));
  if (request.method === 'DELETE') {
    state.diskAttachments.delete(attachment.key);
    if (request.query.get('detach_only')?.toLowerCase() === 'false') state.disks.delete(attachment.diskId);
    return { status: 200 };
  }
  return undefined;
}

function attachDisk(route: RouteRequest, vmId: string): SimulatorResponse {
  const { state } = route;
  const body = readBody(route.request, 'disk_attachment');
  const diskInterface = text(body, 'interface');
  const diskId = idAt(body, 'disk');
  const size = integerAt(body, 'disk', 'provisioned_size');
  const missing = [
    diskInterface ? undefined : 'interface',
    diskId || size !== undefined ? undefined : 'disk.id|provisioned_size',
  ].filter((member) => member !== undefined);
  if (diskInterface === undefined || missing.length > 0)
    throw incomplete('DiskAttachment', missing.join(', '), 'add');
  const bootable = booleanAt(body, 'bootable') ?? false;
  let attachment: DiskAttachmentRecord;
  if (diskId) {
    if (!found(state.disks.get(diskId))) throw notFound(diskId);
    if (state.diskAttachments.list((a) => a.diskId === diskId).length > 0) {
      throw conflict('Cannot attach Virtual Disk. The disk is already attached to a VM.');
    }
    attachment = state.diskAttachments.insert((key) => ({
      key,
      diskId,
      vmId,
      bootable,
      interface: diskInterface,
      active: true,
    }));
  } else {
    const format = text(body, 'disk', 'format') === 'raw' ? 'raw' : 'cow';
    const name = text(body, 'disk', 'name') || text(body, 'disk', 'alias') || `disk_${state.disks.size + 1}`;
    attachment = state.attachNewDisk(
      vmId,
      { name, provisionedSize: size ?? 0, format },
      bootable,
      diskInterface,
    );
  }
  return xmlResponse(201, renderDiskAttachment(attachment), {
    location: hrefOf('vms', vmId, 'diskattachments', attachment.diskId),
  });
}

/** `/vms/{vmId}/nics[/{nicId}]`. */
export function nicsRoute(
  route: RouteRequest,
  vmId: string,
  nicId: string | undefined,
): SimulatorResponse | undefined {
  const { state, request } = route;
  const vm = required(state.vms.get(vmId), vmId);
  if (nicId === undefined) {
    if (request.method === 'GET')
      return listAnswer(
        route,
        NICS,
        state.nics.list((n) => n.vmId === vm.id),
      );
    if (request.method !== 'POST') return undefined;
    const body = readBody(request, 'nic');
    const name = text(body, 'name');
    if (!name) throw incomplete('Nic', 'name', 'add');
    const nic = state.addNic(vm.id, name, text(body, 'interface') ?? 'virtio');
    return xmlResponse(201, renderNic(nic), { location: hrefOf('vms', vm.id, 'nics', nic.id) });
  }
  const nic = state.nics.get(nicId);
  if (!found(nic) || nic.vmId !== vm.id) throw notFound(nicId);
  if (request.method === 'GET') return xmlResponse(200, renderNic(nic));
  if (request.method === 'DELETE') {
    state.nics.delete(nic.id);
    return { status: 200 };
  }
  return undefined;
}
