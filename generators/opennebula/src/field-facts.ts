/**
 * What the XSDs do not say of the fields of OpenNebula's answers: which integers are values of the
 * package's constant groups (`src/constants.ts`, from the C++ enums), and what the fields whose
 * meaning is certain hold (OpenNebula's XML-RPC reference and guides, the C++ that writes them).
 * Fields are named `ELEMENT/FIELD`: the element that holds the field, then the field.
 */
import { OBJECT_NOUNS } from './nouns.js';

/** Integer fields that hold a value of a constant group, and the group. */
export const CONSTANT_FIELDS: Readonly<Record<string, string>> = {
  'VM/STATE': 'VM_STATE',
  'VM/PREV_STATE': 'VM_STATE',
  'VM/LCM_STATE': 'LCM_STATE',
  'VM/PREV_LCM_STATE': 'LCM_STATE',
  'HISTORY/ACTION': 'HISTORY_ACTION',
  'HOST/STATE': 'HOST_STATES',
  'HOST/PREV_STATE': 'HOST_STATES',
  'IMAGE/STATE': 'IMAGE_STATES',
  'IMAGE/PREV_STATE': 'IMAGE_STATES',
  'IMAGE/TYPE': 'IMAGE_TYPES',
  'IMAGE/DISK_TYPE': 'DISK_TYPES',
  'DATASTORE/STATE': 'DATASTORE_STATES',
  'DATASTORE/TYPE': 'DATASTORE_TYPES',
  'DATASTORE/DISK_TYPE': 'DISK_TYPES',
  'MARKETPLACE/STATE': 'MARKETPLACE_STATES',
  'MARKETPLACEAPP/STATE': 'MARKETPLACEAPP_STATES',
  'MARKETPLACEAPP/TYPE': 'MARKETPLACEAPP_TYPES',
  'VNET/STATE': 'VN_STATES',
  'VNET/PREV_STATE': 'VN_STATES',
  'ZONE/STATE': 'ZONE_STATES',
};

const EPOCH = 'in seconds since the epoch';

const permission = (who: string, right: string) => `1 when ${who} may ${right} it, 0 when not.`;

const quotaLimit = (what: string) =>
  `${what}. -1 means the default quota applies, -2 that there is no limit; \`_USED\` fields hold what is used.`;

