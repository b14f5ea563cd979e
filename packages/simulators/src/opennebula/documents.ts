/**
 * The XML documents oned answers, element for element in the order of the pinned XSDs
 * (share/doc/xsd/*.xsd): each object's `info` document and its pool's. Like oned, no XML
 * declaration and no namespace.
 */
import type { XmlBuildElement } from '@overcast/runtime/xml';
import {
  DATASTORES,
  DEFAULT_CLUSTER,
  GROUPS,
  type HistoryRecord,
  type HostRecord,
  type ImageRecord,
  type Owned,
  type TemplateRecord,
  type UserRecord,
  type VmRecord,
  type VnetRecord,
} from './model.js';
import type { OneState } from './state.js';
import { vmSystemTemplate } from './vm-template.js';
import { el, ids, leaf, leaves, permissions, templateElement } from './xml-parts.js';

/** ID, UID, GID, UNAME, GNAME, NAME: the head every owned object's document starts with. */
function ownedHead(state: OneState, object: Owned): (XmlBuildElement | undefined)[] {
  return [
    leaf('ID', object.ID),
    leaf('UID', object.UID),
    leaf('GID', object.GID),
    leaf('UNAME', state.userName(object.UID)),
    leaf('GNAME', GROUPS.get(object.GID) ?? ''),
    leaf('NAME', object.NAME),
  ];
}

function groupName(gid: number): string {
  return GROUPS.get(gid) ?? '';
}

/** `USER` (user.xsd); `inPool` leaves out the quota elements, as `USER_POOL` members do. */
export function userDocument(user: UserRecord, inPool = false): XmlBuildElement {
  return el(
    'USER',
    leaf('ID', user.ID),
    leaf('GID', user.GID),
    ids('GROUPS', user.GROUPS),
    leaf('GNAME', groupName(user.GID)),
    ...leaves(user, ['NAME', 'PASSWORD', 'AUTH_DRIVER', 'ENABLED']),
    templateElement('TEMPLATE', user.template),
    inPool ? undefined : el('DEFAULT_USER_QUOTAS'),
  );
}

export function userPoolDocument(users: UserRecord[]): XmlBuildElement {
  return el('USER_POOL', ...users.map((user) => userDocument(user, true)), el('DEFAULT_USER_QUOTAS'));
}

/** `HOST` (host.xsd) with a fixed, idle host share. */
export function hostDocument(host: HostRecord, vms: number[]): XmlBuildElement {
  const share = {
    MEM_USAGE: 0,
    CPU_USAGE: 0,
    TOTAL_MEM: 16_777_216,
    TOTAL_CPU: 800,
    MAX_MEM: 16_777_216,
    MAX_CPU: 800,
    RUNNING_VMS: vms.length,
    VMS_THREAD: 0,
  };
  return el(
    'HOST',
    ...leaves(host, ['ID', 'NAME', 'STATE', 'PREV_STATE', 'IM_MAD', 'VM_MAD', 'CLUSTER_ID']),
    leaf('CLUSTER', DEFAULT_CLUSTER.NAME),
    el(
      'HOST_SHARE',
      ...leaves(share, Object.keys(share)),
      el(
        'DATASTORES',
        leaf('DISK_USAGE', 0),
        leaf('FREE_DISK', 0),
        leaf('MAX_DISK', 0),
        leaf('USED_DISK', 0),
      ),
      el('PCI_DEVICES'),
      el('NUMA_NODES'),
    ),
    ids('VMS', vms),
    templateElement('TEMPLATE', host.template),
    el('MONITORING'),
  );
}

export function hostPoolDocument(hosts: XmlBuildElement[]): XmlBuildElement {
  return el('HOST_POOL', ...hosts);
}

/** `VMTEMPLATE` (vmtemplate.xsd). */
export function templateDocument(state: OneState, template: TemplateRecord): XmlBuildElement {
  return el(
    'VMTEMPLATE',
    ...ownedHead(state, template),
    permissions(template.PERMISSIONS),
    leaf('REGTIME', template.REGTIME),
    templateElement('TEMPLATE', template.template),
  );
}

export function templatePoolDocument(state: OneState, templates: TemplateRecord[]): XmlBuildElement {
  return el('VMTEMPLATE_POOL', ...templates.map((template) => templateDocument(state, template)));
}

/** `IMAGE` (image.xsd). */
export function imageDocument(state: OneState, image: ImageRecord, vms: number[]): XmlBuildElement {
  return el(
    'IMAGE',
    ...ownedHead(state, image),
    permissions(image.PERMISSIONS),
    leaf('TYPE', image.TYPE),
    leaf('DISK_TYPE', 0),
    leaf('PERSISTENT', image.PERSISTENT),
    leaf('REGTIME', image.REGTIME),
    leaf('MODTIME', image.REGTIME),
    ...leaves(image, ['SOURCE', 'PATH', 'FORMAT']),
    leaf('FS', ''),
    ...leaves(image, ['SIZE', 'STATE', 'PREV_STATE']),
    leaf('RUNNING_VMS', vms.length),
    leaf('CLONING_OPS', 0),
    leaf('CLONING_ID', -1),
    leaf('TARGET_SNAPSHOT', -1),
    leaf('DATASTORE_ID', image.DATASTORE_ID),
    leaf('DATASTORE', DATASTORES.get(image.DATASTORE_ID) ?? ''),
    ids('VMS', vms),
    ids('CLONES', []),
    ids('APP_CLONES', []),
    templateElement('TEMPLATE', image.template),
    el('SNAPSHOTS', leaf('ALLOW_ORPHANS', 'NO'), leaf('CURRENT_BASE', -1), leaf('NEXT_SNAPSHOT', 0)),
    el('BACKUP_INCREMENTS'),
  );
}

