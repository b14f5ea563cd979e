/**
 * Python's real openstacksdk against the simulator: the simulator is faithful enough for a real
 * client. Runs Debian's /usr/bin/python3 with python3-openstacksdk (scripts/system-deps.sh installs
 * it); a missing interpreter or package fails the test, it never skips.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from './simulator.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/openstacksdk-walkthrough.py', import.meta.url));
const run = promisify(execFile);

let sim: RunningOpenStackSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 50 });
  dir = await mkdtemp(join(tmpdir(), 'overcast-openstacksdk-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** The simulator's clouds.yaml plus clouds for the application credential, RegionTwo and a bad password. */
function cloudsYaml(): string {
  const q = (value: string) => JSON.stringify(value);
  const { id, secret } = sim.applicationCredential;
  return [
    sim.cloudsYaml('overcast').trimEnd(),
    '  "overcast-appcred":',
    '    auth_type: v3applicationcredential',
    '    auth:',
    `      auth_url: ${q(sim.authUrl)}`,
    `      application_credential_id: ${q(id)}`,
    `      application_credential_secret: ${q(secret)}`,
    '    region_name: "RegionOne"',
    '  "overcast-region-two":',
    '    auth:',
    `      auth_url: ${q(sim.authUrl)}`,
    `      username: ${q(sim.credentials.username)}`,
    `      password: ${q(sim.credentials.password)}`,
    `      project_name: ${q(sim.credentials.projectName)}`,
    '      user_domain_name: "Default"',
    '      project_domain_name: "Default"',
    '    region_name: "RegionTwo"',
    '  "overcast-wrong":',
    '    auth:',
    `      auth_url: ${q(sim.authUrl)}`,
    `      username: ${q(sim.credentials.username)}`,
    '      password: "not-the-password"',
    `      project_name: ${q(sim.credentials.projectName)}`,
    '      user_domain_name: "Default"',
    '      project_domain_name: "Default"',
    '',
  ].join('\n');
}

it('Python openstacksdk connects from a clouds.yaml, runs servers, images, networks, volumes and identity', async () => {
  const file = join(dir, 'clouds.yaml');
  await writeFile(file, cloudsYaml());
  // A clean environment: only this clouds.yaml, no OS_* of the machine, no ~/.config/openstack.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    OS_CLIENT_CONFIG_FILE: file,
  };
  let stdout: string;
  try {
    ({ stdout } = await run(PYTHON, [SCRIPT], {
      cwd: dir,
      env,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT')
      throw new Error(`${PYTHON} is missing: install Debian's python3 (scripts/system-deps.sh)`);
    if (stderr?.includes("No module named 'openstack'"))
      throw new Error(
        'python3-openstacksdk is missing: run scripts/system-deps.sh (apt-get install python3-openstacksdk)',
      );
    throw new Error(`the openstacksdk walkthrough failed:\n${stderr ?? String(error)}`);
  }
  const result = JSON.parse(stdout);

  expect(result.project_id).toBe(sim.projectId);
  expect(result.flavors).toContain('m1.tiny');
  expect(result.created_status).toBeNull(); // Nova's 202 body has no status
  expect(result.server).toEqual({
    status: 'ACTIVE',
    flavor: 'm1.tiny',
    addresses: ['private'],
    metadata: { 'made-by': 'openstacksdk' },
  });
  expect(result.servers).toEqual(['sdk-server']);
  expect(result.servers_by_name).toEqual(['sdk-server']);
  expect(result.stopped).toBe('SHUTOFF');
  expect(result.servers_after_delete).toEqual([]);
  expect(result.not_found).toMatchObject({ status: 404, request_id: expect.stringMatching(/^req-/) });
  expect(result.not_found.details).toContain('could not be found');

  expect(result.images).toEqual(['cirros-0.6.2-x86_64-disk']);
  expect(result.uploaded).toEqual({
    status: 'active',
    size: 8 * 4096,
    checksum: expect.stringMatching(/^[0-9a-f]{32}$/),
  });
  expect(result.images_after_upload).toEqual(['cirros-0.6.2-x86_64-disk', 'sdk-image']);
  expect(result.downloaded).toBe(8 * 4096);

  expect(result.networks).toEqual(['public', 'private', 'shared']);
  expect(result.subnets).toEqual(['10.0.0.0/26', '172.24.4.0/24', '192.168.233.0/24']);
  expect(result.volume).toEqual({ status: 'available', size: 1 });
  expect(result.volumes).toEqual(['sdk-volume']);
  expect(result.volumes_after_delete).toEqual([]);

  expect(result.projects).toEqual(['admin', 'demo', 'service']);
  expect(result.project_created).toBe('sdk-project');
  expect(result.appcred_flavors).toBeGreaterThan(0);
  expect(result.region_two_endpoint).toMatch(new RegExp(`^${sim.url}/RegionTwo/compute/v2\\.1/?$`));
  expect(result.wrong_password).toMatchObject({ type: 'Unauthorized', status: 401 });
  expect(result.wrong_password.message).toContain('The request you have made requires authentication.');

  // What the real client sent, as the simulator counted it.
  expect(sim.requests.count('POST /compute/v2.1/servers')).toBe(1);
  expect(sim.requests.count('DELETE /compute/v2.1/servers/{id}')).toBe(1);
  expect(sim.requests.count('PUT /image/v2/images/{image_id}/file')).toBe(1);
  expect(sim.requests.count('POST /compute/v2.1/servers/{id}/action (os-stop)')).toBe(1);
}, 150_000);
