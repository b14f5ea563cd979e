/**
 * Volumes (ec2-api `volume.py` over Cinder): CreateVolume answers `creating`, `available` after
 * `transitionMs`; AttachVolume (`attaching` → attached, the volume `in-use`), DetachVolume
 * (`detaching` → `available`), DeleteVolume (`deleting`, then gone); DescribeVolumes with filters
 * and `MaxResults`/`NextToken` paging sorted by id.
 */
import { id, ids, int, required, str } from '../args.js';
import { type Action, after, type Ec2Context } from '../context.js';
import {
  checkFilterNames,
  checkMaxResults,
  type FilterMap,
  matches,
  page,
  parseFilters,
  taggable,
} from '../describe.js';
import {
  Ec2Fault,
  incorrectState,
  invalidParameterCombination,
  notFound,
  unsupportedOperation,
} from '../errors.js';
import type { Tag, Volume } from '../state.js';
import type { XmlObject } from '../xml.js';
import { formatTags } from './tags.js';

const VOLUME_FILTERS: FilterMap = taggable({
  'availability-zone': 'availabilityZone',
  'client-token': 'clientToken',
  'create-time': 'createTime',
  encrypted: 'encrypted',
  size: 'size',
  'snapshot-id': 'snapshotId',
  status: 'status',
  'volume-id': 'volumeId',
  'volume-type': 'volumeType',
  'attachment.delete-on-termination': { each: ['attachmentSet', 'deleteOnTermination'] },
  'attachment.device': { each: ['attachmentSet', 'device'] },
  'attachment.instance-id': { each: ['attachmentSet', 'instanceId'] },
  'attachment.status': { each: ['attachmentSet', 'status'] },
});

/** Cinder's transitional statuses are `in-use` to EC2. */
function ec2Status(volume: Volume): string {
  return volume.status === 'attaching' || volume.status === 'detaching' ? 'in-use' : volume.status;
}

function formatAttachment(volume: Volume): XmlObject {
  const status =
    volume.status === 'attaching' || volume.status === 'detaching'
      ? volume.status
      : volume.attachment
        ? 'attached'
        : 'detached';
  return {
    device: volume.attachment?.device ?? null,
    instanceId: volume.attachment?.instanceId ?? null,
    status,
    volumeId: volume.id,
  };
}

function formatVolume(volume: Volume, tags: readonly Tag[] | undefined): XmlObject {
  const status = ec2Status(volume);
  return {
    volumeId: volume.id,
    status,
    size: volume.size,
    availabilityZone: volume.availabilityZone,
    createTime: volume.createdAt,
    volumeType: volume.volumeType,
    encrypted: false,
    attachmentSet: status === 'in-use' ? [formatAttachment(volume)] : {},
    snapshotId: null,
    ...formatTags(tags),
  };
}

function volumeOf(context: Ec2Context, volumeId: string): Volume {
  const volume = context.cloud.volumes.get(volumeId);
  if (volume === undefined) throw notFound('vol', volumeId);
  return volume;
}

function setStatus(volume: Volume, status: Volume['status']): void {
  volume.status = status;
  volume.epoch += 1;
}

export const createVolume: Action = (context, args) => {
  const { cloud } = context;
  const zone = str(args, 'availability_zone');
  const size = int(args, 'size');
  const snapshotId = str(args, 'snapshot_id');
  const volumeType = str(args, 'volume_type') ?? 'standard';
  const clientToken = str(args, 'client_token');
  if (clientToken) {
    const earlier = [...cloud.volumes.values()].find((v) => v.clientToken === clientToken);
    if (earlier !== undefined) return formatVolume(earlier, cloud.tagsOf(earlier.id));
  }
  if (snapshotId !== undefined) throw notFound('snap', snapshotId);
  if (size === undefined) throw new Ec2Fault('MissingParameter', "The required parameter 'size' is missing");
  if (size < 1)
    throw new Ec2Fault('BadRequest', `Invalid input received: size must be an integer and greater than 0`);
  if (zone !== undefined && !cloud.availabilityZones.includes(zone)) {
    throw new Ec2Fault('BadRequest', `Availability zone '${zone}' is invalid.`);
  }
  const volume: Volume = {
    id: cloud.newId('vol'),
    size,
    availabilityZone: zone ?? (cloud.availabilityZones[0] as string),
    createdAt: context.now(),
    volumeType,
    status: 'creating',
    epoch: 0,
    seq: cloud.nextSeq(),
    ...(clientToken ? { clientToken } : {}),
  };
  cloud.volumes.set(volume.id, volume);
  after(
    context,
    () => volume.epoch,
    () => setStatus(volume, 'available'),
  );
  return formatVolume(volume, undefined);
};

