/** Virtual machines: deploy, start, stop, reboot and destroy as async jobs, and the list. */

import { NotFound } from '../../store.js';
import { newVirtualMachine } from '../cloud.js';
import {
  type CommandContext,
  type CommandHandler,
  listFilter,
  listPage,
  lookup,
  lookupOptional,
  type Payload,
} from '../context.js';
import { CloudStackFault, ErrorCode, invalidParameter } from '../errors.js';
import { csDate, type VirtualMachine, type VmState } from '../model.js';

/**
 * A VM deployed with a name (or display name) starting with this prefix fails in its job, as a
 * real deployment does when no host has capacity: `jobstatus` 2, error 533, VM in state `Error`.
 */
export const FAILING_VM_NAME_PREFIX = 'fail-';

const deployVirtualMachine: CommandHandler = (context) => {
  const { cloud, params } = context;
  const zone = lookup(context, cloud.zones, 'zoneid');
  const offering = lookup(context, cloud.serviceOfferings, 'serviceofferingid');
  const template = lookup(context, cloud.templates, 'templateid');
  const network = pickNetwork(context, zone.id);
  const securityGroups = (params.list('securitygroupids') ?? []).map((id) => {
    const group = cloud.securityGroups.get(id);
    if (group === NotFound) throw invalidParameter(context.command, 'securitygroupids', id);
    return group;
  });
  const startVm = params.flag('startvm') ?? true;
  const vm = cloud.virtualMachines.insert((id) =>
    newVirtualMachine({
      id,
      name: params.get('name') ?? `VM-${id}`,
      displayname: params.get('displayname') ?? params.get('name') ?? `VM-${id}`,
      created: csDate(context.now()),
      state: 'Starting',
      zone,
      offering,
      template,
      network,
      address: cloud.nextAddress(),
      instance: cloud.nextInstanceNumber(),
      securityGroups,
    }),
  );
  cloud.volumes.insert((id) => ({
    id,
    name: `ROOT-${vm.instancename.split('-')[2]}`,
    zoneid: zone.id,
    zonename: zone.name,
    type: 'ROOT',
    deviceid: 0,
    virtualmachineid: vm.id,
    vmname: vm.name,
    vmstate: vm.state,
    size: template.size,
    state: 'Ready',
    created: vm.created,
    storagetype: 'shared',
    account: vm.account,
    domainid: vm.domainid,
    domain: vm.domain,
    tags: [],
  }));
  for (const group of securityGroups) {
    cloud.securityGroups.update(group.id, (current) => ({
      ...current,
      virtualmachinecount: current.virtualmachinecount + 1,
      virtualmachineids: [...current.virtualmachineids, vm.id],
    }));
  }
  const fails = [vm.name, vm.displayname].some((name) => name.startsWith(FAILING_VM_NAME_PREFIX));
  const job = context.jobs.submit('vm.DeployVM', {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    work: () => {
      if (fails) {
        setState(context, vm.id, 'Error');
        throw new CloudStackFault(
          ErrorCode.insufficientCapacity,
          `Unable to create a deployment for VM[User|${vm.instancename}]`,
        );
      }
      return { virtualmachine: setState(context, vm.id, startVm ? 'Running' : 'Stopped') };
    },
  });
  return { id: vm.id, jobid: job.jobid };
};

function pickNetwork(context: CommandContext, zoneId: string) {
  const { cloud, params } = context;
  const [wanted] = params.list('networkids') ?? [];
  if (wanted !== undefined) {
    const network = cloud.networks.get(wanted);
    if (network === NotFound) throw invalidParameter(context.command, 'networkids', wanted);
    return network;
  }
  const [network] = cloud.networks.list((candidate) => candidate.zoneid === zoneId);
  if (network === undefined) {
    throw new CloudStackFault(ErrorCode.paramError, `Can't find a default network in zone ${zoneId}`);
  }
  return network;
}

/** Moves a VM to `state` (and its volumes' `vmstate` with it); answers the VM as a job shows it. */
function setState(context: CommandContext, id: string, state: VmState): VirtualMachine {
  const vm = context.cloud.virtualMachines.update(id, { state });
  if (vm === NotFound) throw new CloudStackFault(ErrorCode.internalError, `VM ${id} disappeared`);
  for (const volume of context.cloud.volumes.list((v) => v.virtualmachineid === id)) {
    context.cloud.volumes.update(volume.id, { vmstate: state });
  }
  return vm;
}

/**
 * start/stop/reboot: checks the VM now, moves it to a transitional state, and to `to` when the
 * job finishes (doing nothing if it is already there, as the server does).
 */
function transition(name: string, via: VmState | undefined, to: VmState): CommandHandler {
  return (context) => {
    const vm = lookup(context, context.cloud.virtualMachines, 'id');
    if (vm.state === 'Destroyed' || vm.state === 'Expunging' || vm.state === 'Error') {
      throw new CloudStackFault(
        ErrorCode.paramError,
        `Unable to ${name} VM ${vm.name} because it is in state ${vm.state}`,
      );
    }
    if (via !== undefined && vm.state !== to) setState(context, vm.id, via);
    const job = context.jobs.submit(`vm.${name}VM`, {
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      work: () => ({ virtualmachine: setState(context, vm.id, to) }),
    });
    return { jobid: job.jobid };
  };
}

const destroyVirtualMachine: CommandHandler = (context) => {
  const { cloud, params } = context;
  const vm = lookup(context, cloud.virtualMachines, 'id');
  if (vm.state === 'Destroyed' || vm.state === 'Expunging') {
    throw new CloudStackFault(
      ErrorCode.paramError,
      `Unable to destroy VM ${vm.name}: it is already destroyed`,
    );
  }
  const expunge = params.flag('expunge') ?? false;
  const job = context.jobs.submit('vm.DestroyVM', {
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    work: () => {
      const destroyed = setState(context, vm.id, expunge ? 'Expunging' : 'Destroyed');
      if (expunge) {
        cloud.virtualMachines.delete(vm.id);
        for (const volume of cloud.volumes.list((v) => v.virtualmachineid === vm.id))
          cloud.volumes.delete(volume.id);
      }
      for (const group of cloud.securityGroups.list((g) => g.virtualmachineids.includes(vm.id))) {
        cloud.securityGroups.update(group.id, (current) => ({
          ...current,
          virtualmachinecount: current.virtualmachinecount - 1,
          virtualmachineids: current.virtualmachineids.filter((id) => id !== vm.id),
        }));
      }
      return { virtualmachine: destroyed };
    },
  });
  return { jobid: job.jobid };
};

const listVirtualMachines: CommandHandler = (context): Payload => {
  const matches = listFilter(context, ['zoneid', 'state', 'templateid', 'serviceofferingid']);
  const networkId = context.params.get('networkid');
  const groupId = lookupOptional(context, context.cloud.securityGroups, 'securitygroupid')?.id;
  return listPage(context, context.cloud.virtualMachines, 'virtualmachine', (vm) => {
    if (!matches(vm)) return false;
    if (networkId !== undefined && !vm.nic.some((nic) => nic.networkid === networkId)) return false;
    return groupId === undefined || vm.securitygroup.some((group) => group.id === groupId);
  });
};

export const virtualMachineCommands: Record<string, CommandHandler> = {
  deployVirtualMachine,
  startVirtualMachine: transition('Start', 'Starting', 'Running'),
  stopVirtualMachine: transition('Stop', 'Stopping', 'Stopped'),
  rebootVirtualMachine: transition('Reboot', undefined, 'Running'),
  destroyVirtualMachine,
  listVirtualMachines,
};
