/**
 * @overcast/ovirt end to end against the oVirt simulator: the README walk-through as it is, and the
 * same steps with their answers checked, errors included.
 */
import {
  AuthError,
  ConflictError,
  Connection,
  NotFoundError,
  OvirtError,
  ParameterError,
  TimeoutError,
  types,
} from '@overcast/ovirt';
import { type RunningOvirtSimulator, startOvirtSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, readme, runScript } from './support/readme.js';

let sim: RunningOvirtSimulator;

beforeAll(async () => {
  sim = await startOvirtSimulator({ stepMs: 10 });
});
afterAll(() => sim.close());

function connect(password = sim.user.password, options: { retry?: number } = {}): Connection {
  return new Connection({ url: sim.apiUrl, username: sim.user.username, password, ...options });
}

describe('the oVirt walk-through', () => {
  it('runs the README walk-through as written', async () => {
    const [code] = codeBlocks(readme('ovirt').split('## Walk-through')[1] ?? '', 'ts');
    expect(code).toBeDefined();
    const { stdout } = await runScript(code ?? '');
    expect(stdout.split('\n')).toEqual([
      'list: web01 down',
      'added: myvm -> down',
      'started: true',
      'renamed: myvm-renamed',
      'disk attachments: 0',
      'removed: 404 Operation Failed',
      expect.stringMatching(/^wrong password: Error during SSO authentication access_denied : .*incorrect/),
      '',
    ]);
  });

  it('lists, adds from a template, waits, starts, renames, follows links and removes', async () => {
    const connection = connect();
    const vmsService = connection.systemService().vmsService();
    const found = await vmsService.list({ search: 'name=web*', max: 10 });
    expect(found.map((vm) => vm.name)).toEqual(['web01']);
    expect(await vmsService.list({ max: 1 })).toHaveLength(1);

    const vm = await vmsService.add({
      name: 'walk',
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    expect(vm).toMatchObject({ name: 'walk', template: { id: expect.any(String) } });
    const vmService = vmsService.vmService(vm.id ?? '');
    expect((await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 10 })).status).toBe(
      'down',
    );

    await vmService.start();
    const up = await vmService.waitFor([types.VmStatus.UP], { timeout: 30_000, interval: 10 });
    expect(up.status).toBe(types.VmStatus.UP);

    const renamed = await vmService.update({ name: 'walk-renamed' });
    expect(renamed).toMatchObject({ name: 'walk-renamed', memory: up.memory });

    const attachments = await connection.followLink(vm.diskAttachments);
    expect(Array.isArray(attachments)).toBe(true);
    const cluster = await connection.followLink(up.cluster);
    expect(cluster.name).toBe('Default');

    await vmService.stop();
    await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 10 });
    await vmService.remove();
    const missing = await vmService.get().catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toMatch(
      /^Fault reason is ".+"\. Fault detail is ".+"\. HTTP response code is 404\.$/,
    );
    await connection.close();
  });

  it('refuses a wrong password with the server reason', async () => {
    const connection = connect('not-the-password');
    const failure = await connection
      .systemService()
      .get()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).message).toMatch(/incorrect/);
    expect((failure as AuthError).message).not.toContain('not-the-password');
    await connection.close();
  });

  it('gets a new token once when the old one expires, and revokes it on close', async () => {
    const connection = connect();
    const first = await connection.authenticate();
    sim.expireTokens();
    expect(await connection.testConnection()).toBe(true);
    const second = await connection.authenticate();
    expect(second).not.toBe(first);
    await connection.close();
    const reused = new Connection({ url: sim.apiUrl, token: second });
    await expect(reused.systemService().get()).rejects.toBeInstanceOf(AuthError);
    await reused.close({ logout: false });
  });

  it('answers by kind: a start of a running VM is a ConflictError, a missing one a NotFoundError, both OvirtError', async () => {
    const connection = connect();
    const vmsService = connection.systemService().vmsService();
    const vm = await vmsService.add({
      name: 'kinds',
      cluster: { name: 'Default' },
      template: { name: 'Blank' },
    });
    const vmService = vmsService.vmService(vm.id ?? '');
    await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 10 });
    await vmService.start();
    const again = await vmService.start().catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toBeInstanceOf(OvirtError);
    expect(again).toMatchObject({ status: 409, method: 'POST', url: `${sim.apiUrl}/vms/${vm.id}/start` });
    expect((again as ConflictError).requestId).toMatch(/^[0-9a-z-]+$/);
    const missing = await vmsService
      .vmService('no-such-vm')
      .get()
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(OvirtError);
    await vmService.stop();
    await vmService.waitFor(types.VmStatus.DOWN, { timeout: 30_000, interval: 10 });
    await vmService.remove();
    await connection.close();
  });

  it('keeps call options apart: a timeout option is the HTTP timeout, a misplaced one is refused', async () => {
    const connection = connect();
    const vmsService = connection.systemService().vmsService();
    sim.faults.add({
      kind: 'latency',
      ms: 1000,
      times: 1,
      when: (request) => request.path === '/ovirt-engine/api/vms',
    });
    const slow = await vmsService.list({ max: 1 }, { timeout: 50 }).catch((error: unknown) => error);
    expect(slow).toBeInstanceOf(TimeoutError);
    const misplaced = await (vmsService.list as (parameters: object) => Promise<unknown>)
      .call(vmsService, { timeout: 50 })
      .catch((error: unknown) => error);
    expect(misplaced).toBeInstanceOf(ParameterError);
    expect(await vmsService.list({ max: 1 }, { timeout: 10_000 })).toHaveLength(1);
    sim.faults.clear();
    await connection.close();
  });

  it('retries reads on 503 when asked, never writes', async () => {
    const connection = connect(sim.user.password, { retry: 2 });
    const vmsService = connection.systemService().vmsService();
    await connection.authenticate();
    sim.faults.add({
      kind: 'error',
      status: 503,
      times: 2,
      when: (request) => request.path === '/ovirt-engine/api/vms',
    });
    expect(await vmsService.list({ search: 'name=web*' })).toHaveLength(1);
    sim.faults.clear();
    sim.faults.add({
      kind: 'error',
      status: 503,
      times: 1,
      when: (request) => request.path === '/ovirt-engine/api/vms',
    });
    const write = await vmsService
      .add({ name: 'once', cluster: { name: 'Default' }, template: { name: 'Blank' } })
      .catch((error: unknown) => error);
    expect(write).toBeInstanceOf(OvirtError);
    expect((write as OvirtError).status).toBe(503);
    sim.faults.clear();
    expect(await vmsService.list({ search: 'name=once' })).toEqual([]);
    await connection.close();
  });
});