export const attachVolume: Action = (context, args) => {
  const volumeId = required(id(args, 'volume_id', ['vol']), 'volume_id');
  const instanceId = required(id(args, 'instance_id', ['i']), 'instance_id');
  const device = required(str(args, 'device'), 'device');
  const volume = volumeOf(context, volumeId);
  const instance = context.cloud.instances.get(instanceId);
  if (instance === undefined) throw notFound('i', instanceId);
  // Nova answers 409/400 for these; ec2-api turns both into UnsupportedOperation.
  if (volume.status !== 'available') throw unsupportedOperation();
  if (instance.state !== 'running' && instance.state !== 'stopped') throw unsupportedOperation();
  for (const other of context.cloud.volumes.values()) {
    if (other.attachment?.instanceId === instanceId && other.attachment.device === device) {
      throw unsupportedOperation();
    }
  }
  volume.attachment = { instanceId, device };
  setStatus(volume, 'attaching');
  after(
    context,
    () => volume.epoch,
    () => setStatus(volume, 'in-use'),
  );
  return { ...formatAttachment(volume), deleteOnTermination: false };
};

export const detachVolume: Action = (context, args) => {
  const volumeId = required(id(args, 'volume_id', ['vol']), 'volume_id');
  id(args, 'instance_id', ['i']);
  str(args, 'device');
  const volume = volumeOf(context, volumeId);
  if (volume.attachment === undefined) {
    throw incorrectState(`Volume ${volumeId} is not attached to anything`);
  }
  if (volume.status !== 'in-use') throw unsupportedOperation();
  setStatus(volume, 'detaching');
  const answer = formatAttachment(volume);
  after(
    context,
    () => volume.epoch,
    () => {
      delete volume.attachment;
      setStatus(volume, 'available');
    },
  );
  return answer;
};

export const deleteVolume: Action = (context, args) => {
  const volumeId = required(id(args, 'volume_id', ['vol']), 'volume_id');
  const volume = volumeOf(context, volumeId);
  if (volume.status === 'deleting') return true;
  // Cinder refuses to delete a volume that is attached or still being created (a 400).
  if (volume.status !== 'available') throw unsupportedOperation();
  setStatus(volume, 'deleting');
  after(
    context,
    () => volume.epoch,
    () => {
      context.cloud.volumes.delete(volume.id);
      context.cloud.deleteTagsOf(volume.id);
    },
  );
  return true;
};

export const describeVolumes: Action = (context, args) => {
  const volumeIds = ids(args, 'volume_id', ['vol']);
  const filters = parseFilters(args);
  const maxResults = int(args, 'max_results');
  const nextToken = str(args, 'next_token');
  if (volumeIds !== undefined && maxResults) {
    throw invalidParameterCombination('The parameter volumeSet cannot be used with the parameter maxResults');
  }
  checkMaxResults(maxResults);
  checkFilterNames(filters, VOLUME_FILTERS, true);
  const { cloud } = context;
  for (const volumeId of volumeIds ?? []) if (!cloud.volumes.has(volumeId)) throw notFound('vol', volumeId);
  const wanted = volumeIds === undefined ? undefined : new Set(volumeIds);
  const tags = cloud.tagIndex();
  const formatted: XmlObject[] = [];
  for (const volume of cloud.volumes.values()) {
    if (wanted !== undefined && !wanted.has(volume.id)) continue;
    const item = formatVolume(volume, tags.get(volume.id));
    if (matches(item, filters, VOLUME_FILTERS)) formatted.push(item);
  }
  const paged = page(formatted, (item) => item.volumeId as string, { maxResults, nextToken });
  return { volumeSet: paged.items, ...(paged.nextToken === undefined ? {} : { nextToken: paged.nextToken }) };
};
