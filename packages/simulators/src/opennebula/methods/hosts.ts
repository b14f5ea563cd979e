/** `one.host.*` and `one.hostpool.info`. Hosts have no owner: only the oneadmin group manages them. */
import { NotFound } from '../../store.js';
import { hostDocument, hostPoolDocument } from '../documents.js';
import { allocateFailure, badParameter, noExists, notAuthorized, ONE_ERROR, OneFailure } from '../errors.js';
import type { VmLifecycle } from '../lifecycle.js';
import { DEFAULT_CLUSTER, HOST_STATE, type HostRecord, type UserRecord } from '../model.js';
import { isAdmin } from '../state.js';
import { updatedTemplate, xml } from './owned.js';
import type { Call, MethodTable } from './types.js';

function adminOnly(user: UserRecord, right: string, id: number): void {
  if (!isAdmin(user)) throw notAuthorized(user.ID, right, 'host', id);
}

function host(call: Call, right: string): HostRecord {
  const id = call.params.int(1);
  adminOnly(call.user, right, id);
  const found = call.state.hosts.get(id);
  if (found === NotFound) throw noExists('host', id);
  return found;
}

/** `one.host.status` values: ENABLED, DISABLED, OFFLINE. */
const STATUS_STATES = [HOST_STATE.MONITORED, HOST_STATE.DISABLED, HOST_STATE.OFFLINE];

export function hostMethods(lifecycle: VmLifecycle): MethodTable {
  const document = (record: HostRecord) => hostDocument(record, lifecycle.vmsOn(record.ID));
  return {
    'one.host.allocate': (call) => {
      adminOnly(call.user, 'CREATE', -1);
      const name = call.params.string(1);
      const imMad = call.params.string(2);
      const vmMad = call.params.string(3);
      const cluster = call.params.int(4);
      if (name.trim() === '') throw allocateFailure('host', 'Invalid NAME: it cannot be empty.');
      if (cluster > DEFAULT_CLUSTER.ID) throw noExists('cluster', cluster);
      const [taken] = call.state.hosts.list((other) => other.NAME === name);
      if (taken !== undefined) throw allocateFailure('host', `NAME is already taken by HOST ${taken.ID}.`);
      const created = call.state.hosts.insert((ID) => ({
        ID,
        NAME: name,
        STATE: HOST_STATE.INIT,
        PREV_STATE: HOST_STATE.INIT,
        IM_MAD: imMad,
        VM_MAD: vmMad,
        CLUSTER_ID: DEFAULT_CLUSTER.ID,
        template: [
          ['ARCH', 'x86_64'],
          ['CPUSPEED', '2400'],
          ['HOSTNAME', name],
          ['HYPERVISOR', vmMad],
          ['IM_MAD', imMad],
          ['VM_MAD', vmMad],
        ],
      }));
      // The first monitoring round: INIT, then MONITORED; the scheduler may now place VMs here.
      call.state.timers.after(call.state.transitionMs, () => {
        const now = call.state.hosts.update(created.ID, (current) =>
          current.STATE === HOST_STATE.INIT
            ? { ...current, STATE: HOST_STATE.MONITORED, PREV_STATE: HOST_STATE.INIT }
            : current,
        );
        if (now !== NotFound) lifecycle.schedulePending();
      });
      return created.ID;
    },
    'one.host.info': (call) => {
      call.params.bool(2, false);
      return xml(document(host(call, 'USE')));
    },
    'one.host.update': (call) => {
      const record = host(call, 'MANAGE');
      const template = updatedTemplate(record.template, call.params.string(2), call.params.int(3, 0));
      call.state.hosts.update(record.ID, { template });
      return record.ID;
    },
    'one.host.rename': (call) => {
      const record = host(call, 'MANAGE');
      const name = call.params.string(2);
      if (name.trim() === '') throw badParameter('Invalid NAME: it cannot be empty.');
      call.state.hosts.update(record.ID, { NAME: name });
      return record.ID;
    },
    'one.host.status': (call) => {
      const record = host(call, 'MANAGE');
      const status = call.params.int(2);
      const state = STATUS_STATES[status];
      if (state === undefined)
        throw badParameter(`Wrong status ${status}: use 0 (enabled), 1 (disabled) or 2 (offline).`);
      call.state.hosts.update(record.ID, { STATE: state, PREV_STATE: record.STATE });
      if (state === HOST_STATE.MONITORED) lifecycle.schedulePending();
      return record.ID;
    },
    'one.host.delete': (call) => {
      const record = host(call, 'MANAGE');
      if (lifecycle.vmsOn(record.ID).length > 0) {
        throw new OneFailure(
          ONE_ERROR.ACTION,
          `Cannot delete host [${record.ID}]: it has running VMs.`,
          record.ID,
        );
      }
      call.state.hosts.delete(record.ID);
      return record.ID;
    },
    'one.hostpool.info': (call) => {
      const hosts = isAdmin(call.user) ? call.state.hosts.list() : [];
      return xml(hostPoolDocument(hosts.map(document)));
    },
  };
}
