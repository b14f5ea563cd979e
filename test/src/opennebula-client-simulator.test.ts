/**
 * End to end: @overcast/opennebula against the OpenNebula simulator — object life cycles through
 * the typed methods, every answer decoded, and the simulator's error codes as typed errors.
 */
import {
  AuthError,
  ConflictError,
  LCM_STATE,
  NotFoundError,
  OneActionError,
  OneAuthenticationError,
  OneError,
  OneNoExistsError,
  OneServer,
  VM_STATE,
  waitFor,
} from '@overcast/opennebula';
import { type RunningOpenNebulaSimulator, startOpenNebulaSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: RunningOpenNebulaSimulator;
let one: OneServer;

beforeAll(async () => {
  sim = await startOpenNebulaSimulator({ transitionMs: 10 });
  one = new OneServer(sim.endpoint, { session: sim.session });
});

afterAll(async () => {
  await one?.close();
  await sim?.close();
});

describe('OneServer against the simulator', () => {
  it('renames, chowns, chmods and deletes a template, decoding each answer', async () => {
    const id = await one.template.allocate({ NAME: 'small', MEMORY: 64 });
    await one.template.rename(id, 'tiny');
    await one.template.chmod(id, 1, 1, 0, 1, 0, 0, 0, 0, 0);
    await one.template.chown(id, -1, -1);
    const template = await one.template.info(id);
    expect(template).toMatchObject({
      ID: id,
      NAME: 'tiny',
      PERMISSIONS: { OWNER_U: 1, GROUP_U: 1, OTHER_U: 0 },
    });
    expect(template.TEMPLATE).toMatchObject({ MEMORY: '64' });
    await one.template.delete(id);
    const missing = await one.template.info(id).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OneNoExistsError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(OneError);
  });

  it('lists users and groups with numeric ids', async () => {
    const users = await one.userpool.info();
    expect(users.USER.length).toBeGreaterThan(0);
    expect(users.USER.every((user) => typeof user.ID === 'number')).toBe(true);
    const user = await one.user.info(0);
    expect(user.NAME).toBe('oneadmin');
  });

  it('answers an illegal VM action with OneActionError, and a wrong session with OneAuthenticationError', async () => {
    const vmId = await one.vm.allocate({ NAME: 'x', CPU: 1, MEMORY: 64 }, true);
    const vm = await one.vm.info(vmId);
    expect(vm.STATE).toBe(VM_STATE.HOLD);
    const error = await one.vm.action('resume', vmId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneActionError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 0x800, method: 'one.vm.action', httpMethod: 'POST', status: 200 });
    await one.vm.action('release', vmId);
    await waitFor(() => one.vm.info(vmId), {
      until: (v) => v.STATE !== VM_STATE.HOLD,
      interval: 10,
      timeout: 10_000,
    });
    const intruder = new OneServer(sim.endpoint, { session: `${sim.session}x` });
    const denied = await intruder.vmpool.info(-2, -1, -1, -1).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(OneAuthenticationError);
    expect(denied).toBeInstanceOf(AuthError);
    expect(denied).toBeInstanceOf(OneError);
    expect(String((denied as OneError).message)).not.toContain(`${sim.session}x`);
    await intruder.close();
  });

  it('takes call options after the last argument given, templates where templates go', async () => {
    const hostId = await one.host.allocate('options-host', 'kvm', 'kvm', -1, { timeout: 10_000 });
    await one.host.update(hostId, { LABELS: 'x' }, 1, { timeout: 10_000 });
    expect((await one.host.info(hostId, { timeout: 10_000 })).TEMPLATE.LABELS).toBe('x');
    const vmId = await one.vm.allocate({ NAME: 'deployed', CPU: 1, MEMORY: 64 }, true, { timeout: 10_000 });
    await one.vm.deploy(vmId, hostId, false, -1, { NIC: [{ NETWORK_ID: 0 }] }, { timeout: 10_000 });
    const vm = await waitFor(() => one.vm.info(vmId, { timeout: 10_000, retry: 1 }), {
      until: (v) => v.LCM_STATE === LCM_STATE.RUNNING,
      interval: 10,
      timeout: 10_000,
    });
    expect(vm.STATE).toBe(VM_STATE.ACTIVE);
    const pool = await one.vmpool.info(-2, -1, -1, -1, { timeout: 10_000 });
    expect(pool.VM.map((v) => v.ID)).toContain(vmId);
    await one.vm.action('terminate-hard', vmId, { timeout: 10_000 });
  });

  it('decodes the pools the simulator serves', async () => {
    for (const pool of [
      await one.hostpool.info(),
      await one.imagepool.info(-2, -1, -1),
      await one.vnpool.info(-2, -1, -1),
      await one.templatepool.info(-2, -1, -1),
      await one.vmpool.info(-2, -1, -1, -1),
      await one.marketpool.info(),
    ]) {
      const [list] = Object.values(pool);
      expect(Array.isArray(list)).toBe(true);
    }
  });
});
