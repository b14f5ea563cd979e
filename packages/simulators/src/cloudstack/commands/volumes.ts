/** Volumes: ROOT disks come with their VM; data disks are created, attached and detached here. */
import { NotFound } from '../../store.js';
import { ownership } from '../cloud.js';
import { type CommandContext, type CommandHandler, listFilter, listPage, lookup } from '../context.js';
import { CloudStackFault, ErrorCode } from '../errors.js';
import { csDate, type Volume } from '../model.js';

const GIB = 1024 ** 3;

const createVolume: CommandHandler = (context) => {
  const { cloud, params } = context;
  const zone = lookup(context, cloud.zones, 'zoneid');
  const sizeGb = params.integer('size') ?? 5;
  const volume = cloud.volumes.insert((id) => ({
    id,
    name: params.get('name') ?? `DATA-${id.slice(0, 8)}`,
    zoneid: zone.id,
    zonename: zone.name,
    type: 'DATADISK',
    size: sizeGb * GIB,
    state: 'Allocated',
    created: csDate(context.now()),
    storagetype: 'shared',
    ...ownership(),
    tags: [],
  }));
  const job = context.jobs.submit('volume.CreateVolume', {
    instanceType: 'Volume',
    instanceId: volume.id,
    work: () => ({ volume: updateVolume(context, volume.id, {}) }),
  });
  return { id: volume.id, jobid: job.jobid };
};

function updateVolume(context: CommandContext, id: string, change: Partial<Volume>): Volume {
  const updated = context.cloud.volumes.update(id, change);
  if (updated === NotFound)
    throw new CloudStackFault(ErrorCode.paramError, `Unable to find volume with id ${id}`);
  return updated;
}

const attachVolume: CommandHandler = (context) => {
  const { cloud } = context;
  const volume = lookup(context, cloud.volumes, 'id');
  const vm = lookup(context, cloud.virtualMachines, 'virtualmachineid');
  if (volume.virtualmachineid !== undefined) {
    throw new CloudStackFault(ErrorCode.paramError, `Volume ${volume.name} is already attached to a VM`);
  }
  const disks = cloud.volumes.list((v) => v.virtualmachineid === vm.id).length;
  const job = context.jobs.submit('volume.AttachVolume', {
    instanceType: 'Volume',
    instanceId: volume.id,
    work: () => ({
      volume: updateVolume(context, volume.id, {
        virtualmachineid: vm.id,
        vmname: vm.name,
        vmstate: vm.state,
        deviceid: disks,
        state: 'Ready',
      }),
    }),
  });
  return { jobid: job.jobid };
};

const detachVolume: CommandHandler = (context) => {
  const volume = lookup(context, context.cloud.volumes, 'id');
  if (volume.type === 'ROOT' || volume.virtualmachineid === undefined) {
    throw new CloudStackFault(
      ErrorCode.paramError,
      `Volume ${volume.name} is not a data disk attached to a VM`,
    );
  }
  const job = context.jobs.submit('volume.DetachVolume', {
    instanceType: 'Volume',
    instanceId: volume.id,
    work: () => {
      const { virtualmachineid, vmname, vmstate, deviceid, ...detached } = updateVolume(
        context,
        volume.id,
        {},
      );
      context.cloud.volumes.update(volume.id, () => detached);
      return { volume: detached };
    },
  });
  return { jobid: job.jobid };
};

const deleteVolume: CommandHandler = (context) => {
  const volume = lookup(context, context.cloud.volumes, 'id');
  if (volume.virtualmachineid !== undefined) {
    throw new CloudStackFault(
      ErrorCode.paramError,
      'Please specify a volume that is not attached to any VM.',
    );
  }
  context.cloud.volumes.delete(volume.id);
  return { success: true };
};

export const volumeCommands: Record<string, CommandHandler> = {
  createVolume,
  attachVolume,
  detachVolume,
  deleteVolume,
  listVolumes: (context) =>
    listPage(
      context,
      context.cloud.volumes,
      'volume',
      listFilter(context, ['zoneid', 'type', 'virtualmachineid']),
    ),
};
