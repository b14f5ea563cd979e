/**
 * The VM state machine: which `one.vm.action` is legal in which state, and the STATE/LCM_STATE
 * steps each one walks through over time (e.g. poweroff: ACTIVE/SHUTDOWN_POWEROFF, then POWEROFF),
 * as oned's dispatch manager and life-cycle manager do. A pending VM is deployed by the simulated
 * scheduler on the first monitored host.
 */
import { NotFound } from '../store.js';
import { ONE_ERROR, OneFailure } from './errors.js';
import { HOST_STATE, type HostRecord, LCM_STATE, VM_STATE, type VmRecord } from './model.js';
import type { OneState } from './state.js';
import { withAttribute } from './template.js';

type Step = readonly [state: number, lcm: number];

const RUNNING: Step = [VM_STATE.ACTIVE, LCM_STATE.RUNNING];
const DONE: Step = [VM_STATE.DONE, LCM_STATE.LCM_INIT];
const PENDING: Step = [VM_STATE.PENDING, LCM_STATE.LCM_INIT];

const isRunning = (vm: VmRecord) => vm.STATE === VM_STATE.ACTIVE && vm.LCM_STATE === LCM_STATE.RUNNING;
const inState =
  (...states: number[]) =>
  (vm: VmRecord) =>
    states.includes(vm.STATE);

/** States in which a VM occupies its host. */
const ON_HOST: readonly number[] = [VM_STATE.ACTIVE, VM_STATE.SUSPENDED, VM_STATE.POWEROFF];

/** An action's legal starting points and, for each, its steps (the first is taken at once). */
type Rule = readonly [from: (vm: VmRecord) => boolean, steps: readonly Step[]];

const shutdownThen = (lcm: number, ...rest: Step[]): Step[] => [[VM_STATE.ACTIVE, lcm], ...rest];

const UNDEPLOY: readonly Rule[] = [
  [
    isRunning,
    shutdownThen(
      LCM_STATE.SHUTDOWN_UNDEPLOY,
      [VM_STATE.ACTIVE, LCM_STATE.EPILOG_UNDEPLOY],
      [VM_STATE.UNDEPLOYED, 0],
    ),
  ],
  [
    inState(VM_STATE.POWEROFF),
    [
      [VM_STATE.ACTIVE, LCM_STATE.EPILOG_UNDEPLOY],
      [VM_STATE.UNDEPLOYED, 0],
    ],
  ],
];

const ACTIONS: Record<string, readonly Rule[]> = {
  terminate: [
    [isRunning, shutdownThen(LCM_STATE.SHUTDOWN, [VM_STATE.ACTIVE, LCM_STATE.EPILOG], DONE)],
    [inState(VM_STATE.POWEROFF, VM_STATE.SUSPENDED), [[VM_STATE.ACTIVE, LCM_STATE.EPILOG], DONE]],
    [inState(VM_STATE.PENDING, VM_STATE.HOLD, VM_STATE.STOPPED, VM_STATE.UNDEPLOYED), [DONE]],
  ],
  'terminate-hard': [
    [isRunning, shutdownThen(LCM_STATE.EPILOG, DONE)],
    [inState(VM_STATE.POWEROFF, VM_STATE.SUSPENDED), [[VM_STATE.ACTIVE, LCM_STATE.EPILOG], DONE]],
    [inState(VM_STATE.PENDING, VM_STATE.HOLD, VM_STATE.STOPPED, VM_STATE.UNDEPLOYED), [DONE]],
  ],
  poweroff: [[isRunning, shutdownThen(LCM_STATE.SHUTDOWN_POWEROFF, [VM_STATE.POWEROFF, LCM_STATE.LCM_INIT])]],
  'poweroff-hard': [
    [isRunning, shutdownThen(LCM_STATE.SHUTDOWN_POWEROFF, [VM_STATE.POWEROFF, LCM_STATE.LCM_INIT])],
  ],
  undeploy: UNDEPLOY,
  // oned undeploys the same way, only without waiting for the guest to shut down.
  'undeploy-hard': UNDEPLOY,
  stop: [
    [
      isRunning,
      shutdownThen(LCM_STATE.SAVE_STOP, [VM_STATE.ACTIVE, LCM_STATE.EPILOG_STOP], [VM_STATE.STOPPED, 0]),
    ],
  ],
  suspend: [[isRunning, shutdownThen(LCM_STATE.SAVE_SUSPEND, [VM_STATE.SUSPENDED, 0])]],
  resume: [
    [inState(VM_STATE.POWEROFF), [[VM_STATE.ACTIVE, LCM_STATE.BOOT_POWEROFF], RUNNING]],
    [inState(VM_STATE.SUSPENDED), [[VM_STATE.ACTIVE, LCM_STATE.BOOT_SUSPENDED], RUNNING]],
    [inState(VM_STATE.STOPPED, VM_STATE.UNDEPLOYED), [PENDING]],
  ],
  hold: [[inState(VM_STATE.PENDING), [[VM_STATE.HOLD, 0]]]],
  release: [[inState(VM_STATE.HOLD), [PENDING]]],
  reboot: [[isRunning, [RUNNING]]],
  'reboot-hard': [[isRunning, [RUNNING]]],
  resched: [[isRunning, [RUNNING]]],
  unresched: [[isRunning, [RUNNING]]],
};

