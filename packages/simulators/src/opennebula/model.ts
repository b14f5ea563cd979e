/** The records the OpenNebula simulator stores, and the state numbers oned uses for them. */
import type { Template } from './template.js';

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
} as const;

/** The `VirtualMachine::LcmState` values the simulator passes through. */
export const LCM_STATE = {
  LCM_INIT: 0,
  PROLOG: 1,
  BOOT: 2,
  RUNNING: 3,
  SAVE_STOP: 5,
  SAVE_SUSPEND: 6,
  EPILOG_STOP: 10,
  EPILOG: 11,
  SHUTDOWN: 12,
  SHUTDOWN_POWEROFF: 18,
  BOOT_POWEROFF: 20,
  BOOT_SUSPENDED: 21,
  SHUTDOWN_UNDEPLOY: 29,
  EPILOG_UNDEPLOY: 30,
} as const;

/** `Host::HostState` values the simulator uses. */
export const HOST_STATE = { INIT: 0, MONITORED: 2, DISABLED: 4, OFFLINE: 8 } as const;

/** `Image::ImageState` values the simulator uses. */
export const IMAGE_STATE = { READY: 1, USED: 2, LOCKED: 4 } as const;

/** OWNER_U … OTHER_A, each 0 or 1, in the XSD's order. */
export type Permissions = [number, number, number, number, number, number, number, number, number];

/** oned's default umask 177: the owner may use and manage, nobody else anything. */
export const DEFAULT_PERMISSIONS: Permissions = [1, 1, 0, 0, 0, 0, 0, 0, 0];

/** What every owned object (template, image, network, VM) has. */
export interface Owned {
  ID: number;
  UID: number;
  GID: number;
  NAME: string;
  PERMISSIONS: Permissions;
  template: Template;
}

export interface UserRecord {
  ID: number;
  NAME: string;
  /** SHA-256 hex of the password, as the core driver stores it. */
  PASSWORD: string;
  AUTH_DRIVER: string;
  GID: number;
  GROUPS: number[];
  ENABLED: number;
  template: Template;
}

export interface HostRecord {
  ID: number;
  NAME: string;
  STATE: number;
  PREV_STATE: number;
  IM_MAD: string;
  VM_MAD: string;
  CLUSTER_ID: number;
  template: Template;
}

export interface TemplateRecord extends Owned {
  REGTIME: number;
}

export interface ImageRecord extends Owned {
  REGTIME: number;
  TYPE: number;
  PERSISTENT: number;
  STATE: number;
  PREV_STATE: number;
  SIZE: number;
  PATH: string;
  SOURCE: string;
  FORMAT: string;
  DATASTORE_ID: number;
}

export interface AddressRange {
  AR_ID: number;
  TYPE: string;
  IP?: string;
  MAC: string;
  SIZE: number;
}

export interface VnetRecord extends Owned {
  BRIDGE: string;
  VN_MAD: string;
  PHYDEV: string;
  STATE: number;
  CLUSTER_ID: number;
  ars: AddressRange[];
}

/** One HISTORY record: a VM's stay on a host. */
export interface HistoryRecord {
  SEQ: number;
  HID: number;
  HOSTNAME: string;
  VM_MAD: string;
  STIME: number;
  ETIME: number;
  ACTION: number;
}

export interface VmRecord extends Owned {
  STATE: number;
  LCM_STATE: number;
  PREV_STATE: number;
  PREV_LCM_STATE: number;
  RESCHED: number;
  STIME: number;
  ETIME: number;
  DEPLOY_ID: string;
  userTemplate: Template;
  history: HistoryRecord[];
}

/** The groups every simulated cloud has (oned creates them at bootstrap). */
export const GROUPS: ReadonlyMap<number, string> = new Map([
  [0, 'oneadmin'],
  [1, 'users'],
]);

/** The datastores every simulated cloud has: oned's bootstrap ones. */
export const DATASTORES: ReadonlyMap<number, string> = new Map([
  [0, 'system'],
  [1, 'default'],
  [2, 'files'],
]);

/** The cluster every host and network joins. */
export const DEFAULT_CLUSTER = { ID: 0, NAME: 'default' } as const;
