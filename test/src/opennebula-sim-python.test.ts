/**
 * A peer nobody here wrote against the OpenNebula simulator: Python's stdlib `xmlrpc.client`
 * (Debian's /usr/bin/python3; without it this test fails, saying so) allocates a VM from a
 * template, reads it and its pool, runs actions, and checks oned's failure answers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningOpenNebulaSimulator, startOpenNebulaSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./opennebula-sim-python/one_client.py', import.meta.url));

let sim: RunningOpenNebulaSimulator;

beforeAll(async () => {
  if (!existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: this test needs Debian's python3 (apt-get install python3)`);
  }
  sim = await startOpenNebulaSimulator({ transitionMs: 5, session: 'oneadmin:py-secret' });
});
afterAll(() => sim?.close());

it('serves Python xmlrpc.client: allocate, info, pool info, actions and oned failure arrays', async () => {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, sim.endpoint, sim.session], {
    timeout: 30_000,
  });
  const out = JSON.parse(stdout);
  expect(out).toMatchObject({ version: '7.5.80', host: 0, template: 0, vm: 0, pool: [0] });
  expect(out.info).toEqual({ name: 'py-vm', memory: '128', hostname: 'node1' });
  expect(out.after_terminate).toEqual([6, 0]);
  expect(out.wrong_session).toEqual([
    false,
    "[one.vm.info] User couldn't be authenticated, aborting call.",
    256,
    -1,
    0,
  ]);
  expect(out.no_such_vm).toEqual([
    false,
    '[one.vm.info] Error getting virtual machine [4242].',
    0x400,
    4242,
    0,
  ]);
  expect([out.illegal_action[0], out.illegal_action[2]]).toEqual([false, 0x800]);
  expect(out.unknown_method).toBe(-506);
}, 40_000);