/** The states' names as oned prints them in messages. */
const STATE_NAMES = new Map<number, string>(Object.entries(VM_STATE).map(([name, value]) => [value, name]));
const LCM_NAMES = new Map<number, string>(Object.entries(LCM_STATE).map(([name, value]) => [value, name]));

function stateName(vm: VmRecord): string {
  return vm.STATE === VM_STATE.ACTIVE
    ? (LCM_NAMES.get(vm.LCM_STATE) ?? 'ACTIVE')
    : (STATE_NAMES.get(vm.STATE) ?? String(vm.STATE));
}

export class VmLifecycle {
  /** Cancels the timed steps still ahead of each VM, so a new action supersedes them. */
  readonly #ahead = new Map<number, () => void>();

  constructor(private readonly state: OneState) {}

  /** Starts `action` on `vm` or throws oned's ACTION failure when it is unknown or illegal now. */
  act(action: string, vm: VmRecord): void {
    const rules = ACTIONS[action];
    if (rules === undefined) throw new OneFailure(ONE_ERROR.ACTION, `Invalid action "${action}".`, vm.ID);
    const rule = rules.find(([from]) => from(vm));
    if (rule === undefined) {
      throw new OneFailure(
        ONE_ERROR.ACTION,
        `Error performing action "${action}" on virtual machine [${vm.ID}]: This action is not available for state ${stateName(vm)}.`,
        vm.ID,
      );
    }
    if (action === 'resched' || action === 'unresched') {
      this.state.vms.update(vm.ID, { RESCHED: action === 'resched' ? 1 : 0 });
    }
    this.#walk(vm.ID, rule[1]);
  }

  /** Places a pending VM on `host`: PROLOG, BOOT, then RUNNING. */
  deploy(vmId: number, host: HostRecord): void {
    const now = this.state.now();
    this.state.vms.update(vmId, (vm) => ({
      ...vm,
      DEPLOY_ID: `one-${vm.ID}`,
      template: withAttribute(vm.template, 'TM_MAD_SYSTEM', 'ssh'),
      history: [
        ...vm.history,
        {
          SEQ: vm.history.length,
          HID: host.ID,
          HOSTNAME: host.NAME,
          VM_MAD: host.VM_MAD,
          STIME: now,
          ETIME: 0,
          ACTION: 0,
        },
      ],
    }));
    this.#walk(vmId, [[VM_STATE.ACTIVE, LCM_STATE.PROLOG], [VM_STATE.ACTIVE, LCM_STATE.BOOT], RUNNING]);
  }

  /** Runs the scheduler after one transition, as oned's scheduler runs a while after a VM is queued. */
  scheduleSoon(): void {
    this.state.timers.after(this.state.transitionMs, () => this.schedulePending());
  }

  /** The simulated scheduler: every PENDING VM goes to the first monitored host, if there is one. */
  schedulePending(): void {
    const [host] = this.state.hosts.list((candidate) => candidate.STATE === HOST_STATE.MONITORED);
    if (host === undefined) return;
    for (const vm of this.state.vms.list((candidate) => candidate.STATE === VM_STATE.PENDING)) {
      this.#ahead.get(vm.ID)?.();
      this.deploy(vm.ID, host);
    }
  }

  /** The host's running VMs (ACTIVE, SUSPENDED or POWEROFF on it). */
  vmsOn(hostId: number): number[] {
    return this.state.vms
      .list((vm) => ON_HOST.includes(vm.STATE) && vm.history.at(-1)?.HID === hostId)
      .map((vm) => vm.ID);
  }

  cancelAll(): void {
    for (const cancel of this.#ahead.values()) cancel();
    this.#ahead.clear();
  }

  /** Takes the first step now and each next one `transitionMs` later. */
  #walk(vmId: number, steps: readonly Step[]): void {
    this.#ahead.get(vmId)?.();
    this.#ahead.delete(vmId);
    const [first, ...rest] = steps;
    if (first === undefined) return;
    this.#enter(vmId, first);
    if (rest.length > 0) {
      const cancel = this.state.timers.after(this.state.transitionMs, () => {
        this.#ahead.delete(vmId);
        this.#walk(vmId, rest);
      });
      this.#ahead.set(vmId, cancel);
    }
  }

  #enter(vmId: number, [state, lcm]: Step): void {
    const now = this.state.now();
    const updated = this.state.vms.update(vmId, (vm) => {
      const leavesHost =
        state === VM_STATE.DONE || state === VM_STATE.STOPPED || state === VM_STATE.UNDEPLOYED;
      const history = vm.history.map((record, i) =>
        leavesHost && i === vm.history.length - 1 && record.ETIME === 0 ? { ...record, ETIME: now } : record,
      );
      return {
        ...vm,
        PREV_STATE: vm.STATE,
        PREV_LCM_STATE: vm.LCM_STATE,
        STATE: state,
        LCM_STATE: lcm,
        ETIME: state === VM_STATE.DONE ? now : vm.ETIME,
        history,
      };
    });
    if (updated !== NotFound && state === VM_STATE.PENDING) this.scheduleSoon();
  }
}
