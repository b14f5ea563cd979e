import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Timers } from '../timers.js';
import { EngineState, type VmRecord, type VmStatus } from './model.js';
import { type PowerAction, PowerControl } from './power.js';
import { EngineFault } from './xml-out.js';

const STEP = 1000;
let state: EngineState;
let timers: Timers;
let power: PowerControl;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  state = new EngineState();
  state.reset(new Date());
  timers = new Timers();
  power = new PowerControl(state, timers, STEP, () => new Date());
});
afterEach(() => {
  timers.close();
  vi.useRealTimers();
});

function web(): VmRecord {
  const vm = state.vms.list((v) => v.name === 'web01')[0];
  if (vm === undefined) throw new Error('seed VM web01 missing');
  return vm;
}

/** The statuses a VM goes through: now, then after each step. */
function statusesAfter(action: PowerAction, steps: number): VmStatus[] {
  power.act(web(), action);
  const seen = [web().status];
  for (let i = 0; i < steps; i++) {
    vi.advanceTimersByTime(STEP);
    seen.push(web().status);
  }
  return seen;
}

function refusal(action: PowerAction): string {
  try {
    power.act(web(), action);
  } catch (error) {
    if (error instanceof EngineFault) return `${error.status} ${error.detail}`;
    throw error;
  }
  throw new Error(`${action} was accepted`);
}

describe('VM status transitions', () => {
  it('start: wait_for_launch, powering_up, up; the VM gets a host and a start time', () => {
    expect(statusesAfter('start', 3)).toEqual(['wait_for_launch', 'powering_up', 'up', 'up']);
    expect(web().hostId).toBe(state.hosts.list()[0]?.id);
    expect(web().startTime).toBe('2026-01-01T00:00:00.000Z');
  });

  it('shutdown and stop: powering_down, down; the VM loses its host', () => {
    statusesAfter('start', 2);
    expect(statusesAfter('shutdown', 1)).toEqual(['powering_down', 'down']);
    expect(web().hostId).toBeUndefined();
    expect(web().stopTime).toBe('2026-01-01T00:00:03.000Z');
    statusesAfter('start', 2);
    expect(statusesAfter('stop', 1)).toEqual(['powering_down', 'down']);
  });

  it('suspend: saving_state, suspended; start resumes through restoring_state', () => {
    statusesAfter('start', 2);
    expect(statusesAfter('suspend', 1)).toEqual(['saving_state', 'suspended']);
    expect(web().hostId).toBeUndefined();
    expect(statusesAfter('start', 1)).toEqual(['restoring_state', 'up']);
  });

  it('tracks each operation as a job that finishes with the last step', () => {
    const job = power.act(web(), 'start');
    expect(job).toMatchObject({ description: 'Launching VM web01', status: 'started' });
    vi.advanceTimersByTime(2 * STEP);
    expect(state.jobs.get(job.id)).toMatchObject({ status: 'finished', endTime: '2026-01-01T00:00:02.000Z' });
  });

  it('a stop during start wins: the start steps are cancelled', () => {
    power.act(web(), 'start');
    expect(statusesAfter('stop', 3)).toEqual(['powering_down', 'down', 'down', 'down']);
  });

  it('refuses what the status does not allow with 409 faults', () => {
    expect(refusal('stop')).toBe('409 [Cannot stop VM. VM is not running.]');
    expect(refusal('shutdown')).toBe('409 [Cannot shutdown VM. VM is not running.]');
    expect(refusal('suspend')).toBe('409 [Cannot suspend VM. VM is not up.]');
    statusesAfter('start', 0);
    expect(refusal('start')).toBe('409 [Cannot run VM. VM is running.]');
    expect(refusal('suspend')).toBe('409 [Cannot suspend VM. VM is not up.]');
  });

  it('a new VM is image_locked until its disks are copied, and refuses power actions meanwhile', () => {
    const template = state.templates.list()[0];
    if (template === undefined) throw new Error('seed template missing');
    const vm = state.vms.insert((id) => ({ ...web(), id, name: 'new', status: 'down' }));
    power.created(vm, template.name);
    expect(state.vms.get(vm.id)).toMatchObject({ status: 'image_locked' });
    expect(() => power.act({ ...vm, status: 'image_locked' }, 'stop')).toThrow(EngineFault);
    vi.advanceTimersByTime(STEP);
    expect(state.vms.get(vm.id)).toMatchObject({ status: 'down' });
  });
});
