/**
 * Elastic IPs (ec2-api `address.py` over Neutron floating IPs, EC2-Classic enabled): an
 * EC2-Classic address (`Domain` standard, the default) is allocated, associated with an instance
 * by `PublicIp`, disassociated and released by `PublicIp`; a `Domain=vpc` address gets an
 * `eipalloc-…` id and is released by `AllocationId`, but (as on ec2-api) it can only be
 * associated with a VPC instance's network interface, which this simulator does not model.
 */
import { id, ids, str, strings } from '../args.js';
import type { Action, Ec2Context } from '../context.js';
import { checkFilterNames, type FilterMap, matches, parseFilters } from '../describe.js';
import {
  Ec2Fault,
  invalidParameterCombination,
  invalidParameterMessage,
  invalidParameterValue,
  notFound,
} from '../errors.js';
import type { Address } from '../state.js';
import type { XmlObject } from '../xml.js';

const ADDRESS_FILTERS: FilterMap = {
  'allocation-id': 'allocationId',
  'association-id': 'associationId',
  domain: 'domain',
  'instance-id': 'instanceId',
  'network-interface-id': 'networkInterfaceId',
  'network-interface-owner-id': 'networkInterfaceOwnerId',
  'private-ip-address': 'privateIpAddress',
  'public-ip': 'publicIp',
};

function formatAddress(context: Ec2Context, address: Address): XmlObject {
  const formatted: Record<string, XmlObject[keyof XmlObject]> = { publicIp: address.publicIp };
  const instance =
    address.instanceId === undefined ? undefined : context.cloud.instances.get(address.instanceId);
  if (instance !== undefined) {
    formatted.privateIpAddress = instance.fixedIp;
    formatted.instanceId = instance.id;
  }
  if (address.allocationId === undefined) {
    formatted.domain = 'standard';
  } else {
    formatted.domain = 'vpc';
    formatted.allocationId = address.allocationId;
  }
  return formatted;
}

function ip(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const parts = value.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    throw invalidParameterValue(value, name, 'Not a valid IP address');
  }
  return value;
}

function notYours(publicIp: string): Ec2Fault {
  return new Ec2Fault('AuthFailure', `The address '${publicIp}' does not belong to you.`);
}

export const allocateAddress: Action = (context, args) => {
  const domain = str(args, 'domain', 255);
  if (domain !== undefined && domain !== 'vpc' && domain !== 'standard') {
    throw invalidParameterMessage(`Invalid value '${domain}' for domain.`);
  }
  const { cloud } = context;
  const address: Address = { publicIp: cloud.nextFloatingIp(), seq: cloud.nextSeq() };
  if (domain === 'vpc') address.allocationId = cloud.newId('eipalloc');
  cloud.addresses.set(address.publicIp, address);
  return formatAddress(context, address);
};

export const associateAddress: Action = (context, args) => {
  const publicIp = ip(str(args, 'public_ip'), 'public_ip');
  const instanceId = id(args, 'instance_id', ['i']);
  const allocationId = id(args, 'allocation_id', ['eipalloc']);
  const interfaceId = id(args, 'network_interface_id', ['eni']);
  if (!publicIp && !allocationId) {
    throw new Ec2Fault('MissingParameter', 'Either public IP or allocation id must be specified');
  }
  if (publicIp && allocationId) {
    throw invalidParameterCombination(
      'You may specify public IP or allocation id, but not both in the same call',
    );
  }
  if (!instanceId && !interfaceId) {
    throw new Ec2Fault('MissingParameter', 'Either instance ID or network interface id must be specified');
  }
  const { cloud } = context;
  if (publicIp) {
    const address = cloud.addresses.get(publicIp);
    if (address === undefined || address.allocationId !== undefined) throw notYours(publicIp);
    if (instanceId === undefined) throw notFound('eni', interfaceId as string);
    if (!cloud.instances.has(instanceId)) throw notFound('i', instanceId);
    address.instanceId = instanceId;
    return true;
  }
  if (instanceId !== undefined) {
    if (!cloud.instances.has(instanceId)) throw notFound('i', instanceId);
    throw invalidParameterCombination('You must specify an IP address when mapping to a non-VPC instance');
  }
  throw notFound('eni', interfaceId as string);
};

export const disassociateAddress: Action = (context, args) => {
  const publicIp = ip(str(args, 'public_ip'), 'public_ip');
  const associationId = id(args, 'association_id', ['eipassoc']);
  if (!publicIp && !associationId) {
    throw new Ec2Fault('MissingParameter', 'Either public IP or association id must be specified');
  }
  if (publicIp && associationId) {
    throw invalidParameterCombination(
      'You may specify public IP or association id, but not both in the same call',
    );
  }
  if (publicIp) {
    const address = context.cloud.addresses.get(publicIp);
    if (address === undefined) throw notYours(publicIp);
    if (address.allocationId !== undefined) {
      throw invalidParameterMessage(
        'You must specify an association id when unmapping an address from a VPC instance',
      );
    }
    delete address.instanceId;
    return true;
  }
  throw notFound('eipassoc', associationId as string);
};

export const releaseAddress: Action = (context, args) => {
  const publicIp = ip(str(args, 'public_ip'), 'public_ip');
  const allocationId = id(args, 'allocation_id', ['eipalloc']);
  if (!publicIp && !allocationId) {
    throw new Ec2Fault('MissingParameter', 'Either public IP or allocation id must be specified');
  }
  if (publicIp && allocationId) {
    throw invalidParameterCombination(
      'You may specify public IP or allocation id, but not both in the same call',
    );
  }
  const { cloud } = context;
  if (publicIp) {
    const address = cloud.addresses.get(publicIp);
    if (address?.allocationId !== undefined) {
      throw invalidParameterMessage(
        'You must specify an allocation id when releasing a VPC elastic IP address',
      );
    }
    if (address === undefined) throw notYours(publicIp);
    cloud.addresses.delete(publicIp);
    return true;
  }
  const address = [...cloud.addresses.values()].find((a) => a.allocationId === allocationId);
  if (address === undefined) throw notFound('eipalloc', allocationId as string);
  cloud.addresses.delete(address.publicIp);
  return true;
};

export const describeAddresses: Action = (context, args) => {
  const publicIps = strings(args, 'public_ip');
  for (const value of publicIps ?? []) ip(value, 'public_ip');
  const allocationIds = ids(args, 'allocation_id', ['eipalloc']);
  const filters = parseFilters(args);
  checkFilterNames(filters, ADDRESS_FILTERS, false);
  const selective = publicIps !== undefined || allocationIds !== undefined;
  const wantedIps = new Set(publicIps ?? []);
  const wantedIds = new Set(allocationIds ?? []);
  const addressesSet: XmlObject[] = [];
  for (const address of context.cloud.addresses.values()) {
    const byIp = wantedIps.has(address.publicIp);
    const byId = address.allocationId !== undefined && wantedIds.has(address.allocationId);
    if (selective && !byIp && !byId) continue;
    wantedIps.delete(address.publicIp);
    if (address.allocationId !== undefined) wantedIds.delete(address.allocationId);
    const formatted = formatAddress(context, address);
    if (matches(formatted, filters, ADDRESS_FILTERS)) addressesSet.push(formatted);
  }
  // ec2-api reports a missing address of either kind as an unknown allocation id.
  const missing = [...wantedIds, ...wantedIps][0];
  if (missing !== undefined) throw notFound('eipalloc', missing);
  return { addressesSet };
};
