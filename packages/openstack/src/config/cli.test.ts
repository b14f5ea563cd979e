import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenstackConfig } from './cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overcast-os-config-cli-'));
  await mkdir(join(dir, 'home'));
  await writeFile(
    join(dir, 'clouds.yaml'),
    `clouds:
  a:
    regions: [r1, r2]
    auth: {auth_url: 'http://k/v3', username: u, password: hunter2, user_domain_id: d}
  broken:
    auth: {auth_url: 'http://k/v3', colour: blue}
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runOpenstackConfig(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { HOME: join(dir, 'home') },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe('openstack-config', () => {
  it('prints every cloud and region, reports the broken one, exit 1', async () => {
    const { code, stdout, stderr } = await run();
    expect(code).toBe(1);
    expect(stdout).toContain('# cloud: a  region: r1');
    expect(stdout).toContain('# cloud: a  region: r2');
    expect(stdout).toContain('password: <redacted>');
    expect(stdout).not.toContain('hunter2');
    expect(stderr).toMatch(/^openstack-config: cloud broken: .*takes no auth\.colour/);
  });

  it('one cloud and region as JSON', async () => {
    const { code, stdout, stderr } = await run('--cloud', 'a', '--region', 'r2', '--json');
    expect([code, stderr]).toEqual([0, '']);
    const printed = JSON.parse(stdout);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({
      cloud: 'a',
      regionName: 'r2',
      config: { auth: { password: '<redacted>' } },
    });
  });

  it('every region of one cloud; unknown cloud or region; usage', async () => {
    expect(JSON.parse((await run('--os-cloud', 'a', '--json')).stdout)).toHaveLength(2);
    const unknown = await run('--cloud', 'zz');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/cloud "zz" was not found/);
    expect((await run('--cloud', 'a', '--region', 'r9')).stderr).toMatch(
      /region "r9" is not one of its regions/,
    );
    const usage = await run('--bogus');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: openstack-config');
    expect((await run('--help')).stdout).toContain('usage: openstack-config');
  });
});
