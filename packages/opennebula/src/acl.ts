/**
 * ACL rule strings → the hex strings `one.acl.addrule` takes, as pyone's `OneAcl.parse_rule` and
 * the CLI's `oneacl create` do: `"#5 VM+NET/@100 USE+MANAGE #0"` → user `0x100000005`, resource
 * `0x5200000064`, rights `0x3`, zone `0x100000000`. Masks pass 2^53 (BACKUPJOB is 2^56), so the
 * arithmetic is BigInt.
 */
import { ParameterError } from '@overcast/runtime/errors';

/** Who a rule applies to, and which ids (`include/AclRule.h`). */
const ID_FLAGS: Record<string, bigint> = { '#': 0x1_0000_0000n, '@': 0x2_0000_0000n, '%': 0x8_0000_0000n };
const ALL = 0x4_0000_0000n;

/** `PoolObjectSQL::ObjectType` (include/PoolObjectSQL.h), the resource bits. */
export const ACL_RESOURCES: Readonly<Record<string, bigint>> = {
  VM: 0x1000000000n,
  HOST: 0x2000000000n,
  NET: 0x4000000000n,
  IMAGE: 0x8000000000n,
  USER: 0x10000000000n,
  TEMPLATE: 0x20000000000n,
  GROUP: 0x40000000000n,
  DATASTORE: 0x100000000000n,
  CLUSTER: 0x200000000000n,
  DOCUMENT: 0x400000000000n,
  ZONE: 0x800000000000n,
  SECGROUP: 0x1000000000000n,
  VDC: 0x2000000000000n,
  VROUTER: 0x4000000000000n,
  MARKETPLACE: 0x8000000000000n,
  MARKETPLACEAPP: 0x10000000000000n,
  VMGROUP: 0x20000000000000n,
  VNTEMPLATE: 0x40000000000000n,
  HOOK: 0x80000000000000n,
  BACKUPJOB: 0x100000000000000n,
};

/** `AuthRequest::Operation` (include/AuthRequest.h). */
export const ACL_RIGHTS: Readonly<Record<string, bigint>> = {
  USE: 0x1n,
  MANAGE: 0x2n,
  ADMIN: 0x4n,
  CREATE: 0x8n,
};

export interface AclRule {
  user: bigint;
  resource: bigint;
  rights: bigint;
  /** Absent when the rule names no zone. */
  zone?: bigint;
}

/** The rule's masks as numbers. */
export function parseAclRule(rule: string): AclRule {
  const parts = rule.trim().split(/\s+/);
  if (parts.length < 3 || parts.length > 4) {
    throw new ParameterError(`ACL rule "${rule}" must be "<user> <resources>/<id> <rights> [<zone>]"`);
  }
  const [user = '', resources = '', rights = '', zone] = parts;
  const parsed: AclRule = {
    user: idMask(user, 'user'),
    resource: resourceMask(resources),
    rights: rightsMask(rights),
  };
  if (zone !== undefined) parsed.zone = idMask(zone, 'zone');
  return parsed;
}

/** The rule as `one.acl.addrule`'s string parameters: `['0x100000005', '0x5200000064', '0x3']` (+ zone). */
export function aclRuleParams(rule: string): [user: string, resource: string, rights: string, zone?: string] {
  const { user, resource, rights, zone } = parseAclRule(rule);
  const hex = (mask: bigint) => `0x${mask.toString(16)}`;
  return zone === undefined
    ? [hex(user), hex(resource), hex(rights)]
    : [hex(user), hex(resource), hex(rights), hex(zone)];
}

function idMask(text: string, what: string): bigint {
  if (text === '*') return ALL;
  const flag = ID_FLAGS[text[0] ?? ''];
  const id = text.slice(1);
  if (flag === undefined || !/^\d+$/.test(id) || BigInt(id) >= 0x1_0000_0000n) {
    throw new ParameterError(`ACL ${what} "${text}" must be #<user id>, @<group id>, %<cluster id> or *`);
  }
  return flag | BigInt(id);
}

function resourceMask(text: string): bigint {
  const slash = text.indexOf('/');
  if (slash === -1) throw new ParameterError(`ACL resources "${text}" must be <TYPE>[+<TYPE>…]/<id>`);
  let mask = idMask(text.slice(slash + 1), 'resource id');
  for (const type of text.slice(0, slash).split('+')) {
    const bit = Object.hasOwn(ACL_RESOURCES, type.toUpperCase())
      ? ACL_RESOURCES[type.toUpperCase()]
      : undefined;
    if (bit === undefined)
      throw new ParameterError(
        `ACL resource type "${type}" is not one of ${Object.keys(ACL_RESOURCES).join(', ')}`,
      );
    mask |= bit;
  }
  return mask;
}

function rightsMask(text: string): bigint {
  let mask = 0n;
  for (const right of text.split('+')) {
    const bit = Object.hasOwn(ACL_RIGHTS, right.toUpperCase()) ? ACL_RIGHTS[right.toUpperCase()] : undefined;
    if (bit === undefined)
      throw new ParameterError(`ACL right "${right}" is not one of USE, MANAGE, ADMIN, CREATE`);
    mask |= bit;
  }
  return mask;
}
