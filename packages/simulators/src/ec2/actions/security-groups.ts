/**
 * Security groups (ec2-api `security_group.py` over Neutron): a classic `default` group and a VPC
 * with its own default group are seeded; groups created without `VpcId` are EC2-Classic groups
 * (ingress rules only, as ec2-api refuses egress on them), groups created in the VPC take both.
 * Rules are Neutron's: one per protocol/port range/source, an any-protocol rule rendered with
 * ports 1–65535, a new group born with an allow-all egress rule.
 */
import { type Args, id, ids, int, list, required, str, strings } from '../args.js';
import type { Action, Ec2Context } from '../context.js';
import { checkFilterNames, type FilterMap, matches, parseFilters, taggable } from '../describe.js';
import {
  dependencyViolation,
  Ec2Fault,
  invalidParameterMessage,
  invalidParameterValue,
  missingParameter,
  notFound,
  validationError,
} from '../errors.js';
import type { Cloud, Rule, SecurityGroup, Tag } from '../state.js';
import type { XmlObject } from '../xml.js';
import { formatTags } from './tags.js';

const GROUP_FILTERS: FilterMap = taggable({
  description: 'groupDescription',
  'group-id': 'groupId',
  'group-name': 'groupName',
  'ip-permission.cidr': { each: ['ipPermissions', { each: ['ipRanges', 'cidrIp'] }] },
  'ip-permission.from-port': { each: ['ipPermissions', 'fromPort'] },
  'ip-permission.group-id': { each: ['ipPermissions', { each: ['groups', 'groupId'] }] },
  'ip-permission.group-name': { each: ['ipPermissions', { each: ['groups', 'groupName'] }] },
  'ip-permission.protocol': { each: ['ipPermissions', 'ipProtocol'] },
  'ip-permission.to-port': { each: ['ipPermissions', 'toPort'] },
  'ip-permission.user-id': { each: ['ipPermissions', { each: ['groups', 'userId'] }] },
  'owner-id': 'ownerId',
  'vpc-id': 'vpcId',
});

/** The name ec2-api shows: a VPC's default group is stored under the VPC's id and shown as `default`. */
export function displayName(group: SecurityGroup): string {
  return group.vpcId !== null && group.name === group.vpcId ? 'default' : group.name;
}

/** The EC2-Classic group of that name (what `SecurityGroup.N` and `GroupName` name). */
export function classicGroupByName(cloud: Cloud, name: string): SecurityGroup | undefined {
  for (const group of cloud.groups.values()) if (group.vpcId === null && group.name === name) return group;
  return undefined;
}

function formatRule(cloud: Cloud, rule: Rule): XmlObject {
  const icmp = rule.protocol === 'icmp' || rule.protocol === 1;
  const formatted: Record<string, XmlObject[keyof XmlObject]> = {
    ipProtocol: rule.protocol ?? -1,
    fromPort: rule.fromPort ?? (icmp ? -1 : 1),
    toPort: rule.toPort ?? (icmp ? -1 : 65535),
  };
  if (rule.remoteGroupId !== undefined) {
    const remote = cloud.groups.get(rule.remoteGroupId);
    formatted.groups = [
      remote === undefined
        ? {}
        : { groupId: remote.id, groupName: displayName(remote), userId: cloud.ownerId },
    ];
  } else if (rule.cidr !== undefined) {
    formatted.ipRanges = [{ cidrIp: rule.cidr }];
  }
  return formatted;
}

export function formatGroup(cloud: Cloud, group: SecurityGroup, tags: readonly Tag[] | undefined): XmlObject {
  return {
    groupId: group.id,
    ...(group.vpcId === null ? {} : { vpcId: group.vpcId }),
    ownerId: cloud.ownerId,
    groupName: displayName(group),
    groupDescription: group.description,
    ipPermissions: group.rules.filter((r) => r.direction === 'ingress').map((r) => formatRule(cloud, r)),
    ipPermissionsEgress: group.rules.filter((r) => r.direction === 'egress').map((r) => formatRule(cloud, r)),
    ...formatTags(tags),
  };
}

