/**
 * Instances (ec2-api `instance.py` over nova): RunInstances answers the reservation with its
 * instances `pending`, which become `running` after `transitionMs`; Stop (`stopping` → `stopped`),
 * Start (`pending` → `running`), Reboot and Terminate (`shutting-down` → `terminated`; a terminated
 * instance stays listed, as on AWS); DescribeInstances with ec2-api's filters and its
 * `MaxResults`/`NextToken` paging over instances sorted by id, grouped into reservations.
 */
import { type Args, ids, int, required, str, strings, struct } from '../args.js';
import { type Action, after, type Ec2Context } from '../context.js';
import {
  checkFilterNames,
  checkMaxResults,
  type Filter,
  type FilterMap,
  matches,
  pageSorted,
  parseFilters,
  taggable,
} from '../describe.js';
import {
  Ec2Fault,
  incorrectInstanceState,
  invalidParameterCombination,
  invalidParameterMessage,
  invalidParameterValue,
  notFound,
} from '../errors.js';
import { type Instance, type InstanceStateName, type Reservation, STATE_CODES, type Tag } from '../state.js';
import type { XmlObject, XmlValue } from '../xml.js';
import { classicGroupByName, displayName } from './security-groups.js';
import { formatTags } from './tags.js';

const INSTANCE_FILTERS: FilterMap = taggable({
  'availability-zone': ['placement', 'availabilityZone'],
  'block-device-mapping.delete-on-termination': {
    each: ['blockDeviceMapping', ['ebs', 'deleteOnTermination']],
  },
  'block-device-mapping.device-name': { each: ['blockDeviceMapping', 'deviceName'] },
  'block-device-mapping.status': { each: ['blockDeviceMapping', ['ebs', 'status']] },
  'block-device-mapping.volume-id': { each: ['blockDeviceMapping', ['ebs', 'volumeId']] },
  'client-token': 'clientToken',
  'dns-name': 'dnsName',
  'group-id': { each: ['groupSet', 'groupId'] },
  'group-name': { each: ['groupSet', 'groupName'] },
  'image-id': 'imageId',
  'instance-id': 'instanceId',
  'instance-state-code': ['instanceState', 'code'],
  'instance-state-name': ['instanceState', 'name'],
  'instance-type': 'instanceType',
  'instance.group-id': { each: ['groupSet', 'groupId'] },
  'instance.group-name': { each: ['groupSet', 'groupName'] },
  'ip-address': 'ipAddress',
  'kernel-id': 'kernelId',
  'key-name': 'keyName',
  'launch-index': 'amiLaunchIndex',
  'launch-time': 'launchTime',
  'private-dns-name': 'privateDnsName',
  'private-ip-address': 'privateIpAddress',
  'ramdisk-id': 'ramdiskId',
  'root-device-name': 'rootDeviceName',
  'root-device-type': 'rootDeviceType',
  'subnet-id': { each: ['networkInterfaceSet', 'subnetId'] },
  'vpc-id': { each: ['networkInterfaceSet', 'vpcId'] },
  'network-interface.attachment.instance-id': 'instanceId',
});

const RESERVATION_FILTERS: FilterMap = {
  'reservation-id': 'reservationId',
  'owner-id': 'ownerId',
  'network-interface.attachment.instance-owner-id': 'ownerId',
};

/** What formatting many instances at once looks up. */
interface InstanceIndex {
  tags: Map<string, Tag[]>;
  volumes: Map<string, XmlObject[]>;
  publicIps: Map<string, string>;
}

function buildIndex(context: Ec2Context): InstanceIndex {
  const { cloud } = context;
  const volumes = new Map<string, XmlObject[]>();
  for (const volume of cloud.volumes.values()) {
    if (volume.attachment === undefined) continue;
    const status =
      volume.status === 'attaching' ? 'attaching' : volume.status === 'detaching' ? 'detaching' : 'attached';
    const mapping = {
      deviceName: volume.attachment.device,
      ebs: { volumeId: volume.id, status, deleteOnTermination: false },
    };
    const list = volumes.get(volume.attachment.instanceId);
    if (list) list.push(mapping);
    else volumes.set(volume.attachment.instanceId, [mapping]);
  }
  const publicIps = new Map<string, string>();
  for (const address of cloud.addresses.values()) {
    if (address.instanceId !== undefined) publicIps.set(address.instanceId, address.publicIp);
  }
  return { tags: cloud.tagIndex(), volumes, publicIps };
}