/** Fields by `ELEMENT/FIELD`, or `PARENT/ELEMENT/FIELD` where an element name means two things. */
const FIELD_DOCS: Readonly<Record<string, string>> = {
  'PERMISSIONS/OWNER_U': permission('its owner', 'use'),
  'PERMISSIONS/OWNER_M': permission('its owner', 'manage'),
  'PERMISSIONS/OWNER_A': permission('its owner', 'administer'),
  'PERMISSIONS/GROUP_U': permission('the users of its group', 'use'),
  'PERMISSIONS/GROUP_M': permission('the users of its group', 'manage'),
  'PERMISSIONS/GROUP_A': permission('the users of its group', 'administer'),
  'PERMISSIONS/OTHER_U': permission('every other user', 'use'),
  'PERMISSIONS/OTHER_M': permission('every other user', 'manage'),
  'PERMISSIONS/OTHER_A': permission('every other user', 'administer'),
  'LOCK/LOCKED': 'The level it is locked at (the `level` given to `lock`).',
  'IDS/ID': 'An id.',
  'VM_QUOTA/VM': 'The compute quota.',
  'VM_QUOTA/VM/VMS': quotaLimit('Most VMs that may be created'),
  'VM_QUOTA/VM/MEMORY': quotaLimit('Most memory the VMs may request, in MB'),
  'VM_QUOTA/VM/CPU': quotaLimit('Most CPU the VMs may request'),
  'VM_QUOTA/VM/RUNNING_VMS': quotaLimit('Most VMs that may be running'),
  'VM_QUOTA/VM/RUNNING_MEMORY': quotaLimit('Most memory the running VMs may have, in MB'),
  'VM_QUOTA/VM/RUNNING_CPU': quotaLimit('Most CPU the running VMs may have'),
  'VM_QUOTA/VM/SYSTEM_DISK_SIZE': quotaLimit('Most system disk space the VMs may use, in MB'),
  'DATASTORE_QUOTA/DATASTORE': 'A quota on one datastore.',
  'DATASTORE_QUOTA/DATASTORE/ID': 'The id of the datastore the quota is on.',
  'DATASTORE_QUOTA/DATASTORE/IMAGES': quotaLimit('Most images that may be created in the datastore'),
  'DATASTORE_QUOTA/DATASTORE/SIZE': quotaLimit(
    'Most space that may be used in the datastore (images and their snapshots), in MB',
  ),
  'NETWORK_QUOTA/NETWORK': 'A quota on one virtual network.',
  'NETWORK_QUOTA/NETWORK/ID': 'The id of the virtual network the quota is on.',
  'NETWORK_QUOTA/NETWORK/LEASES': quotaLimit('Most addresses that may be leased from the network'),
  'IMAGE_QUOTA/IMAGE': 'A quota on one image.',
  'IMAGE_QUOTA/IMAGE/ID': 'The id of the image the quota is on.',
  'IMAGE_QUOTA/IMAGE/RVMS': quotaLimit('Most running VMs that may use the image'),
  'VM/STIME': `When the VM was created, ${EPOCH}.`,
  'VM/ETIME': `When the VM was done, ${EPOCH}; 0 before.`,
  'VM/DEPLOY_ID': "The hypervisor's name for the VM, once deployed.",
  'VM/RESCHED': '1 when the VM is marked to be rescheduled (the `resched` action), else 0.',
  'VM/USER_TEMPLATE': 'The attributes users set on the VM (`one.vm.update`), as a plain object.',
  'HISTORY/OID': "The VM's id.",
  'HISTORY/SEQ': "The record's number in the VM's history, from 0.",
  'HISTORY/HOSTNAME': "The host's name.",
  'HISTORY/HID': "The host's id.",
  'HISTORY/CID': "The id of the host's cluster.",
  'HISTORY/DS_ID': "The system datastore's id.",
  'HISTORY/VM_MAD': 'The virtualization driver.',
  'HISTORY/TM_MAD': 'The transfer driver.',
  'HISTORY/STIME': `When the record starts, ${EPOCH}.`,
  'HISTORY/ETIME': `When the record ends, ${EPOCH}; 0 while it is open.`,
  'HISTORY/PSTIME': `When the prolog (copying the VM's files to the host) starts, ${EPOCH}.`,
  'HISTORY/PETIME': `When the prolog ends, ${EPOCH}.`,
  'HISTORY/RSTIME': `When the VM starts running, ${EPOCH}.`,
  'HISTORY/RETIME': `When the VM stops running, ${EPOCH}.`,
  'HISTORY/ESTIME': `When the epilog (cleaning the host up) starts, ${EPOCH}.`,
  'HISTORY/EETIME': `When the epilog ends, ${EPOCH}.`,
  'HOST/IM_MAD': 'The information (monitoring) driver, by its name in oned.conf.',
  'HOST/VM_MAD': 'The virtualization driver, by its name in oned.conf.',
  'HOST/CLUSTER_ID': "The id of the host's cluster.",
  'HOST/CLUSTER': "The name of the host's cluster.",
  'IMAGE/PERSISTENT': '1 when the image is persistent, else 0.',
  'IMAGE/SIZE': "The image's size, in MB.",
  'IMAGE/RUNNING_VMS': 'How many VMs use the image.',
  'IMAGE/VMS': 'The ids of the VMs that use the image.',
  'IMAGE/DATASTORE_ID': "The id of the image's datastore.",
  'IMAGE/DATASTORE': "The name of the image's datastore.",
  'DATASTORE/DS_MAD': 'The datastore driver.',
  'DATASTORE/TM_MAD': 'The transfer driver.',
  'DATASTORE/TOTAL_MB': 'Its capacity, in MB.',
  'DATASTORE/FREE_MB': 'Its free space, in MB.',
  'DATASTORE/USED_MB': 'Its used space, in MB.',
  'DATASTORE/CLUSTERS': 'The ids of the clusters it is in.',
  'DATASTORE/IMAGES': 'The ids of the images it holds.',
  'CLUSTER/HOSTS': 'The ids of its hosts.',
  'CLUSTER/DATASTORES': 'The ids of its datastores.',
  'CLUSTER/VNETS': 'The ids of its virtual networks.',
  'GROUP/USERS': 'The ids of its users.',
  'GROUP/ADMINS': 'The ids of its administrators.',
  'USER/GID': "The id of the user's primary group.",
  'USER/GNAME': "The name of the user's primary group.",
  'USER/GROUPS': 'The ids of every group the user is in, the primary one included.',
  'USER/AUTH_DRIVER': 'The authentication driver (`core`, `ldap`…).',
  'USER/ENABLED': '1 when the user is enabled, 0 when disabled.',
  'MARKETPLACE/MARKET_MAD': 'The marketplace driver.',
  'MARKETPLACE/TOTAL_MB': 'Its capacity, in MB.',
  'MARKETPLACE/FREE_MB': 'Its free space, in MB.',
  'MARKETPLACE/USED_MB': 'Its used space, in MB.',
  'MARKETPLACE/MARKETPLACEAPPS': 'The ids of its apps.',
  'MARKETPLACEAPP/MARKETPLACE_ID': "The id of the app's marketplace.",
  'MARKETPLACEAPP/MARKETPLACE': "The name of the app's marketplace.",
  'MARKETPLACEAPP/SIZE': "The app's size, in MB.",
  'VNET/VN_MAD': 'The network driver.',
  'VNET/USED_LEASES': 'How many of its addresses are leased.',
  'VNET/CLUSTERS': 'The ids of the clusters it is in.',
  'ACL/USER': "The rule's user part, as a hex number (what `one.acl.addrule` takes).",
  'ACL/RESOURCE': "The rule's resource part, as a hex number.",
  'ACL/RIGHTS': "The rule's rights part, as a hex number.",
  'ACL/ZONE': "The rule's zone part, as a hex number.",
  'ACL/STRING': 'The rule as text (`#5 VM+NET/@100 USE+MANAGE`).',
  'SHOWBACK/VMID': "The VM's id.",
  'SHOWBACK/VMNAME': "The VM's name.",
  'SHOWBACK/YEAR': 'The year of the record.',
  'SHOWBACK/MONTH': 'The month of the record (January is 1).',
  'SHOWBACK/CPU_COST': "The VM's CPU cost in that month.",
  'SHOWBACK/MEMORY_COST': "The VM's memory cost in that month.",
  'SHOWBACK/DISK_COST': "The VM's disk cost in that month.",
  'SHOWBACK/TOTAL_COST': "The VM's whole cost in that month.",
  'SHOWBACK/HOURS': 'How many hours the VM ran in that month.',
};

