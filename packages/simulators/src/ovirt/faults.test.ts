import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { call, field, signIn, xmlOf } from './client.test-helper.js';
import { type RunningOvirtSimulator, startOvirtSimulator } from './simulator.js';

let sim: RunningOvirtSimulator;
let token: string;

beforeAll(async () => {
  sim = await startOvirtSimulator({ stepMs: 5 });
  token = await signIn(sim);
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

it('injects latency, 5xx answers and dropped connections without touching state', async () => {
  sim.faults.add({ kind: 'latency', ms: 20, times: 1 });
  expect(xmlOf(await call(sim, token, 'GET', '/vms')).name).toBe('vms');
  expect(sim.faults.injected.latency).toBe(1);

  const adds = (request: { method: string; path: string }) =>
    request.method === 'POST' && request.path.endsWith('/vms');
  sim.faults.add({ kind: 'error', status: 503, times: 1, when: adds });
  const body =
    '<vm><name>flaky</name><cluster><name>Default</name></cluster><template><name>Blank</name></template></vm>';
  expect((await call(sim, token, 'POST', '/vms', body)).status).toBe(503);
  expect((await call(sim, token, 'GET', '/vms', undefined, { search: 'name=flaky' })).text).not.toContain(
    '<vm ',
  );
  expect((await call(sim, token, 'POST', '/vms', body)).status).toBe(201);

  sim.faults.add({ kind: 'drop', times: 1 });
  await expect(call(sim, token, 'GET', '/vms')).rejects.toThrow();
  const after = xmlOf(await call(sim, token, 'GET', '/vms', undefined, { search: 'name=flaky' }));
  expect(field(after, 'vm', 'name')).toBe('flaky');
  expect(sim.faults.injected).toMatchObject({ error: 1, drop: 1 });
});