export function stateOf(name: InstanceStateName): XmlObject {
  return { code: STATE_CODES[name], name };
}

function groupSet(context: Ec2Context, groupIds: readonly string[]): XmlObject[] {
  const groups: XmlObject[] = [];
  for (const id of groupIds) {
    const group = context.cloud.groups.get(id);
    if (group !== undefined) groups.push({ groupName: displayName(group), groupId: group.id });
  }
  return groups;
}

/** `_format_instance`, key for key in ec2-api's order. */
function formatInstance(context: Ec2Context, instance: Instance, index: InstanceIndex): XmlObject {
  const mappings = index.volumes.get(instance.id);
  const publicIp = index.publicIps.get(instance.id);
  const groups = groupSet(context, instance.groupIds);
  const formatted: Record<string, XmlValue> = {
    amiLaunchIndex: instance.launchIndex,
    imageId: instance.imageId,
    instanceId: instance.id,
    instanceType: instance.instanceType,
    keyName: instance.keyName,
    launchTime: instance.launchTime,
    placement: { availabilityZone: instance.availabilityZone },
    productCodesSet: null,
    instanceState: stateOf(instance.state),
    rootDeviceName: '/dev/vda',
  };
  if (mappings !== undefined) formatted.blockDeviceMapping = mappings;
  formatted.rootDeviceType = 'instance-store';
  if (instance.clientToken !== undefined) formatted.clientToken = instance.clientToken;
  if (groups.length > 0) formatted.groupSet = groups;
  formatted.privateIpAddress = instance.privateIp;
  formatted.privateDnsName = instance.hostname;
  formatted.dnsName = publicIp ?? null;
  if (publicIp !== undefined) formatted.ipAddress = publicIp;
  Object.assign(formatted, formatTags(index.tags.get(instance.id)));
  return formatted;
}

/** Groups formatted instances into reservations, newest reservation first, instances by launch index. */
function reservationsOf(context: Ec2Context, instances: readonly XmlObject[]): XmlObject[] {
  const { cloud } = context;
  const byReservation = new Map<Reservation, XmlObject[]>();
  for (const formatted of instances) {
    const instance = cloud.instances.get(formatted.instanceId as string) as Instance;
    const reservation = cloud.reservations.get(instance.reservationId) as Reservation;
    const list = byReservation.get(reservation);
    if (list) list.push(formatted);
    else byReservation.set(reservation, [formatted]);
  }
  return [...byReservation]
    .sort(([a], [b]) => b.seq - a.seq)
    .map(([reservation, members]) => {
      members.sort((a, b) => (a.amiLaunchIndex as number) - (b.amiLaunchIndex as number));
      const first = cloud.instances.get(reservation.instanceIds[0] as string) as Instance;
      return {
        reservationId: reservation.id,
        ownerId: reservation.ownerId,
        instancesSet: members,
        groupSet: groupSet(context, first.groupIds),
      };
    });
}

function describe(
  context: Ec2Context,
  instanceIds: readonly string[] | undefined,
  filters: readonly Filter[] | undefined,
  paging: { maxResults: number | undefined; nextToken: string | undefined },
): { reservationSet: XmlObject[]; nextToken?: string } {
  const { cloud } = context;
  const instanceFilters = filters?.filter((f) => !(f.name in RESERVATION_FILTERS) || f.tagKey !== undefined);
  const reservationFilters = filters?.filter((f) => f.name in RESERVATION_FILTERS && f.tagKey === undefined);
  checkFilterNames(instanceFilters, INSTANCE_FILTERS, true);
  for (const id of instanceIds ?? []) if (!cloud.instances.has(id)) throw notFound('i', id);

  const index = buildIndex(context);
  let candidates: readonly string[] =
    instanceIds === undefined ? cloud.sortedInstanceIds() : [...new Set(instanceIds)].sort();
  let nextToken: string | undefined;
  let formatted: XmlObject[];
  if (instanceFilters === undefined || instanceFilters.length === 0) {
    // Without instance filters the page can be cut before formatting: same answer, less work.
    const paged = pageSorted(candidates, paging);
    candidates = paged.items;
    nextToken = paged.nextToken;
    formatted = candidates.map((id) => formatInstance(context, cloud.instances.get(id) as Instance, index));
  } else {
    const all = candidates
      .map((id) => formatInstance(context, cloud.instances.get(id) as Instance, index))
      .filter((item) => matches(item, instanceFilters, INSTANCE_FILTERS));
    const paged = pageSorted(all, paging);
    formatted = [...paged.items];
    nextToken = paged.nextToken;
  }
  const reservationSet = reservationsOf(context, formatted).filter((r) =>
    matches(r, reservationFilters?.length ? reservationFilters : undefined, RESERVATION_FILTERS),
  );
  return nextToken === undefined ? { reservationSet } : { reservationSet, nextToken };
}

