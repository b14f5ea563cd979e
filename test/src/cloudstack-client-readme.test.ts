/**
 * Every example of packages/cloudstack/README.md, run against the CloudStack simulator: the ini
 * block is the config file, the js blocks are one program run with node, and each sh block is run
 * with `cs` on the PATH (the built command line).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, readme, runScript } from './support/readme.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../packages/cloudstack/dist/cli/main.js', import.meta.url));
const blocks = (language: string) => codeBlocks(readme('cloudstack'), language);

let sim: RunningCloudStackSimulator;
let work: string;
let bin: string;
const local = (text: string) => text.replaceAll('http://127.0.0.1:8080', sim.url.replace(/\/$/, ''));

beforeAll(async () => {
  sim = await startCloudStackSimulator({ seed: { virtualMachines: 120 }, jobDuration: 20 });
  work = mkdtempSync(join(tmpdir(), 'cs-readme-'));
  const [ini] = blocks('ini');
  writeFileSync(join(work, 'cloudstack.ini'), local(ini ?? ''));
  bin = mkdtempSync(join(tmpdir(), 'cs-bin-'));
  writeFileSync(join(bin, 'cs'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'cs'), 0o755);
});
afterAll(async () => {
  await sim.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

/** An environment without the caller's CloudStack settings, so only the README's apply. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CLOUDSTACK_')),
  );
  return { ...env, HOME: work, PATH: `${bin}:${process.env['PATH']}` };
}

describe('the README of @overcast/cloudstack', () => {
  it('has the examples the issue asks for', () => {
    expect(blocks('ini')).toHaveLength(1);
    expect(blocks('js').length).toBeGreaterThanOrEqual(6);
    expect(blocks('sh')).toHaveLength(2);
  });

  it('runs its walk-through', async () => {
    const { stdout } = await runScript(blocks('js').join('\n'), { cwd: work, env: cleanEnv() });
    expect(stdout).toContain('regions: cloudstack lab');
    expect(stdout).toMatch(/listVirtualMachines: 120 in all, 10 on this page/);
    expect(stdout).toContain('ingress rules: 10.0.0.0/8 192.168.0.0/16');
    expect(stdout).toContain('deployed: web-1 Running');
    expect(stdout).toMatch(/submitted: job [\w-]+ for VM [\w-]+/);
    expect(stdout).toMatch(/fetchList: 12[12] VMs/);
    expect(stdout).toMatch(/iterate: 12[12] named VMs/);
    expect(stdout).toContain('deployed and destroyed: batch-1 batch-2 batch-3 batch-4 batch-5');
    expect(stdout).toMatch(/error: 431 .+/);
    expect(stdout).toContain('not found: true');
  }, 90_000);

  it('runs its command line examples', async () => {
    for (const block of blocks('sh')) {
      const { stdout, stderr } = await run('sh', ['-e', '-c', local(block)], {
        cwd: work,
        env: cleanEnv(),
        timeout: 60_000,
      });
      expect(stderr).toBe('');
      expect(stdout.length).toBeGreaterThan(0);
    }
  }, 90_000);
});
