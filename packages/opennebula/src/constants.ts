/**
 * OpenNebula's enumerations under pyone's names, with the values of the current C++ enums
 * (oned 7.5.80: `include/VirtualMachine.h`, `Host.h`, `Image.h`, `Datastore.h`, `MarketPlace.h`,
 * `MarketPlaceApp.h`, `VirtualNetwork.h`, `Zone.h`, `VMActions.h`, `src/rm/api/HostAPI.h`), not
 * pyone's drifted ones: LCM_STATE goes up to RESTORE (71), IMAGE_TYPES has BACKUP (6) and
 * FILESYSTEM (7), DISK_TYPES has RBD_CDROM (4) and FILE_SYSTEM (10), DATASTORE_TYPES has BACKUP (3),
 * HISTORY_ACTION names are the strings oned writes. Entries the C++ headers have commented out (VM_STATE.FAILED, the old HOST_STATES
 * MONITORING_*, LCM states 13, 14, 55, 58) are left out. DATASTORE_TYPES drops C++'s `_DS` suffix
 * as pyone does. Pyone has no group for the states of virtual networks, marketplaces and zones:
 * `VN_STATES` (the Ruby OCA's name), `MARKETPLACE_STATES` and `ZONE_STATES` follow its naming.
 * Checked against the research table in constants.test.ts.
 *
 * Each group is an object (`VM_STATE.ACTIVE === 3`) and the union of its values (`VM_STATE`, the
 * type of `vm.STATE`); `nameOf(VM_STATE, 3)` is `'ACTIVE'`, as pyone's `VM_STATE(3).name`.
 */

/**
 * The name of `value` in constant group `group`: `nameOf(VM_STATE, 3)` is `'ACTIVE'`,
 * `nameOf(HISTORY_ACTION, 27)` is `'terminate'`; undefined for a value the group lacks (one a newer
 * oned added). Typed as narrowly as the value: the name of a literal, the names of a group's union.
 */
export function nameOf<const Group extends Readonly<Record<string, number>>, Value extends number>(
  group: Group,
  value: Value,
): ConstantName<Group, Value>;
export function nameOf(group: Readonly<Record<string, number>>, value: number): string | undefined {
  return Object.keys(group).find((name) => group[name] === value);
}

/**
 * What `nameOf(group, value)` gives: the names of `group` whose value may be `value`, and
 * `undefined` when `value` may be a number the group lacks.
 */
export type ConstantName<Group extends Readonly<Record<string, number>>, Value extends number> =
  | { [Name in keyof Group]: Group[Name] extends Value ? Name : never }[keyof Group]
  | (Value extends Group[keyof Group] ? never : undefined);

/** `VirtualMachine::VmState` (include/VirtualMachine.h). */
export const VM_STATE = {
  INIT: 0,
  PENDING: 1,
  HOLD: 2,
  ACTIVE: 3,
  STOPPED: 4,
  SUSPENDED: 5,
  DONE: 6,
  POWEROFF: 8,
  UNDEPLOYED: 9,
  CLONING: 10,
  CLONING_FAILURE: 11,
} as const;
export type VM_STATE = (typeof VM_STATE)[keyof typeof VM_STATE];

