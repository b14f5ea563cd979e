import { PassThrough } from 'node:stream';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourJson } from './output.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from './run.js';

let sim: RunningCloudStackSimulator;
beforeAll(async () => {
  sim = await startCloudStackSimulator({ seed: { virtualMachines: 7 }, jobDuration: 10, maxPageSize: 3 });
});
afterAll(() => sim.close());

async function cs(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const env = {
    CLOUDSTACK_ENDPOINT: sim.endpoint,
    CLOUDSTACK_KEY: sim.account.apiKey,
    CLOUDSTACK_SECRET: sim.account.secret,
    CLOUDSTACK_POLL_INTERVAL: '0.01',
  };
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('cs', () => {
  it('prints a command answer as sorted JSON', async () => {
    const { code, stdout, stderr } = await cs('listZones');
    expect(code).toBe(EXIT_OK);
    expect(stderr).toBe('');
    const answer = JSON.parse(stdout) as { count: number; zone: Array<Record<string, unknown>> };
    expect(answer.count).toBe(1);
    expect(stdout.indexOf('"count"')).toBeLessThan(stdout.indexOf('"zone"'));
  });

  it('fetches every page with --fetch-list and sends POST with --post', async () => {
    const { code, stdout } = await cs('listVirtualMachines', 'pagesize=3', '--fetch-list', '--post');
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(stdout)).toHaveLength(7);
  });

  it('waits for async jobs unless --async', async () => {
    const zone = JSON.parse((await cs('listZones')).stdout).zone[0].id as string;
    const offering = JSON.parse((await cs('listServiceOfferings')).stdout).serviceoffering[0].id as string;
    const template = JSON.parse((await cs('listTemplates', 'templatefilter=executable')).stdout).template[0]
      .id as string;
    const deploy = [
      'deployVirtualMachine',
      `zoneid=${zone}`,
      `serviceofferingid=${offering}`,
      `templateid=${template}`,
    ];
    const done = await cs(...deploy, 'name=cli-vm');
    expect(done.code).toBe(EXIT_OK);
    expect(JSON.parse(done.stdout).virtualmachine.state).toBe('Running');
    const submitted = await cs(...deploy, '--async');
    expect(Object.keys(JSON.parse(submitted.stdout)).sort()).toEqual(['id', 'jobid']);
    const failed = await cs(...deploy, 'name=fail-cli');
    expect(failed.code).toBe(EXIT_FAILED);
    expect(failed.stderr).toMatch(
      /^cs: CloudStackApiError: deployVirtualMachine \(job [\w-]+\) failed with \d+: .+\n$/,
    );
  });

  it('fails with one line and a non-zero code', async () => {
    const unknown = await cs('noSuchCommand');
    expect(unknown.code).toBe(EXIT_FAILED);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cs('listZones', 'oops')).code).toBe(EXIT_USAGE);
    expect((await cs('noSuchCommand', '--quiet')).stderr).toBe('');
  });

  it('traces requests without the key or the signature', async () => {
    const { code, stderr } = await cs('listZones', '--trace');
    expect(code).toBe(EXIT_OK);
    expect(stderr).toContain('command=listZones');
    expect(stderr).not.toContain(sim.account.apiKey);
    expect(stderr).toMatch(/signature=\[REDACTED\]/);
  });

  it('colours JSON for terminals', () => {
    const text = colourJson('{\n  "a": "b",\n  "n": 1\n}');
    expect(text.replace(/\u001b\[\d+m/g, '')).toBe('{\n  "a": "b",\n  "n": 1\n}');
  });
});
