/**
 * Every example of packages/cloudstack/README.md, run against the CloudStack simulator: the ini
 * block is the config file, the ts blocks are one program, type-checked under this workspace's
 * strict settings (no `!`, no casts in the README) and run with node, and each sh block is run with
 * `cs` on the PATH (the built command line). The ARCHITECTURE §3 snippet compiles too.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, readme, runScript, typeErrors } from './support/readme.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../packages/cloudstack/dist/cli/main.js', import.meta.url));
const blocks = (language: string) => codeBlocks(readme('cloudstack'), language);
/** The walk-through: every ts block, in order, as one module. */
const walkthrough = () => blocks('ts').join('\n');

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
    expect(blocks('ts').length).toBeGreaterThanOrEqual(8);
    expect(blocks('js')).toHaveLength(0);
    expect(blocks('sh')).toHaveLength(2);
  });

  it('type-checks its walk-through as written, with no non-null assertion or cast', () => {
    const source = walkthrough();
    expect(source).not.toMatch(/[\w)\]]!(?![=])|\bas (?!const\b)\w/);
    expect(typeErrors(source)).toEqual([]);
    // …and the check does catch a mistake.
    expect(
      typeErrors(`${source}\nconst misspelt: string = virtualmachine.nam;\nexport { misspelt };\n`),
    ).toEqual([expect.stringMatching(/Property 'nam' does not exist on type 'VirtualMachine'/)]);
  }, 60_000);

  it('keeps the ARCHITECTURE §3 contract: its snippet compiles as written (plain strict mode)', () => {
    const snippet = `import { CloudStack } from '@overcast/cloudstack';
declare const endpoint: string, key: string, secret: string, zoneid: string;
declare const serviceofferingid: string, templateid: string;
const cs = new CloudStack({ endpoint, key, secret });
const page = await cs.listVirtualMachines({ zoneid });
const count: number = page.count;
const first: string = page.virtualmachine[0].id;
const all = await cs.listVirtualMachines({}, { fetchList: true });
for await (const vm of cs.iterate('listVirtualMachines', {})) vm.id.toUpperCase();
const vm = await cs.deployVirtualMachine({ serviceofferingid, templateid, zoneid });
const job = await cs.deployVirtualMachine({ serviceofferingid, templateid, zoneid }, { fetchResult: false });
const jobid: string = job.jobid;
const untyped: unknown = await cs.request('anyCommand', { any: 'thing' });
export { all, count, first, jobid, untyped, vm };
`;
    // With noUncheckedIndexedAccess (this repository's setting) \`virtualmachine[0]\` may be undefined.
    expect(typeErrors(snippet, { noUncheckedIndexedAccess: false })).toEqual([]);
  }, 60_000);

  it('runs its walk-through', async () => {
    const script = ts.transpileModule(walkthrough(), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const { stdout } = await runScript(script, { cwd: work, env: cleanEnv() });
    expect(stdout).toContain('regions: cloudstack lab');
    expect(stdout).toMatch(/listVirtualMachines: 120 in all, 10 on this page/);
    expect(stdout).toContain('ingress rules: 10.0.0.0/8 192.168.0.0/16');
    expect(stdout).toContain('deployed: web-1 Running');
    expect(stdout).toMatch(/submitted: job [\w-]+ for VM [\w-]+/);
    expect(stdout).toContain('finished: web-2 Running');
    expect(stdout).toContain('zones: 1 Sandbox-simulator');
    expect(stdout).toContain('lease: none');
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