/** Fields of every object (a VM, a host… and the members of their pools), for its noun. */
const OBJECT_FIELDS: Readonly<Record<string, (noun: string) => string>> = {
  ID: (noun) => `The ${noun}'s id.`,
  NAME: (noun) => `The ${noun}'s name.`,
  TEMPLATE: (noun) =>
    `The ${noun}'s attributes (its template), as a plain object: read them with {@link vector} and {@link single}.`,
  REGTIME: (noun) => `When the ${noun} was created, ${EPOCH}.`,
};

/** Fields of the objects that have an owner (those with UNAME). */
const OWNED_FIELDS: Readonly<Record<string, string>> = {
  UID: 'The id of the user that owns it.',
  GID: 'The id of its group.',
  UNAME: 'The name of the user that owns it.',
  GNAME: 'The name of its group.',
  PERMISSIONS: 'Who may use, manage and administer it (what `chmod` sets).',
  LOCK: 'Present while it is locked (`lock`, `unlock`).',
};

/** Where a field is: the element path of the record that holds it, and its fields' names. */
export interface FieldPlace {
  /** `['VM_POOL', 'VM']`; a shared.xsd type is its own one-element path. */
  path: readonly string[];
  fieldNames: readonly string[];
}

/** The doc comment of field `name` from the tables above, or undefined. */
export function factDoc(place: FieldPlace, name: string): string | undefined {
  const element = place.path.at(-1) ?? '';
  const own = FIELD_DOCS[[...place.path.slice(-2), name].join('/')] ?? FIELD_DOCS[`${element}/${name}`];
  if (own !== undefined) return own;
  const noun = OBJECT_NOUNS[element];
  if (noun === undefined || !isObjectPath(place.path)) return undefined;
  if (place.fieldNames.includes('UNAME') && OWNED_FIELDS[name] !== undefined) return OWNED_FIELDS[name];
  return OBJECT_FIELDS[name]?.(noun.one);
}

/** An object's own document (`VM`), or a member of a pool's (`VM_POOL/VM`). */
function isObjectPath(path: readonly string[]): boolean {
  return path.length === 1 || (path.length === 2 && (path[0] ?? '').endsWith('_POOL'));
}

/** The doc comment of a field that holds a value of constant group `group`. */
export function constantDoc(group: string): string {
  return `A value of {@link ${group}}; \`nameOf(${group}, value)\` gives its name.`;
}