/** `validate_security_group_str`. */
function groupString(value: string | undefined, name: string, vpc: boolean): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  let message = '';
  if (trimmed === '') message = `Security group ${name} cannot be empty.`;
  else if (!(vpc ? /^[a-zA-Z0-9._\-:/()#,@[\]+=&;{}!$* ]+$/ : /^[\x20-\x7E]+$/).test(trimmed)) {
    message = `Specified value for parameter Group${name} is invalid. Content limited to 'allowed'.`;
  } else if (trimmed.length > 255)
    message = `Security group ${name} should not be greater than 255 characters.`;
  if (message) throw validationError(message);
  return value;
}

export const createSecurityGroup: Action = (context, args) => {
  const vpcId = id(args, 'vpc_id', ['vpc']);
  const name = required(
    groupString(str(args, 'group_name'), 'group_name', vpcId !== undefined),
    'group_name',
  );
  const description = required(
    groupString(str(args, 'group_description'), 'group_description', vpcId !== undefined),
    'group_description',
  );
  const { cloud } = context;
  if (name === 'default') {
    if (vpcId !== undefined)
      throw invalidParameterMessage('Cannot use reserved security group name: default');
    // ec2-api's message for this code has a broken format string; this is what it means.
    throw new Ec2Fault('InvalidGroup.Reserved', "The security group 'default' is reserved.");
  }
  if (vpcId !== undefined && vpcId !== cloud.vpcId) throw notFound('vpc', vpcId);
  for (const group of cloud.groups.values()) {
    if (displayName(group) === name && group.vpcId === (vpcId ?? null)) {
      throw new Ec2Fault('InvalidGroup.Duplicate', `Security group '${name}' already exists.`);
    }
  }
  const group = cloud.addGroup(name, description, vpcId ?? null);
  return { return: 'true', groupId: group.id };
};

/** A group named by `GroupId` (any) or `GroupName` (EC2-Classic). */
function resolveGroup(
  cloud: Cloud,
  groupId: string | undefined,
  groupName: string | undefined,
): SecurityGroup {
  if (groupId !== undefined) {
    const group = cloud.groups.get(groupId);
    if (group === undefined) throw notFound('sg', groupId);
    return group;
  }
  if (groupName !== undefined) {
    const group = classicGroupByName(cloud, groupName);
    if (group === undefined) throw notFound('sg', groupName);
    return group;
  }
  throw missingParameter('group id or name');
}

export const deleteSecurityGroup: Action = (context, args) => {
  const groupName = groupString(str(args, 'group_name'), 'group_name', false);
  const groupId = id(args, 'group_id', ['sg']);
  if (groupName === undefined && groupId === undefined) throw missingParameter('group id or name');
  const { cloud } = context;
  const group = resolveGroup(cloud, groupId, groupName);
  if (group.vpcId !== null && group.name === group.vpcId) {
    throw new Ec2Fault('CannotDelete', 'Cannot delete the default VPC security group');
  }
  if (group.id === cloud.defaultGroupId) {
    throw dependencyViolation(group.id, 'Insufficient rights for removing default security group.');
  }
  for (const instance of cloud.instances.values()) {
    if (instance.state !== 'terminated' && instance.groupIds.includes(group.id)) {
      throw dependencyViolation(group.id, `Security Group ${group.id} in use by ${instance.id}.`);
    }
  }
  cloud.groups.delete(group.id);
  cloud.deleteTagsOf(group.id);
  for (const other of cloud.groups.values()) {
    other.rules = other.rules.filter((rule) => rule.remoteGroupId !== group.id);
  }
  return true;
};

export const describeSecurityGroups: Action = (context, args) => {
  const names = strings(args, 'group_name');
  const groupIds = ids(args, 'group_id', ['sg']);
  const filters = parseFilters(args);
  checkFilterNames(filters, GROUP_FILTERS, true);
  const { cloud } = context;
  const selective = names !== undefined || groupIds !== undefined;
  const wantedNames = new Set(names ?? []);
  const wantedIds = new Set(groupIds ?? []);
  const tags = cloud.tagIndex();
  const securityGroupInfo: XmlObject[] = [];
  for (const group of cloud.groups.values()) {
    const name = displayName(group);
    const byName = wantedNames.has(name) && group.vpcId === null;
    if (selective && !byName && !wantedIds.has(group.id)) continue;
    if (byName) wantedNames.delete(name);
    wantedIds.delete(group.id);
    const formatted = formatGroup(cloud, group, tags.get(group.id));
    if (matches(formatted, filters, GROUP_FILTERS)) securityGroupInfo.push(formatted);
  }
  const missing = [...wantedIds, ...wantedNames][0];
  if (missing !== undefined) throw notFound('sg', missing);
  return { securityGroupInfo };
};

/** One rule to add or remove, before it meets a group. */
type RuleSpec = Omit<Rule, 'direction'>;

/** `_build_rules` + `_validate_parameters`: `IpPermissions.N`, or the older top-level form. */
function ruleSpecs(cloud: Cloud, args: Args, allowTopLevel: boolean): RuleSpec[] {
  let permissions = list(args, 'ip_permissions');
  if (permissions === undefined && allowTopLevel) {
    // The pre-2011 form (IpProtocol, FromPort, ToPort, CidrIp / SourceSecurityGroupName), which
    // AWS still takes and boto3's documentation shows. ec2-api itself refuses it (a 500).
    const protocol = str(args, 'ip_protocol');
    const cidr = str(args, 'cidr_ip');
    const sourceName = str(args, 'source_security_group_name');
    if (protocol !== undefined || cidr !== undefined || sourceName !== undefined) {
      const permission: Args = {};
      if (protocol !== undefined) permission.ip_protocol = protocol;
      for (const port of ['from_port', 'to_port']) {
        const value = args[port];
        if (value !== undefined) permission[port] = value;
      }
      if (cidr !== undefined) permission.ip_ranges = [{ cidr_ip: cidr }];
      if (sourceName !== undefined) permission.groups = [{ group_name: sourceName }];
      permissions = [permission];
    }
  }
  if (permissions === undefined) throw missingParameter('source group or cidr');
  const specs: RuleSpec[] = [];
  for (const raw of permissions) {
    const permission: Args = typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
    const protocol = parseProtocol(permission.ip_protocol);
    const fromPort = parsePort(permission, 'from_port');
    const toPort = parsePort(permission, 'to_port');
    validateRule(protocol, fromPort, toPort);
    let from: number | null = fromPort === -1 ? null : fromPort;
    let to: number | null = toPort === -1 ? null : toPort;
    // Neutron stores a full 1–65535 (or 1–255) range as "no ports".
    if (fromPort === 1 && (toPort === 255 || toPort === 65535)) {
      from = null;
      to = null;
    }
    const base = { protocol: protocol === -1 ? null : protocol, fromPort: from, toPort: to };
    const groups = Array.isArray(permission.groups) ? permission.groups : [];
    const ranges = Array.isArray(permission.ip_ranges) ? permission.ip_ranges : [];
    if (groups.length > 0) {
      for (const pair of groups) {
        const fields: Args = typeof pair === 'object' && !Array.isArray(pair) ? pair : {};
        const remote = resolveGroup(
          cloud,
          typeof fields.group_id === 'string' ? fields.group_id : undefined,
          typeof fields.group_name === 'string' ? fields.group_name : undefined,
        );
        specs.push({ ...base, remoteGroupId: remote.id });
      }
    } else if (ranges.length > 0) {
      for (const range of ranges) {
        const cidr = typeof range === 'object' && !Array.isArray(range) ? range.cidr_ip : undefined;
        if (typeof cidr !== 'string' || !isCidr(cidr)) {
          throw invalidParameterValue(cidr ?? '', 'cidr_ip', 'This is not a valid CIDR block.');
        }
        specs.push({ ...base, cidr });
      }
    } else {
      throw missingParameter('source group or cidr');
    }
  }
  return specs;
}

function parseProtocol(value: unknown): string | number {
  if (value === undefined) return -1;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number.parseInt(value, 10);
  if (value === 'tcp' || value === 'udp' || value === 'icmp') return value;
  throw invalidParameterMessage('Invalid value for IP protocol. Unknown protocol.');
}

function parsePort(permission: Args, name: string): number {
  const value = permission[name];
  if (value === undefined) return -1;
  const port = int(permission, name);
  return port as number;
}

function validateRule(protocol: string | number, from: number, to: number): void {
  if (protocol === 'tcp' || protocol === 'udp' || protocol === 6 || protocol === 17) {
    if (from === -1 || to === -1)
      throw invalidParameterMessage('Must specify both from and to ports with TCP/UDP.');
    if (from > to) throw invalidParameterMessage('Invalid TCP/UDP port range.');
    if (from < 0 || from > 65535) throw invalidParameterMessage('TCP/UDP from port is out of range.');
    if (to < 0 || to > 65535) throw invalidParameterMessage('TCP/UDP to port is out of range.');
  } else if (protocol === 'icmp' || protocol === 1) {
    if (from < -1 || from > 255) throw invalidParameterMessage('ICMP type is out of range.');
    if (to < -1 || to > 255) throw invalidParameterMessage('ICMP code is out of range.');
  }
}

function isCidr(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(text);
  return v6 !== null && (v6[1] as string).includes(':') && Number(v6[2]) <= 128;
}

function sameRule(a: Rule, b: Rule): boolean {
  return (
    a.direction === b.direction &&
    String(a.protocol) === String(b.protocol) &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    (a.cidr === '0.0.0.0/0' ? undefined : a.cidr) === (b.cidr === '0.0.0.0/0' ? undefined : b.cidr) &&
    a.remoteGroupId === b.remoteGroupId
  );
}

function ingressGroup(context: Ec2Context, args: Args): SecurityGroup {
  const groupId = id(args, 'group_id', ['sg']);
  const groupName = str(args, 'group_name');
  return resolveGroup(context.cloud, groupId, groupName);
}

function egressGroup(context: Ec2Context, args: Args): SecurityGroup {
  const groupId = required(id(args, 'group_id', ['sg']), 'group_id');
  const group = resolveGroup(context.cloud, groupId, undefined);
  if (group.vpcId === null) {
    throw invalidParameterMessage('Only Amazon VPC security groups may be used with this operation.');
  }
  return group;
}

function authorize(group: SecurityGroup, specs: RuleSpec[], direction: Rule['direction']): true {
  const rules = specs.map((spec) => ({ direction, ...spec }));
  for (const rule of rules) {
    if (group.rules.some((existing) => sameRule(existing, rule))) {
      throw new Ec2Fault(
        'InvalidPermission.Duplicate',
        'The specified rule already exists for that security group.',
      );
    }
  }
  group.rules.push(...rules);
  return true;
}

function revoke(group: SecurityGroup, specs: RuleSpec[], direction: Rule['direction']): true {
  const rules = specs.map((spec) => ({ direction, ...spec }));
  const found = rules.filter((rule) => group.rules.some((existing) => sameRule(existing, rule)));
  if (found.length !== rules.length) {
    // ec2-api answers true for an EC2-Classic group, and an error (with a broken message) for a VPC one.
    if (group.vpcId !== null) {
      throw new Ec2Fault(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    }
    return true;
  }
  group.rules = group.rules.filter((existing) => !rules.some((rule) => sameRule(existing, rule)));
  return true;
}

export const authorizeSecurityGroupIngress: Action = (context, args) => {
  const group = ingressGroup(context, args);
  return authorize(group, ruleSpecs(context.cloud, args, true), 'ingress');
};

export const revokeSecurityGroupIngress: Action = (context, args) => {
  const group = ingressGroup(context, args);
  return revoke(group, ruleSpecs(context.cloud, args, true), 'ingress');
};

export const authorizeSecurityGroupEgress: Action = (context, args) => {
  const group = egressGroup(context, args);
  return authorize(group, ruleSpecs(context.cloud, args, false), 'egress');
};

export const revokeSecurityGroupEgress: Action = (context, args) => {
  const group = egressGroup(context, args);
  return revoke(group, ruleSpecs(context.cloud, args, false), 'egress');
};
