/** Guest networks and security groups (ingress rules authorized per CIDR in an async job). */
import { randomUUID } from 'node:crypto';
import { NotFound } from '../../store.js';
import { ownership } from '../cloud.js';
import { type CommandContext, type CommandHandler, listFilter, listPage, lookup } from '../context.js';
import { CloudStackFault, ErrorCode, missingParameter } from '../errors.js';
import type { SecurityGroup, SecurityGroupRule } from '../model.js';

const createNetwork: CommandHandler = (context) => {
  const { cloud, params } = context;
  const zone = lookup(context, cloud.zones, 'zoneid');
  const offering = lookup(context, cloud.networkOfferings, 'networkofferingid');
  const name = params.required('name');
  const gateway = params.get('gateway') ?? '10.2.0.1';
  const netmask = params.get('netmask') ?? '255.255.255.0';
  const network = cloud.networks.insert((id) => ({
    id,
    name,
    displaytext: params.get('displaytext') ?? name,
    zoneid: zone.id,
    zonename: zone.name,
    networkofferingid: offering.id,
    type: 'Isolated',
    state: 'Allocated',
    traffictype: 'Guest',
    cidr: `${gateway.split('.').slice(0, 3).join('.')}.0/24`,
    gateway,
    netmask,
    ...ownership(),
    tags: [],
  }));
  return { network };
};

const deleteNetwork: CommandHandler = (context) => {
  const { cloud } = context;
  const network = lookup(context, cloud.networks, 'id');
  const job = context.jobs.submit('network.DeleteNetwork', {
    instanceType: 'Network',
    instanceId: network.id,
    work: () => {
      const inUse = cloud.virtualMachines.list(
        (vm) => vm.state !== 'Destroyed' && vm.nic.some((nic) => nic.networkid === network.id),
      );
      if (inUse.length > 0) {
        throw new CloudStackFault(
          ErrorCode.resourceInUse,
          `Unable to delete network ${network.name}: it has VMs`,
        );
      }
      cloud.networks.delete(network.id);
      return { success: true };
    },
  });
  return { jobid: job.jobid };
};

const createSecurityGroup: CommandHandler = (context) => {
  const { cloud, params } = context;
  const name = params.required('name');
  if (cloud.securityGroups.list((group) => group.name === name).length > 0) {
    throw new CloudStackFault(
      ErrorCode.paramError,
      `Unable to create security group, a group with name ${name} already exists.`,
    );
  }
  const securitygroup = cloud.securityGroups.insert((id) => ({
    id,
    name,
    description: params.get('description') ?? '',
    ...ownership(),
    ingressrule: [],
    egressrule: [],
    virtualmachinecount: 0,
    virtualmachineids: [],
    tags: [],
  }));
  return { securitygroup };
};

/** The group named by `id`/`securitygroupid` or by `name`/`securitygroupname`. */
function findGroup(context: CommandContext, idParameter: string, nameParameter: string): SecurityGroup {
  const { cloud, params } = context;
  const id = params.get(idParameter);
  const name = params.get(nameParameter);
  if (id !== undefined) return lookup(context, cloud.securityGroups, idParameter);
  if (name === undefined) throw missingParameter(context.command, idParameter);
  const [group] = cloud.securityGroups.list((candidate) => candidate.name === name);
  if (group === undefined) {
    throw new CloudStackFault(ErrorCode.paramError, `Unable to find security group by name ${name}`);
  }
  return group;
}

const deleteSecurityGroup: CommandHandler = (context) => {
  const group = findGroup(context, 'id', 'name');
  if (group.name === 'default') {
    throw new CloudStackFault(ErrorCode.paramError, "The network default group can't be removed");
  }
  if (group.virtualmachinecount > 0) {
    throw new CloudStackFault(
      ErrorCode.resourceInUse,
      "Cannot delete group when it's in use by virtual machines",
    );
  }
  context.cloud.securityGroups.delete(group.id);
  return { success: true };
};

const PORTED_PROTOCOLS = ['tcp', 'udp'];

const authorizeSecurityGroupIngress: CommandHandler = (context) => {
  const { cloud, params } = context;
  const group = findGroup(context, 'securitygroupid', 'securitygroupname');
  const protocol = (params.get('protocol') ?? 'tcp').toLowerCase();
  const cidrs = params.list('cidrlist') ?? ['0.0.0.0/0'];
  const ports = PORTED_PROTOCOLS.includes(protocol)
    ? {
        startport: Number(params.required('startport')),
        endport: Number(params.get('endport') ?? params.required('startport')),
      }
    : {};
  const icmp =
    protocol === 'icmp'
      ? { icmptype: Number(params.get('icmptype') ?? -1), icmpcode: Number(params.get('icmpcode') ?? -1) }
      : {};
  const job = context.jobs.submit('securitygroup.AuthorizeSecurityGroupIngress', {
    instanceType: 'SecurityGroup',
    instanceId: group.id,
    work: () => {
      const rules: SecurityGroupRule[] = cidrs.map((cidr) => ({
        ruleid: randomUUID(),
        protocol,
        ...ports,
        ...icmp,
        cidr,
        tags: [],
      }));
      const updated = cloud.securityGroups.update(group.id, (current) => ({
        ...current,
        ingressrule: [...current.ingressrule, ...rules],
      }));
      if (updated === NotFound)
        throw new CloudStackFault(ErrorCode.paramError, 'The security group was deleted');
      return { securitygroup: updated };
    },
  });
  return { jobid: job.jobid };
};

const revokeSecurityGroupIngress: CommandHandler = (context) => {
  const { cloud } = context;
  const ruleId = context.params.required('id');
  const [group] = cloud.securityGroups.list((g) => g.ingressrule.some((rule) => rule.ruleid === ruleId));
  if (group === undefined) {
    throw new CloudStackFault(ErrorCode.paramError, `Unable to find security group rule with id ${ruleId}`);
  }
  const job = context.jobs.submit('securitygroup.RevokeSecurityGroupIngress', {
    work: () => {
      cloud.securityGroups.update(group.id, (current) => ({
        ...current,
        ingressrule: current.ingressrule.filter((rule) => rule.ruleid !== ruleId),
      }));
      return { success: true };
    },
  });
  return { jobid: job.jobid };
};

export const networkingCommands: Record<string, CommandHandler> = {
  createNetwork,
  deleteNetwork,
  listNetworks: (context) =>
    listPage(context, context.cloud.networks, 'network', listFilter(context, ['zoneid', 'type', 'state'])),
  createSecurityGroup,
  deleteSecurityGroup,
  authorizeSecurityGroupIngress,
  revokeSecurityGroupIngress,
  listSecurityGroups: (context) => {
    const matches = listFilter(context);
    const name = context.params.get('securitygroupname');
    const vmId = context.params.get('virtualmachineid');
    return listPage(context, context.cloud.securityGroups, 'securitygroup', (group) => {
      if (!matches(group) || (name !== undefined && group.name !== name)) return false;
      return vmId === undefined || group.virtualmachineids.includes(vmId);
    });
  },
};
