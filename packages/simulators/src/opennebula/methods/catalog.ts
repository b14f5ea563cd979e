/** VM templates, images and virtual networks: their shared methods plus `allocate` and `instantiate`. */

import {
  imageDocument,
  imagePoolDocument,
  templateDocument,
  templatePoolDocument,
  vnetDocument,
  vnetPoolDocument,
} from '../documents.js';
import { allocateFailure, noExists, ONE_ERROR, OneFailure } from '../errors.js';
import {
  type AddressRange,
  DATASTORES,
  DEFAULT_CLUSTER,
  DEFAULT_PERMISSIONS,
  IMAGE_STATE,
  type ImageRecord,
  type TemplateRecord,
  VM_STATE,
  type VnetRecord,
} from '../model.js';
import type { OneState } from '../state.js';
import { attribute, parseTemplate, type Template, vectors, vectorValue } from '../template.js';
import { checkNameFree, type OwnedKind, ownedMethods, target } from './owned.js';
import type { Call, MethodTable } from './types.js';

export const TEMPLATES: OwnedKind<TemplateRecord> = {
  namespace: 'template',
  kind: 'template',
  collection: (state) => state.templates,
  document: templateDocument,
  poolDocument: templatePoolDocument,
};

/** The ids of the VMs whose disks use `imageId`. */
export function vmsUsingImage(state: OneState, imageId: number): number[] {
  return state.vms
    .list(
      (vm) =>
        vm.STATE !== VM_STATE.DONE &&
        vectors(vm.template, 'DISK').some((disk) => vectorValue(disk, 'IMAGE_ID') === String(imageId)),
    )
    .map((vm) => vm.ID);
}

export const IMAGES: OwnedKind<ImageRecord> = {
  namespace: 'image',
  kind: 'image',
  collection: (state) => state.images,
  document: (state, image) => imageDocument(state, image, vmsUsingImage(state, image.ID)),
  poolDocument: (state, images) =>
    imagePoolDocument(images.map((image) => imageDocument(state, image, vmsUsingImage(state, image.ID)))),
  beforeDelete: (state, image) => {
    const users = vmsUsingImage(state, image.ID);
    if (users.length > 0) {
      throw new OneFailure(
        ONE_ERROR.ACTION,
        `Cannot delete image [${image.ID}]: it is used by VM(s) ${users.join(', ')}.`,
        image.ID,
      );
    }
  },
};

export const VNETS: OwnedKind<VnetRecord> = {
  namespace: 'vn',
  kind: 'vnet',
  collection: (state) => state.vnets,
  document: (state, vnet) => vnetDocument(state, vnet),
  poolDocument: vnetPoolDocument,
};

/** `IMAGE_TYPES`: the TYPE attribute's names (include/Image.h). */
const IMAGE_TYPES = ['OS', 'CDROM', 'DATABLOCK', 'KERNEL', 'RAMDISK', 'CONTEXT', 'BACKUP', 'FILESYSTEM'];

/** The NAME a new object's template must carry. */
function requiredName(kind: Parameters<typeof allocateFailure>[0], template: Template): string {
  const name = attribute(template, 'NAME');
  if (name === undefined || name.trim() === '') throw allocateFailure(kind, 'No NAME in template.');
  return name;
}

function ownedBase(call: Call, template: Template, name: string) {
  return { UID: call.user.ID, GID: call.user.GID, NAME: name, PERMISSIONS: DEFAULT_PERMISSIONS, template };
}

function allocateTemplate(call: Call): number {
  const template = parseTemplate(call.params.string(1));
  const name = requiredName('template', template);
  checkNameFree(call.state, TEMPLATES, call.user.ID, name);
  return call.state.templates.insert((ID) => ({
    ID,
    ...ownedBase(call, template, name),
    REGTIME: call.state.now(),
  })).ID;
}

