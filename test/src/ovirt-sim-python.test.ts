/**
 * The oVirt simulator against a peer that is not ours: a client in Python's standard library that
 * follows the Python SDK's wire rules (ovirt-sim-python/sdk_wire.py) and reads the answers with
 * expat. Debian's /usr/bin/python3 is required: without it this test fails, saying so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningOvirtSimulator, startOvirtSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
let sim: RunningOvirtSimulator;

beforeAll(async () => {
  sim = await startOvirtSimulator({ stepMs: 5 });
});
afterAll(() => sim.close());

it('serves a client speaking the Python SDK wire protocol', async () => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: this interop test needs Debian's python3`);
  const script = fileURLToPath(new URL('./ovirt-sim-python/sdk_wire.py', import.meta.url));
  const { stdout } = await promisify(execFile)(
    PYTHON,
    [script, sim.url, sim.user.username, sim.user.password],
    {
      timeout: 60_000,
    },
  );
  expect(JSON.parse(stdout)).toEqual({
    list: [200, 'vms', [['web01', 'down']]],
    links: ['diskattachments', 'nics'],
    add: [true, true, 'image_locked'],
    start: [200, 'action', 'complete', 'wait_for_launch'],
    start_again:
      'Fault reason is "Operation Failed". Fault detail is "[Cannot run VM. VM is running.]". HTTP response code is 409.',
    missing:
      'Fault reason is "Operation Failed". Fault detail is "Entity not found: no-such-vm". HTTP response code is 404.',
    wrong_password: [
      400,
      "Error during SSO authentication access_denied : Cannot authenticate user 'admin@internal': The username or password is incorrect..",
    ],
    logout: [200, false, 401],
  });
});
