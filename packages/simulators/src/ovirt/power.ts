/**
 * VM status over time. Every operation moves a VM through the engine's intermediate statuses, one
 * step every `transitionMs` (older name `stepMs`), and is tracked as a job that finishes with the
 * last step:
 * creation `image_locked → down`; start `wait_for_launch → powering_up → up` (from `suspended`:
 * `restoring_state → up`); stop and shutdown `powering_down → down`; suspend `saving_state → suspended`.
 */
import type { Timers } from '../timers.js';
import { type EngineState, found, type JobRecord, type VmRecord, type VmStatus } from './model.js';
import { conflict } from './xml-out.js';

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'suspend';

export class PowerControl {
  /** VM id → cancels its transition in progress. */
  readonly #pending = new Map<string, () => void>();

  constructor(
    private readonly state: EngineState,
    private readonly timers: Timers,
    private readonly stepMs: number,
    private readonly now: () => Date,
  ) {}

  /** A new VM: locked while its disks are copied, then down. */
  created(vm: VmRecord, template: string): JobRecord {
    return this.#run(vm.id, `Creating VM ${vm.name} from Template ${template}`, ['image_locked', 'down']);
  }

  /** Starts an action on a VM, or throws the engine's 409 when its status does not allow it. */
  act(vm: VmRecord, action: PowerAction): JobRecord {
    refuseWhileLocked(vm, action);
    switch (action) {
      case 'start':
        if (vm.status === 'suspended')
          return this.#run(vm.id, `Resuming VM ${vm.name}`, ['restoring_state', 'up']);
        if (vm.status !== 'down') throw conflict('Cannot run VM. VM is running.');
        return this.#run(vm.id, `Launching VM ${vm.name}`, ['wait_for_launch', 'powering_up', 'up']);
      case 'stop':
        if (vm.status === 'down') throw conflict('Cannot stop VM. VM is not running.');
        return this.#run(vm.id, `Stopping VM ${vm.name}`, ['powering_down', 'down']);
      case 'shutdown':
        if (vm.status !== 'up' && vm.status !== 'powering_up')
          throw conflict('Cannot shutdown VM. VM is not running.');
        return this.#run(vm.id, `Shutting down VM ${vm.name}`, ['powering_down', 'down']);
      case 'suspend':
        if (vm.status !== 'up') throw conflict('Cannot suspend VM. VM is not up.');
        return this.#run(vm.id, `Suspending VM ${vm.name}`, ['saving_state', 'suspended']);
    }
  }

  /** Forgets a VM's transition in progress (the VM is being removed). */
  cancel(vmId: string): void {
    this.#pending.get(vmId)?.();
    this.#pending.delete(vmId);
  }

  /** Drops every transition in progress (on reset). */
  cancelAll(): void {
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
  }

  #run(vmId: string, description: string, statuses: readonly VmStatus[]): JobRecord {
    this.cancel(vmId);
    const started = this.now().toISOString();
    const job = this.state.jobs.insert((id) => ({
      id,
      description,
      status: 'started',
      startTime: started,
      lastUpdated: started,
    }));
    const step = (index: number): void => {
      const status = statuses[index];
      if (status === undefined) return;
      this.state.vms.update(vmId, (vm) => enter(vm, status, this.state, this.now()));
      if (index === statuses.length - 1) {
        this.#pending.delete(vmId);
        const ended = this.now().toISOString();
        this.state.jobs.update(job.id, { status: 'finished', endTime: ended, lastUpdated: ended });
        return;
      }
      this.#pending.set(
        vmId,
        this.timers.after(this.stepMs, () => step(index + 1)),
      );
    };
    step(0);
    const current = this.state.jobs.get(job.id);
    return found(current) ? current : job;
  }
}

/** The engine refuses every power action while a VM's disks are locked. */
function refuseWhileLocked(vm: VmRecord, action: PowerAction): void {
  if (vm.status !== 'image_locked') return;
  const verb = action === 'start' ? 'run' : action;
  throw conflict(`Cannot ${verb} VM. Related operation is currently in progress. Please try again later.`);
}

/**
 * A VM entering a status: launching or resuming puts it on a host of its cluster with a start
 * time; going down or being suspended takes it off its host, with a stop time if it had one.
 */
function enter(vm: VmRecord, status: VmStatus, state: EngineState, now: Date): VmRecord {
  const next: VmRecord = { ...vm, status };
  if (status === 'wait_for_launch' || status === 'restoring_state') {
    next.hostId = state.hosts.list((host) => host.clusterId === vm.clusterId)[0]?.id;
    next.startTime = now.toISOString();
  }
  if ((status === 'down' || status === 'suspended') && vm.hostId !== undefined) {
    next.hostId = undefined;
    next.stopTime = now.toISOString();
  }
  return next;
}

/** Throws the engine's 409 unless the VM is down: only stopped VMs can be removed. */
export function checkRemovable(vm: VmRecord): void {
  if (vm.status === 'image_locked')
    throw conflict('Cannot remove VM. Related operation is currently in progress. Please try again later.');
  if (vm.status !== 'down') throw conflict('Cannot remove VM. VM is running.');
}