export const describeInstances: Action = (context, args) => {
  const instanceIds = ids(args, 'instance_id', ['i']);
  const filters = parseFilters(args);
  const maxResults = int(args, 'max_results');
  const nextToken = str(args, 'next_token');
  if (instanceIds !== undefined && maxResults) {
    throw invalidParameterCombination(
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  checkMaxResults(maxResults);
  return describe(context, instanceIds, filters, { maxResults, nextToken });
};

function setState(context: Ec2Context, instance: Instance, state: InstanceStateName): void {
  instance.state = state;
  instance.epoch += 1;
  if (state === 'running') instance.privateIp = instance.fixedIp;
  if (state === 'terminated') {
    instance.privateIp = null;
    for (const volume of context.cloud.volumes.values()) {
      if (volume.attachment?.instanceId === instance.id) {
        delete volume.attachment;
        volume.status = 'available';
        volume.epoch += 1;
      }
    }
    for (const address of context.cloud.addresses.values()) {
      if (address.instanceId === instance.id) delete address.instanceId;
    }
  }
}

/** Moves the instance to `through` now and to `to` after the transition time. */
function transition(
  context: Ec2Context,
  instance: Instance,
  through: InstanceStateName,
  to: InstanceStateName,
): void {
  setState(context, instance, through);
  after(
    context,
    () => instance.epoch,
    () => setState(context, instance, to),
  );
}

/** Every id exists (ec2-api's `get_db_items`), in the order asked. */
function instancesOf(context: Ec2Context, args: Args): Instance[] {
  const instanceIds = required(ids(args, 'instance_id', ['i']), 'instance_id');
  return instanceIds.map((id) => {
    const instance = context.cloud.instances.get(id);
    if (instance === undefined) throw notFound('i', id);
    return instance;
  });
}

/** `_foreach_instance`: every instance must be in a valid state before any is touched. */
function forEach(
  context: Ec2Context,
  args: Args,
  valid: readonly InstanceStateName[],
  apply: (instance: Instance) => void,
): true {
  const instances = instancesOf(context, args);
  for (const instance of instances)
    if (!valid.includes(instance.state)) throw incorrectInstanceState(instance.id);
  for (const instance of instances) apply(instance);
  return true;
}

export const stopInstances: Action = (context, args) =>
  forEach(context, args, ['running'], (instance) => transition(context, instance, 'stopping', 'stopped'));

export const startInstances: Action = (context, args) =>
  forEach(context, args, ['stopped'], (instance) => transition(context, instance, 'pending', 'running'));

/** A soft reboot of a running instance changes nothing visible; a stopped one is hard-rebooted (started). */
export const rebootInstances: Action = (context, args) =>
  forEach(context, args, ['running', 'stopped'], (instance) => {
    if (instance.state === 'stopped') transition(context, instance, 'pending', 'running');
  });

export const terminateInstances: Action = (context, args) => {
  const instances = instancesOf(context, args);
  const instancesSet = [...new Set(instances)].map((instance) => {
    const previous = instance.state;
    if (previous !== 'terminated' && previous !== 'shutting-down') {
      transition(context, instance, 'shutting-down', 'terminated');
    }
    return {
      instanceId: instance.id,
      previousState: stateOf(previous),
      currentState: stateOf(instance.state),
    };
  });
  return { instancesSet };
};

export const runInstances: Action = (context, args) => {
  const { cloud } = context;
  const imageId = required(str(args, 'image_id'), 'image_id');
  ids({ image_id: [imageId] }, 'image_id', ['ami']);
  const minCount = required(int(args, 'min_count'), 'min_count');
  const maxCount = required(int(args, 'max_count'), 'max_count');
  const keyName = str(args, 'key_name', 255);
  const groupIds = ids(args, 'security_group_id', ['sg']);
  const groupNames = strings(args, 'security_group');
  const userData = str(args, 'user_data');
  const instanceType = str(args, 'instance_type') ?? 'm1.small';
  const placement = struct(args, 'placement');
  const clientToken = str(args, 'client_token', 64);
  if (args.ramdisk_id !== undefined)
    throw new Ec2Fault('InvalidAttribute', 'Attribute not supported: ramdisk_id');
  if (args.kernel_id !== undefined)
    throw new Ec2Fault('InvalidAttribute', 'Attribute not supported: kernel_id');

  if (minCount < 1) throw invalidParameterMessage('Minimum instance count must be greater than zero');
  if (maxCount < 1) throw invalidParameterMessage('Maximum instance count must be greater than zero');
  if (minCount > maxCount) {
    throw invalidParameterMessage('Maximum instance count must not be smaller than minimum instance count');
  }

  const request = JSON.stringify(
    Object.entries(args)
      .filter(([name]) => name !== 'client_token')
      .sort(),
  );
  if (clientToken !== undefined && clientToken !== '') {
    // EC2's idempotency: the same token answers the reservation it first made, without new instances.
    const earlier = [...cloud.instances.values()].find((i) => i.clientToken === clientToken);
    if (earlier !== undefined) {
      if (earlier.clientTokenRequest !== request) {
        throw new Ec2Fault(
          'IdempotentParameterMismatch',
          `The client token '${clientToken}' was already used with different parameters.`,
        );
      }
      const reservation = cloud.reservations.get(earlier.reservationId) as Reservation;
      const index = buildIndex(context);
      const members = reservation.instanceIds
        .map((id) => cloud.instances.get(id) as Instance)
        .filter((i) => i.clientToken === clientToken)
        .map((i) => formatInstance(context, i, index));
      return reservationsOf(context, members)[0] as XmlObject;
    }
  }

  const image = cloud.images.get(imageId);
  if (image === undefined) throw notFound('ami', imageId);
  if (image.state !== 'available') throw new Ec2Fault('InvalidAMIID.Unavailable', 'Image must be available');
  if (!context.instanceTypes.includes(instanceType)) {
    throw invalidParameterValue(instanceType, 'InstanceType', 'Unknown instance type.');
  }
  const zone = typeof placement?.availability_zone === 'string' ? placement.availability_zone : undefined;
  if (zone !== undefined && !cloud.availabilityZones.includes(zone)) {
    throw new Ec2Fault('BadRequest', 'The requested availability zone is not available');
  }
  if (keyName !== undefined && !cloud.keyPairs.has(keyName)) {
    // Nova refuses the server with a 400; ec2-api passes it on under the client's exception name.
    throw new Ec2Fault('BadRequest', 'Invalid key_name provided.');
  }
  if (args.subnet_id !== undefined) throw notFound('subnet', String(args.subnet_id));
  const groups: string[] = [];
  for (const name of groupNames ?? []) {
    const group = classicGroupByName(cloud, name);
    if (group === undefined) throw notFound('sg', name);
    groups.push(group.id);
  }
  for (const id of groupIds ?? []) {
    if (!cloud.groups.has(id)) throw notFound('sg', id);
    if (!groups.includes(id)) groups.push(id);
  }
  if (groups.length === 0) groups.push(cloud.defaultGroupId);
  const decoded = userData === undefined || userData === '' ? undefined : Buffer.from(userData, 'base64');

  const reservation = cloud.addReservation();
  const launchTime = context.now();
  const created: Instance[] = [];
  for (let launchIndex = 0; launchIndex < maxCount; launchIndex += 1) {
    created.push(
      cloud.addInstance(reservation, {
        launchIndex,
        imageId,
        instanceType,
        keyName: keyName ?? null,
        launchTime,
        availabilityZone: zone ?? (cloud.availabilityZones[0] as string),
        groupIds: [...groups],
        ...(clientToken ? { clientToken, clientTokenRequest: request } : {}),
        ...(decoded === undefined ? {} : { userData: decoded }),
      }),
    );
  }
  for (const instance of created) {
    after(
      context,
      () => instance.epoch,
      () => setState(context, instance, 'running'),
    );
  }
  const index = buildIndex(context);
  return reservationsOf(
    context,
    created.map((instance) => formatInstance(context, instance, index)),
  )[0] as XmlObject;
};