function allocateImage(call: Call): number {
  const template = parseTemplate(call.params.string(1));
  const datastore = call.params.int(2);
  call.params.bool(3, false); // skip_capacity_check: type-checked, no capacity is modelled
  if (!DATASTORES.has(datastore) || datastore === 0) throw noExists('datastore', datastore);
  const name = requiredName('image', template);
  checkNameFree(call.state, IMAGES, call.user.ID, name);
  const type = IMAGE_TYPES.indexOf((attribute(template, 'TYPE') ?? 'OS').toUpperCase());
  if (type === -1) throw allocateFailure('image', `Unknown image TYPE ${attribute(template, 'TYPE')}.`);
  const size = Number(attribute(template, 'SIZE') ?? 1024);
  const image = call.state.images.insert((ID) => ({
    ID,
    ...ownedBase(call, template, name),
    REGTIME: call.state.now(),
    TYPE: type,
    PERSISTENT: attribute(template, 'PERSISTENT')?.toUpperCase() === 'YES' ? 1 : 0,
    STATE: IMAGE_STATE.LOCKED,
    PREV_STATE: IMAGE_STATE.LOCKED,
    SIZE: Number.isFinite(size) ? Math.round(size) : 1024,
    PATH: attribute(template, 'PATH') ?? '',
    SOURCE: `/var/lib/one//datastores/${datastore}/${ID}`,
    FORMAT: attribute(template, 'FORMAT') ?? 'raw',
    DATASTORE_ID: datastore,
  }));
  // The copy into the datastore takes a while: LOCKED, then READY.
  call.state.timers.after(call.state.transitionMs, () => {
    call.state.images.update(image.ID, { STATE: IMAGE_STATE.READY, PREV_STATE: IMAGE_STATE.LOCKED });
  });
  return image.ID;
}

/** Address ranges from the template's `AR` vectors; MACs are oned's `02:00` + IPv4 style. */
function addressRanges(template: Template): AddressRange[] {
  return vectors(template, 'AR').map((ar, AR_ID) => {
    const type = (vectorValue(ar, 'TYPE') ?? 'ETHER').toUpperCase();
    const size = Number(vectorValue(ar, 'SIZE') ?? '1');
    if (!Number.isInteger(size) || size < 1) throw allocateFailure('vnet', `Wrong SIZE for AR ${AR_ID}.`);
    const ip = vectorValue(ar, 'IP');
    const octets = (ip ?? `10.0.${AR_ID}.1`).split('.').map(Number);
    if (
      octets.length !== 4 ||
      !octets.every((octet) => Number.isInteger(octet) && octet >= 0 && octet <= 255)
    ) {
      throw allocateFailure('vnet', `Wrong IP ${ip} for AR ${AR_ID}.`);
    }
    const hex = octets.map((octet) => octet.toString(16).padStart(2, '0'));
    return {
      AR_ID,
      TYPE: type,
      ...(ip === undefined ? {} : { IP: ip }),
      MAC: vectorValue(ar, 'MAC') ?? `02:00:${hex.join(':')}`,
      SIZE: size,
    };
  });
}

function allocateVnet(call: Call): number {
  const template = parseTemplate(call.params.string(1));
  const cluster = call.params.int(2);
  if (cluster > DEFAULT_CLUSTER.ID) throw noExists('cluster', cluster);
  const name = requiredName('vnet', template);
  checkNameFree(call.state, VNETS, call.user.ID, name);
  const mad = attribute(template, 'VN_MAD');
  if (mad === undefined) throw allocateFailure('vnet', 'VN_MAD is missing in the template.');
  return call.state.vnets.insert((ID) => ({
    ID,
    ...ownedBase(
      call,
      template.filter(([key]) => key !== 'AR'),
      name,
    ),
    BRIDGE: attribute(template, 'BRIDGE') ?? `onebr${ID}`,
    VN_MAD: mad,
    PHYDEV: attribute(template, 'PHYDEV') ?? '',
    STATE: 1, // READY
    CLUSTER_ID: DEFAULT_CLUSTER.ID,
    ars: addressRanges(template),
  })).ID;
}

/** Creates a VM from `template` (hold: in HOLD), named `name` (`%i` stands for its id); returns its id. */
export type AllocateVm = (call: Call, template: Template, hold: boolean, name: string) => number;

/** `one.template.instantiate(id, name, hold, extra, persistent)`: a VM from the template. */
function instantiate(call: Call, allocateVm: AllocateVm): number {
  const template = target(call, TEMPLATES, 'USE');
  const name = call.params.string(2);
  const hold = call.params.bool(3, false);
  const extra = parseTemplate(call.params.string(4, ''));
  call.params.bool(5, false); // persistent: type-checked, images are not cloned
  const merged: Template = [
    ...template.template.filter(([key]) => key !== 'NAME' && !extra.some(([other]) => other === key)),
    ...extra,
    ['TEMPLATE_ID', String(template.ID)],
  ];
  return allocateVm(call, merged, hold, name === '' ? `${template.NAME}-%i` : name);
}

export function catalogMethods(allocateVm: AllocateVm): MethodTable {
  return {
    ...ownedMethods(TEMPLATES),
    ...ownedMethods(IMAGES),
    ...ownedMethods(VNETS),
    'one.template.allocate': allocateTemplate,
    'one.image.allocate': allocateImage,
    'one.vn.allocate': allocateVnet,
    'one.template.instantiate': (call) => instantiate(call, allocateVm),
  };
}