export function imagePoolDocument(images: XmlBuildElement[]): XmlBuildElement {
  return el('IMAGE_POOL', ...images);
}

/** `VNET` (vnet.xsd); `inPool` writes the shorter address ranges of `VNET_POOL` (vnet_pool.xsd). */
export function vnetDocument(state: OneState, vnet: VnetRecord, inPool = false): XmlBuildElement {
  const ranges = vnet.ars.map((ar) =>
    el(
      'AR',
      leaf('AR_ID', ar.AR_ID),
      leaf('IP', ar.IP),
      leaf('MAC', ar.MAC),
      leaf('NEXT_INDEX', 0),
      leaf('SIZE', ar.SIZE),
      leaf('TYPE', ar.TYPE),
      inPool ? undefined : leaf('USED_LEASES', 0),
    ),
  );
  return el(
    'VNET',
    ...ownedHead(state, vnet),
    permissions(vnet.PERMISSIONS),
    ids('CLUSTERS', [vnet.CLUSTER_ID]),
    leaf('BRIDGE', vnet.BRIDGE),
    leaf('STATE', vnet.STATE),
    leaf('PREV_STATE', vnet.STATE),
    leaf('PARENT_NETWORK_ID', ''),
    leaf('TEMPLATE_ID', '-1'),
    leaf('VN_MAD', vnet.VN_MAD),
    leaf('PHYDEV', vnet.PHYDEV),
    leaf('VLAN_ID_AUTOMATIC', '0'),
    leaf('OUTER_VLAN_ID_AUTOMATIC', '0'),
    leaf('USED_LEASES', 0),
    ...['VROUTERS', 'UPDATED_VMS', 'OUTDATED_VMS', 'UPDATING_VMS', 'ERROR_VMS'].map((name) => ids(name, [])),
    templateElement('TEMPLATE', vnet.template),
    el('AR_POOL', ...ranges),
  );
}

export function vnetPoolDocument(state: OneState, vnets: VnetRecord[]): XmlBuildElement {
  return el('VNET_POOL', ...vnets.map((vnet) => vnetDocument(state, vnet, true)));
}

const HISTORY_TIMES = ['PSTIME', 'PETIME', 'RSTIME', 'RETIME', 'ESTIME', 'EETIME'] as const;

function historyDocument(vm: VmRecord, history: HistoryRecord, full: boolean): XmlBuildElement {
  const common = [
    leaf('OID', vm.ID),
    leaf('SEQ', history.SEQ),
    leaf('HOSTNAME', history.HOSTNAME),
    leaf('HID', history.HID),
    leaf('CID', DEFAULT_CLUSTER.ID),
  ];
  if (!full) {
    return el(
      'HISTORY',
      ...common,
      leaf('DS_ID', 0),
      leaf('VM_MAD', history.VM_MAD),
      leaf('TM_MAD', 'ssh'),
      leaf('ACTION', history.ACTION),
    );
  }
  return el(
    'HISTORY',
    ...common,
    leaf('STIME', history.STIME),
    leaf('ETIME', history.ETIME),
    leaf('VM_MAD', history.VM_MAD),
    leaf('TM_MAD', 'ssh'),
    leaf('DS_ID', 0),
    leaf('PLAN_ID', -1),
    leaf('ACTION_ID', -1),
    ...HISTORY_TIMES.map((name) => leaf(name, name.endsWith('ETIME') ? history.ETIME : history.STIME)),
    leaf('ACTION', history.ACTION),
    leaf('UID', vm.UID),
    leaf('GID', vm.GID),
    leaf('REQUEST_ID', '-1'),
  );
}

/** `VM` (vm.xsd): the full document of `one.vm.info`. */
export function vmDocument(state: OneState, vm: VmRecord): XmlBuildElement {
  return el(
    'VM',
    ...ownedHead(state, vm),
    permissions(vm.PERMISSIONS),
    leaf('LAST_POLL', 0),
    ...leaves(vm, [
      'STATE',
      'LCM_STATE',
      'PREV_STATE',
      'PREV_LCM_STATE',
      'RESCHED',
      'STIME',
      'ETIME',
      'DEPLOY_ID',
    ]),
    el('MONITORING'),
    ids('SCHED_ACTIONS', []),
    templateElement('TEMPLATE', vmSystemTemplate(vm.template, 'full')),
    templateElement('USER_TEMPLATE', vm.userTemplate),
    el('HISTORY_RECORDS', ...vm.history.map((history) => historyDocument(vm, history, true))),
    el('BACKUPS', el('BACKUP_CONFIG'), ids('BACKUP_IDS', [])),
  );
}

/** `VM_POOL` (vm_pool.xsd): the reduced VMs of `one.vmpool.info`. */
export function vmPoolDocument(state: OneState, vms: VmRecord[]): XmlBuildElement {
  return el(
    'VM_POOL',
    ...vms.map((vm) =>
      el(
        'VM',
        ...ownedHead(state, vm),
        leaf('LAST_POLL', 0),
        leaf('STATE', vm.STATE),
        leaf('LCM_STATE', vm.LCM_STATE),
        ...leaves(vm, ['RESCHED', 'STIME', 'ETIME', 'DEPLOY_ID']),
        templateElement('TEMPLATE', vmSystemTemplate(vm.template, 'pool')),
        el('MONITORING'),
        templateElement('USER_TEMPLATE', vm.userTemplate),
        el('HISTORY_RECORDS', ...vm.history.map((history) => historyDocument(vm, history, false))),
      ),
    ),
  );
}
