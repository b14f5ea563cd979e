/** `one.vm.*` and `one.vmpool.info`: allocation, the shared object methods, actions and deploy. */
import { NotFound } from '../../store.js';
import { vmDocument, vmPoolDocument } from '../documents.js';
import { allocateFailure, badParameter, noExists, ONE_ERROR, OneFailure } from '../errors.js';
import type { VmLifecycle } from '../lifecycle.js';
import { DEFAULT_PERMISSIONS, LCM_STATE, VM_STATE, type VmRecord } from '../model.js';
import { allows, authorized, pageOf, poolFilter } from '../state.js';
import { attribute, parseTemplate, type Template, type Vector, vectorValue } from '../template.js';
import { splitVmTemplate } from '../vm-template.js';
import { el } from '../xml-parts.js';
import type { AllocateVm } from './catalog.js';
import { filterFlag, type OwnedKind, ownedMethods, target, xml } from './owned.js';
import type { Call, MethodTable } from './types.js';

export const VMS: OwnedKind<VmRecord> = {
  namespace: 'vm',
  kind: 'vm',
  collection: (state) => state.vms,
  document: vmDocument,
  poolDocument: vmPoolDocument,
  // one.vm.update changes the user template; the system one is oned's.
  updates: { get: (vm) => vm.userTemplate, set: (vm, userTemplate) => ({ ...vm, userTemplate }) },
  deletable: false,
  uniqueNames: false,
};

/** Numbers DISK and NIC vectors (DISK_ID, NIC_ID) and checks the images and networks they name. */
function devices(call: Call, template: Template): Template {
  const counters = { DISK: 0, NIC: 0 };
  return template.map(([name, value]) => {
    if ((name !== 'DISK' && name !== 'NIC') || typeof value === 'string') return [name, value];
    const index = counters[name]++;
    const vector: Vector = [...value, [`${name}_ID`, String(index)]];
    const reference = name === 'DISK' ? vectorValue(value, 'IMAGE_ID') : vectorValue(value, 'NETWORK_ID');
    if (reference !== undefined) {
      const id = Number(reference);
      const found = name === 'DISK' ? call.state.images.get(id) : call.state.vnets.get(id);
      if (!Number.isInteger(id) || found === NotFound) {
        throw allocateFailure(
          'vm',
          `Error getting ${name === 'DISK' ? 'image' : 'virtual network'} [${reference}].`,
        );
      }
      if (name === 'NIC' && 'ars' in found) {
        const [ar] = found.ars;
        vector.push(['NETWORK', found.NAME]);
        if (ar !== undefined)
          vector.push(['MAC', ar.MAC], ...(ar.IP === undefined ? [] : [['IP', ar.IP] as [string, string]]));
      }
    }
    return [name, vector];
  });
}

/** `vmpool.info(filter, start, end, state, query)`: state -2 any, -1 any but DONE, ≥ 0 that state. */
function poolSelection(call: Call): VmRecord[] {
  const flag = filterFlag(call);
  const state = call.params.int(4);
  if (call.params.string(5, '') !== '')
    throw badParameter('The simulator does not evaluate vmpool query filters.');
  const visible = call.state.vms
    .list(poolFilter(call.user, flag))
    .filter((vm) => (state === -2 ? true : state === -1 ? vm.STATE !== VM_STATE.DONE : vm.STATE === state));
  return pageOf(visible, call.params.int(2), call.params.int(3));
}

export function vmMethods(lifecycle: VmLifecycle): { methods: MethodTable; allocateVm: AllocateVm } {
  const allocateVm: AllocateVm = (call, attributes, hold, name) => {
    const { system, user } = splitVmTemplate(
      devices(
        call,
        attributes.filter(([key]) => key !== 'NAME'),
      ),
    );
    const vm = call.state.vms.insert((ID) => ({
      ID,
      UID: call.user.ID,
      GID: call.user.GID,
      NAME: name.replaceAll('%i', String(ID)),
      PERMISSIONS: DEFAULT_PERMISSIONS,
      template: [...system, ['TM_MAD_SYSTEM', ''], ['VMID', String(ID)]],
      userTemplate: user,
      STATE: hold ? VM_STATE.HOLD : VM_STATE.PENDING,
      LCM_STATE: LCM_STATE.LCM_INIT,
      PREV_STATE: hold ? VM_STATE.HOLD : VM_STATE.PENDING,
      PREV_LCM_STATE: LCM_STATE.LCM_INIT,
      RESCHED: 0,
      STIME: call.state.now(),
      ETIME: 0,
      DEPLOY_ID: '',
      history: [],
    }));
    if (!hold) lifecycle.scheduleSoon();
    return vm.ID;
  };

  const methods: MethodTable = {
    ...ownedMethods(VMS),
    'one.vm.allocate': (call) => {
      const template = parseTemplate(call.params.string(1));
      const hold = call.params.bool(2, false);
      return allocateVm(call, template, hold, attribute(template, 'NAME') ?? 'one-%i');
    },
    'one.vm.action': (call) => {
      const action = call.params.string(1);
      const id = call.params.int(2);
      lifecycle.act(action, authorized(call.user, 'vm', call.state.vms.get(id), id, 'MANAGE'));
      return id;
    },
    'one.vm.deploy': (call) => {
      const vm = target(call, VMS, 'ADMIN');
      const hostId = call.params.int(2);
      call.params.bool(3, false);
      call.params.int(4, -1);
      call.params.string(5, '');
      const host = call.state.hosts.get(hostId);
      if (host === NotFound) throw noExists('host', hostId);
      if (vm.STATE !== VM_STATE.PENDING && vm.STATE !== VM_STATE.HOLD) {
        throw new OneFailure(
          ONE_ERROR.ACTION,
          `Error deploying virtual machine [${vm.ID}]: it is not PENDING or HOLD.`,
          vm.ID,
        );
      }
      lifecycle.deploy(vm.ID, host);
      return vm.ID;
    },
    'one.vmpool.info': (call) => xml(vmPoolDocument(call.state, poolSelection(call))),
    // Full VM documents (vm_pool_extended.xsd), same selection.
    'one.vmpool.infoextended': (call) =>
      xml(el('VM_POOL', ...poolSelection(call).map((vm) => vmDocument(call.state, vm)))),
    'one.vmpool.infoset': (call) => {
      const wanted = call.params
        .string(1)
        .split(',')
        .map((part) => Number(part.trim()));
      if (wanted.some((id) => !Number.isInteger(id)))
        throw badParameter('Wrong id list: use comma-separated integers.');
      const extended = call.params.bool(2);
      const vms = call.state.vms.list(
        (vm) => wanted.includes(vm.ID) && allows(call.user, vm as VmRecord, 'USE'),
      );
      return xml(
        extended
          ? el('VM_POOL', ...vms.map((vm) => vmDocument(call.state, vm)))
          : vmPoolDocument(call.state, vms),
      );
    },
  };
  return { methods, allocateVm };
}
