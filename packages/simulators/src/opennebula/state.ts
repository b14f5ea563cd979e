/**
 * The simulated cloud: collections of users, hosts, templates, images, networks and VMs, the
 * session check, and oned's permission model (owner/group/other × use/manage/admin).
 */
import { createHash } from 'node:crypto';
import { NotFound, Store } from '../store.js';
import type { Timers } from '../timers.js';
import { noExists, notAuthenticated, notAuthorized, type ObjectKind } from './errors.js';
import type {
  HostRecord,
  ImageRecord,
  Owned,
  TemplateRecord,
  UserRecord,
  VmRecord,
  VnetRecord,
} from './model.js';

export type Right = 'USE' | 'MANAGE' | 'ADMIN';

export interface StateOptions {
  /** The oneadmin user's `user:password` session (default `oneadmin:opennebula`). */
  session: string;
  /** How long each VM/host/image state transition takes, in ms. */
  transitionMs: number;
  timers: Timers;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class OneState {
  readonly #store = new Store();
  readonly users = this.#store.collection<UserRecord>({ ids: 'sequential' });
  readonly hosts = this.#store.collection<HostRecord>({ ids: 'sequential' });
  readonly templates = this.#store.collection<TemplateRecord>({ ids: 'sequential' });
  readonly images = this.#store.collection<ImageRecord>({ ids: 'sequential' });
  readonly vnets = this.#store.collection<VnetRecord>({ ids: 'sequential' });
  readonly vms = this.#store.collection<VmRecord>({ ids: 'sequential' });
  readonly transitionMs: number;
  readonly timers: Timers;
  readonly #session: string;

  constructor(options: StateOptions) {
    this.#session = options.session;
    this.transitionMs = options.transitionMs;
    this.timers = options.timers;
    this.reset();
  }

  /** Back to a fresh oned: only the bootstrap users oneadmin (0) and serveradmin (1). */
  reset(): void {
    this.timers.cancelAll();
    this.#store.reset();
    const separator = this.#session.indexOf(':');
    const [name, password] = [this.#session.slice(0, separator), this.#session.slice(separator + 1)];
    for (const user of [name, 'serveradmin']) {
      this.users.insert((ID) => ({
        ID,
        NAME: user,
        PASSWORD: sha256(ID === 0 ? password : 'serveradmin-password-not-for-login'),
        AUTH_DRIVER: ID === 0 ? 'core' : 'server_cipher',
        GID: 0,
        GROUPS: [0],
        ENABLED: 1,
        template: [],
      }));
    }
  }

  /** Seconds since the epoch, as oned writes times. */
  now(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** The user a `user:password` session belongs to, or the AUTHENTICATION failure. */
  authenticate(session: unknown): UserRecord {
    if (typeof session !== 'string') throw notAuthenticated();
    const separator = session.indexOf(':');
    if (separator <= 0) throw notAuthenticated();
    const name = session.slice(0, separator);
    const hash = sha256(session.slice(separator + 1));
    const [user] = this.users.list((candidate) => candidate.NAME === name);
    if (user === undefined || user.PASSWORD !== hash || user.ENABLED !== 1) throw notAuthenticated();
    return user;
  }

  userName(uid: number): string {
    const user = this.users.get(uid);
    return user === NotFound ? '' : user.NAME;
  }
}

/** Members of the oneadmin group may do anything, as in oned. */
export function isAdmin(user: UserRecord): boolean {
  return user.GROUPS.includes(0);
}

const RIGHT_OFFSET: Record<Right, number> = { USE: 0, MANAGE: 1, ADMIN: 2 };

/** Whether `user` holds `right` on `object` by its permission bits. */
export function allows(user: UserRecord, object: Owned, right: Right): boolean {
  if (isAdmin(user)) return true;
  const offset = RIGHT_OFFSET[right];
  if (object.UID === user.ID && object.PERMISSIONS[offset] === 1) return true;
  if (user.GROUPS.includes(object.GID) && object.PERMISSIONS[3 + offset] === 1) return true;
  return object.PERMISSIONS[6 + offset] === 1;
}

/** The object, or NO_EXISTS; then AUTHORIZATION unless `user` holds `right` on it. */
export function authorized<T extends Owned>(
  user: UserRecord,
  kind: ObjectKind,
  found: T | NotFound,
  id: number,
  right: Right,
): T {
  if (found === NotFound) throw noExists(kind, id);
  if (!allows(user, found, right)) throw notAuthorized(user.ID, right, kind, id);
  return found;
}

/**
 * oned's pool filter flag: -4 the user's primary group, -3 the user's own, -2 all, -1 the user's
 * and their groups', a uid ≥ 0 that user's. Non-admins only ever see what they may use.
 */
export function poolFilter(user: UserRecord, flag: number): (object: Readonly<Owned>) => boolean {
  const visible = (object: Readonly<Owned>) => allows(user, object as Owned, 'USE');
  switch (flag) {
    case -4:
      return (object) => object.GID === user.GID && visible(object);
    case -3:
      return (object) => object.UID === user.ID;
    case -2:
      return visible;
    case -1:
      return (object) => (object.UID === user.ID || user.GROUPS.includes(object.GID)) && visible(object);
    default:
      return (object) => object.UID === flag && visible(object);
  }
}

/**
 * oned's range arguments: `end` ≥ -1 selects ids `start`..`end` (-1: no bound); `end` < -1 is a
 * page of `-end` objects starting at offset `start`.
 */
export function pageOf<T extends { ID: number }>(items: T[], start: number, end: number): T[] {
  if (end < -1) return items.slice(Math.max(start, 0), Math.max(start, 0) - end);
  return items.filter((item) => (start < 0 || item.ID >= start) && (end === -1 || item.ID <= end));
}
