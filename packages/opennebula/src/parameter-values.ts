/**
 * Named values for the numbers some methods take, from OpenNebula's XML-RPC reference: whose
 * objects a pool's `info` lists, and the nine permission arguments of every `chmod`.
 */
import { ParameterError } from '@overcast/runtime/errors';

/**
 * Whose objects a pool's `info` (and `vmpool.monitoring`, `vmpool.accounting`) lists, as its
 * `filterFlag`. A user's id (0 and up) lists that user's. The Ruby OCA and oned's C++ call these
 * `INFO_PRIMARY_GROUP`, `INFO_MINE`, `INFO_ALL` and `INFO_GROUP`.
 *
 * ```ts
 * await one.vmpool.info(POOL_FILTER.MINE_AND_GROUPS, -1, -1, -1);
 * ```
 */
export const POOL_FILTER = {
  /** The objects of the session user's primary group. */
  PRIMARY_GROUP: -4,
  /** The session user's objects. */
  MINE: -3,
  /** Every object the session user may see. */
  ALL: -2,
  /** The objects of the session user and of the user's groups. */
  MINE_AND_GROUPS: -1,
} as const;
export type POOL_FILTER = (typeof POOL_FILTER)[keyof typeof POOL_FILTER];

/**
 * What each of the nine permission arguments of a `chmod` takes (owner, group, others × use,
 * manage, admin).
 */
export const PERMISSION = {
  /** Leaves the permission as it is. */
  UNCHANGED: -1,
  /** Takes the permission away. */
  DENY: 0,
  /** Grants the permission. */
  ALLOW: 1,
} as const;
export type PERMISSION = (typeof PERMISSION)[keyof typeof PERMISSION];

/**
 * The nine permission arguments of a `chmod`, in order: owner, group, others, each use, manage,
 * admin.
 */
export type ChmodParams = [
  userUse: PERMISSION,
  userManage: PERMISSION,
  userAdmin: PERMISSION,
  groupUse: PERMISSION,
  groupManage: PERMISSION,
  groupAdmin: PERMISSION,
  otherUse: PERMISSION,
  otherManage: PERMISSION,
  otherAdmin: PERMISSION,
];

/**
 * The nine permission arguments of a `chmod` for an octet, as the CLI's `onevm chmod 7 640` and the
 * Ruby OCA's `chmod_octet`: one digit each for the owner, the group and everyone else, adding 4
 * for use, 2 for manage and 1 for admin. Every permission is set: none is left unchanged.
 *
 * ```ts
 * await one.vm.chmod(7, ...chmodParams('640')); // owner use+manage, group use, others nothing
 * ```
 */
export function chmodParams(octet: string): ChmodParams {
  if (!/^[0-7]{3}$/.test(octet))
    throw new ParameterError(
      `chmodParams takes three octal digits (owner, group, others), like '640', got "${octet}"`,
    );
  const bits = [...octet].flatMap((digit) => {
    const value = Number(digit);
    return [4, 2, 1].map((bit) => ((value & bit) === 0 ? PERMISSION.DENY : PERMISSION.ALLOW));
  });
  return bits as ChmodParams;
}
