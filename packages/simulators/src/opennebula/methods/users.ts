/** `one.user.*` and `one.userpool.info`: users log in with `name:password` sessions. */
import { NotFound } from '../../store.js';
import { userDocument, userPoolDocument } from '../documents.js';
import { allocateFailure, noExists, notAuthorized } from '../errors.js';
import { GROUPS, type UserRecord } from '../model.js';
import { isAdmin, sha256 } from '../state.js';
import { updatedTemplate, xml } from './owned.js';
import type { Call, MethodTable } from './types.js';

/** The user in parameter 1 (-1: the caller); others' records need the oneadmin group. */
function user(call: Call, right: string): UserRecord {
  const requested = call.params.int(1);
  const id = requested === -1 ? call.user.ID : requested;
  if (id !== call.user.ID && !isAdmin(call.user)) throw notAuthorized(call.user.ID, right, 'user', id);
  const found = call.state.users.get(id);
  if (found === NotFound) throw noExists('user', id);
  return found;
}

export const userMethods: MethodTable = {
  'one.user.allocate': (call) => {
    if (!isAdmin(call.user)) throw notAuthorized(call.user.ID, 'CREATE', 'user', -1);
    const name = call.params.string(1);
    const password = call.params.string(2);
    const driver = call.params.string(3) || 'core';
    const groups = call.params.intArray(4);
    if (name.trim() === '' || name.includes(':'))
      throw allocateFailure('user', 'Invalid NAME: it cannot be empty or contain ":".');
    if (password === '') throw allocateFailure('user', 'Invalid password: it cannot be empty.');
    const unknown = groups.find((gid) => !GROUPS.has(gid));
    if (unknown !== undefined) throw noExists('group', unknown);
    const [taken] = call.state.users.list((other) => other.NAME === name);
    if (taken !== undefined) throw allocateFailure('user', `NAME is already taken by USER ${taken.ID}.`);
    const primary = groups[0] ?? 1;
    return call.state.users.insert((ID) => ({
      ID,
      NAME: name,
      PASSWORD: sha256(password),
      AUTH_DRIVER: driver,
      GID: primary,
      GROUPS: [...new Set([primary, ...groups])],
      ENABLED: 1,
      template: [],
    })).ID;
  },
  'one.user.info': (call) => {
    call.params.bool(2, false);
    return xml(userDocument(user(call, 'USE')));
  },
  'one.user.update': (call) => {
    const record = user(call, 'MANAGE');
    call.state.users.update(record.ID, {
      template: updatedTemplate(record.template, call.params.string(2), call.params.int(3, 0)),
    });
    return record.ID;
  },
  'one.user.delete': (call) => {
    const record = user(call, 'ADMIN');
    if (record.ID <= 1) throw notAuthorized(call.user.ID, 'ADMIN', 'user', record.ID);
    call.state.users.delete(record.ID);
    return record.ID;
  },
  'one.userpool.info': (call) => {
    const users = isAdmin(call.user) ? call.state.users.list() : [call.user];
    return xml(userPoolDocument(users));
  },
};