/** `VirtualMachine::LcmState` (include/VirtualMachine.h). */
export const LCM_STATE = {
  LCM_INIT: 0,
  PROLOG: 1,
  BOOT: 2,
  RUNNING: 3,
  MIGRATE: 4,
  SAVE_STOP: 5,
  SAVE_SUSPEND: 6,
  SAVE_MIGRATE: 7,
  PROLOG_MIGRATE: 8,
  PROLOG_RESUME: 9,
  EPILOG_STOP: 10,
  EPILOG: 11,
  SHUTDOWN: 12,
  CLEANUP_RESUBMIT: 15,
  UNKNOWN: 16,
  HOTPLUG: 17,
  SHUTDOWN_POWEROFF: 18,
  BOOT_UNKNOWN: 19,
  BOOT_POWEROFF: 20,
  BOOT_SUSPENDED: 21,
  BOOT_STOPPED: 22,
  CLEANUP_DELETE: 23,
  HOTPLUG_SNAPSHOT: 24,
  HOTPLUG_NIC: 25,
  HOTPLUG_SAVEAS: 26,
  HOTPLUG_SAVEAS_POWEROFF: 27,
  HOTPLUG_SAVEAS_SUSPENDED: 28,
  SHUTDOWN_UNDEPLOY: 29,
  EPILOG_UNDEPLOY: 30,
  PROLOG_UNDEPLOY: 31,
  BOOT_UNDEPLOY: 32,
  HOTPLUG_PROLOG_POWEROFF: 33,
  HOTPLUG_EPILOG_POWEROFF: 34,
  BOOT_MIGRATE: 35,
  BOOT_FAILURE: 36,
  BOOT_MIGRATE_FAILURE: 37,
  PROLOG_MIGRATE_FAILURE: 38,
  PROLOG_FAILURE: 39,
  EPILOG_FAILURE: 40,
  EPILOG_STOP_FAILURE: 41,
  EPILOG_UNDEPLOY_FAILURE: 42,
  PROLOG_MIGRATE_POWEROFF: 43,
  PROLOG_MIGRATE_POWEROFF_FAILURE: 44,
  PROLOG_MIGRATE_SUSPEND: 45,
  PROLOG_MIGRATE_SUSPEND_FAILURE: 46,
  BOOT_UNDEPLOY_FAILURE: 47,
  BOOT_STOPPED_FAILURE: 48,
  PROLOG_RESUME_FAILURE: 49,
  PROLOG_UNDEPLOY_FAILURE: 50,
  DISK_SNAPSHOT_POWEROFF: 51,
  DISK_SNAPSHOT_REVERT_POWEROFF: 52,
  DISK_SNAPSHOT_DELETE_POWEROFF: 53,
  DISK_SNAPSHOT_SUSPENDED: 54,
  DISK_SNAPSHOT_DELETE_SUSPENDED: 56,
  DISK_SNAPSHOT: 57,
  DISK_SNAPSHOT_DELETE: 59,
  PROLOG_MIGRATE_UNKNOWN: 60,
  PROLOG_MIGRATE_UNKNOWN_FAILURE: 61,
  DISK_RESIZE: 62,
  DISK_RESIZE_POWEROFF: 63,
  DISK_RESIZE_UNDEPLOYED: 64,
  HOTPLUG_NIC_POWEROFF: 65,
  HOTPLUG_RESIZE: 66,
  HOTPLUG_SAVEAS_UNDEPLOYED: 67,
  HOTPLUG_SAVEAS_STOPPED: 68,
  BACKUP: 69,
  BACKUP_POWEROFF: 70,
  RESTORE: 71,
} as const;
export type LCM_STATE = (typeof LCM_STATE)[keyof typeof LCM_STATE];

/** `Host::HostState` (include/Host.h). */
export const HOST_STATES = {
  INIT: 0,
  MONITORED: 2,
  ERROR: 3,
  DISABLED: 4,
  OFFLINE: 8,
} as const;
export type HOST_STATES = (typeof HOST_STATES)[keyof typeof HOST_STATES];

/** `HostAPI::Status` (src/rm/api/HostAPI.h). */
export const HOST_STATUS = {
  ENABLED: 0,
  DISABLED: 1,
  OFFLINE: 2,
} as const;
export type HOST_STATUS = (typeof HOST_STATUS)[keyof typeof HOST_STATUS];

/** `Image::ImageState` (include/Image.h). */
export const IMAGE_STATES = {
  INIT: 0,
  READY: 1,
  USED: 2,
  DISABLED: 3,
  LOCKED: 4,
  ERROR: 5,
  CLONE: 6,
  DELETE: 7,
  USED_PERS: 8,
  LOCKED_USED: 9,
  LOCKED_USED_PERS: 10,
} as const;
export type IMAGE_STATES = (typeof IMAGE_STATES)[keyof typeof IMAGE_STATES];

/** `Image::ImageType` (include/Image.h). */
export const IMAGE_TYPES = {
  OS: 0,
  CDROM: 1,
  DATABLOCK: 2,
  KERNEL: 3,
  RAMDISK: 4,
  CONTEXT: 5,
  BACKUP: 6,
  FILESYSTEM: 7,
} as const;
export type IMAGE_TYPES = (typeof IMAGE_TYPES)[keyof typeof IMAGE_TYPES];

/** `Image::DiskType` (include/Image.h). */
export const DISK_TYPES = {
  FILE: 0,
  CD_ROM: 1,
  BLOCK: 2,
  RBD: 3,
  RBD_CDROM: 4,
  GLUSTER: 5,
  GLUSTER_CDROM: 6,
  SHEEPDOG: 7,
  SHEEPDOG_CDROM: 8,
  ISCSI: 9,
  FILE_SYSTEM: 10,
  NONE: 255,
} as const;
export type DISK_TYPES = (typeof DISK_TYPES)[keyof typeof DISK_TYPES];

