/**
 * The methods every owned object kind shares (`info`, `update`, `delete`, `chown`, `chmod`,
 * `rename`) and its pool's `info`, written once over a collection.
 */
import { buildXml, type XmlBuildElement } from '@overcast/runtime/xml';
import { type Collection, NotFound } from '../../store.js';
import { badParameter, noExists, type ObjectKind, ONE_ERROR, OneFailure } from '../errors.js';
import { GROUPS, type Owned, type Permissions } from '../model.js';
import { authorized, isAdmin, type OneState, pageOf, poolFilter } from '../state.js';
import { mergeTemplate, parseTemplate, type Template } from '../template.js';
import type { Call, MethodTable } from './types.js';

/** oned writes its documents without an XML declaration. */
export function xml(document: XmlBuildElement): string {
  return buildXml(document, { declaration: false });
}

export interface OwnedKind<T extends Owned> {
  /** The XML-RPC namespace: `template` for `one.template.*` and `one.templatepool.*`. */
  namespace: string;
  kind: ObjectKind;
  collection: (state: OneState) => Collection<T, number>;
  document: (state: OneState, object: T) => XmlBuildElement;
  /** The pool document around already filtered objects. */
  poolDocument: (state: OneState, objects: T[]) => XmlBuildElement;
  /** Which template `update` changes (a VM's user template, others their only one). */
  updates?: { get: (object: T) => Template; set: (object: T, template: Template) => T };
  /** Checks before `delete` (an image in use cannot go). */
  beforeDelete?: (state: OneState, object: T) => void;
  /** Whether this kind has a `delete` method (VMs are terminated through `action`). */
  deletable?: boolean;
  /** Whether NAME must be unique per owner (true but for VMs). */
  uniqueNames?: boolean;
}

/** `[update type]`: 0 replaces the template, 1 merges into it. */
export function updatedTemplate(current: Template, source: string, append: number): Template {
  if (append !== 0 && append !== 1)
    throw badParameter(`Wrong update type ${append}: it must be 0 (replace) or 1 (merge).`);
  const change = parseTemplate(source);
  return append === 1 ? mergeTemplate(current, change) : change;
}

/** An object's id in `int` parameter 1, the object after NO_EXISTS/AUTHORIZATION checks. */
export function target<T extends Owned>(
  call: Call,
  spec: OwnedKind<T>,
  right: 'USE' | 'MANAGE' | 'ADMIN',
): T {
  const id = call.params.int(1);
  return authorized(call.user, spec.kind, spec.collection(call.state).get(id), id, right);
}

/** NAME is unique per owner and kind in oned. */
export function checkNameFree<T extends Owned>(
  state: OneState,
  spec: OwnedKind<T>,
  uid: number,
  name: string,
  except = -1,
): void {
  const [taken] = spec
    .collection(state)
    .list((other) => other.UID === uid && other.NAME === name && other.ID !== except);
  if (taken !== undefined) {
    throw new OneFailure(
      ONE_ERROR.ACTION,
      `NAME is already taken by ${spec.kind.toUpperCase()} ${taken.ID}.`,
      except,
    );
  }
}

/** A pool method's filter flag (parameter 1): -4…-1 or a uid; below -4 is XML_RPC_API. */
export function filterFlag(call: Call): number {
  const flag = call.params.int(1);
  if (flag < -4) throw badParameter(`Incorrect filter_flag ${flag}.`);
  return flag;
}

export function ownedMethods<T extends Owned>(spec: OwnedKind<T>): MethodTable {
  const { namespace } = spec;
  const table: MethodTable = {
    [`one.${namespace}.info`]: (call) => {
      const object = target(call, spec, 'USE');
      call.params.bool(2, false); // decrypt (template.info: extended): type-checked, nothing is encrypted
      return xml(spec.document(call.state, object));
    },
    [`one.${namespace}.update`]: (call) => {
      const object = target(call, spec, 'MANAGE');
      const { get, set } = spec.updates ?? {
        get: (o: T) => o.template,
        set: (o: T, template: Template) => ({ ...o, template }),
      };
      const next = set(object, updatedTemplate(get(object), call.params.string(2), call.params.int(3, 0)));
      spec.collection(call.state).update(object.ID, () => next);
      return object.ID;
    },
    [`one.${namespace}.rename`]: (call) => {
      const object = target(call, spec, 'MANAGE');
      const name = call.params.string(2);
      if (name.trim() === '') throw badParameter('Invalid NAME: it cannot be empty.');
      if (spec.uniqueNames !== false) checkNameFree(call.state, spec, object.UID, name, object.ID);
      spec.collection(call.state).update(object.ID, { NAME: name } as Partial<T>);
      return object.ID;
    },
    [`one.${namespace}.chown`]: (call) => {
      const object = target(call, spec, 'ADMIN');
      const uid = call.params.int(2);
      const gid = call.params.int(3);
      if (uid >= 0 && call.state.users.get(uid) === NotFound) throw noExists('user', uid);
      if (gid >= 0 && !GROUPS.has(gid)) throw noExists('group', gid);
      if (!isAdmin(call.user) && (uid >= 0 || (gid >= 0 && !call.user.GROUPS.includes(gid)))) {
        throw new OneFailure(
          ONE_ERROR.AUTHORIZATION,
          `User [${call.user.ID}] : Not authorized to change the owner.`,
          object.ID,
        );
      }
      const change = { ...(uid >= 0 ? { UID: uid } : {}), ...(gid >= 0 ? { GID: gid } : {}) } as Partial<T>;
      spec.collection(call.state).update(object.ID, change);
      return object.ID;
    },
    [`one.${namespace}.chmod`]: (call) => {
      const object = target(call, spec, 'MANAGE');
      const bits = object.PERMISSIONS.map((current, i) => {
        const wanted = call.params.int(i + 2);
        if (wanted < -1 || wanted > 1)
          throw badParameter(`Wrong permission value ${wanted}: use -1, 0 or 1.`);
        return wanted === -1 ? current : wanted;
      }) as Permissions;
      spec.collection(call.state).update(object.ID, { PERMISSIONS: bits } as Partial<T>);
      return object.ID;
    },
    [`one.${namespace}pool.info`]: (call) => {
      const visible = spec.collection(call.state).list(poolFilter(call.user, filterFlag(call)));
      return xml(spec.poolDocument(call.state, pageOf(visible, call.params.int(2), call.params.int(3))));
    },
  };
  if (spec.deletable !== false) {
    table[`one.${namespace}.delete`] = (call) => {
      const object = target(call, spec, 'MANAGE');
      spec.beforeDelete?.(call.state, object);
      spec.collection(call.state).delete(object.ID);
      return object.ID;
    };
  }
  return table;
}
