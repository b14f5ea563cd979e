import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

async function runCli(...args: string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('cli', () => {
  it('exits 2 with the usage on an unknown command or option', async () => {
    const unknown = await runCli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('usage: npm run schemas');
    expect((await runCli('resolve', '--bogus')).code).toBe(2);
    expect((await runCli('pin', 'demo', '1.0', '--repository', 'a/b', '--ref', 'x')).stderr).toContain(
      'pin needs --upstream-prefix',
    );
  });

  it('exits 1 with the message alone on a failure', async () => {
    const result = await runCli('resolve', 'nope');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'no pins for provider "nope"; pinned: cloudstack, ec2, opennebula, openstack, ovirt',
    );
  });
});