/** `Datastore::DatastoreType` (include/Datastore.h). */
export const DATASTORE_TYPES = {
  IMAGE: 0,
  SYSTEM: 1,
  FILE: 2,
  BACKUP: 3,
} as const;
export type DATASTORE_TYPES = (typeof DATASTORE_TYPES)[keyof typeof DATASTORE_TYPES];

/** `Datastore::DatastoreState` (include/Datastore.h). */
export const DATASTORE_STATES = {
  READY: 0,
  DISABLED: 1,
} as const;
export type DATASTORE_STATES = (typeof DATASTORE_STATES)[keyof typeof DATASTORE_STATES];

/** `MarketPlace::MarketPlaceState` (include/MarketPlace.h). */
export const MARKETPLACE_STATES = {
  ENABLED: 0,
  DISABLED: 1,
} as const;
export type MARKETPLACE_STATES = (typeof MARKETPLACE_STATES)[keyof typeof MARKETPLACE_STATES];

/** `MarketPlaceApp::State` (include/MarketPlaceApp.h). */
export const MARKETPLACEAPP_STATES = {
  INIT: 0,
  READY: 1,
  LOCKED: 2,
  ERROR: 3,
  DISABLED: 4,
} as const;
export type MARKETPLACEAPP_STATES = (typeof MARKETPLACEAPP_STATES)[keyof typeof MARKETPLACEAPP_STATES];

/** `MarketPlaceApp::Type` (include/MarketPlaceApp.h). */
export const MARKETPLACEAPP_TYPES = {
  UNKNOWN: 0,
  IMAGE: 1,
  VMTEMPLATE: 2,
  SERVICE_TEMPLATE: 3,
} as const;
export type MARKETPLACEAPP_TYPES = (typeof MARKETPLACEAPP_TYPES)[keyof typeof MARKETPLACEAPP_TYPES];

/** `VirtualNetwork::VirtualNetworkState` (include/VirtualNetwork.h). */
export const VN_STATES = {
  INIT: 0,
  READY: 1,
  LOCK_CREATE: 2,
  LOCK_DELETE: 3,
  DONE: 4,
  ERROR: 5,
  UPDATE_FAILURE: 6,
} as const;
export type VN_STATES = (typeof VN_STATES)[keyof typeof VN_STATES];

/** `Zone::ZoneState` (include/Zone.h). */
export const ZONE_STATES = {
  ENABLED: 0,
  DISABLED: 1,
} as const;
export type ZONE_STATES = (typeof ZONE_STATES)[keyof typeof ZONE_STATES];

/** `VMActions::Action` (include/VMActions.h). */
export const HISTORY_ACTION = {
  none: 0,
  migrate: 1,
  'live-migrate': 2,
  undeploy: 5,
  'undeploy-hard': 6,
  hold: 7,
  release: 8,
  stop: 9,
  suspend: 10,
  resume: 11,
  delete: 13,
  'delete-recreate': 14,
  reboot: 15,
  'reboot-hard': 16,
  resched: 17,
  unresched: 18,
  poweroff: 19,
  'poweroff-hard': 20,
  'disk-attach': 21,
  'disk-detach': 22,
  'nic-attach': 23,
  'nic-detach': 24,
  'disk-snapshot-create': 25,
  'disk-snapshot-delete': 26,
  terminate: 27,
  'terminate-hard': 28,
  'disk-resize': 29,
  deploy: 30,
  chown: 31,
  chmod: 32,
  updateconf: 33,
  rename: 34,
  resize: 35,
  update: 36,
  'snapshot-create': 37,
  'snapshot-delete': 38,
  'snapshot-revert': 39,
  'disk-saveas': 40,
  'disk-snapshot-revert': 41,
  recover: 42,
  retry: 43,
  monitor: 44,
  'disk-snapshot-rename': 45,
  'alias-attach': 46,
  'alias-detach': 47,
  'poweroff-migrate': 48,
  'poweroff-hard-migrate': 49,
  backup: 50,
  'nic-update': 51,
  'backup-cancel': 52,
  'sched-add': 53,
  'sched-update': 54,
  'sched-delete': 55,
  'sg-attach': 56,
  'sg-detach': 57,
  'pci-attach': 58,
  'pci-detach': 59,
  restore: 60,
  exec: 61,
  'exec-retry': 62,
  'exec-cancel': 63,
  'vmgroup-add': 64,
  'vmgroup-del': 65,
} as const;
export type HISTORY_ACTION = (typeof HISTORY_ACTION)[keyof typeof HISTORY_ACTION];
