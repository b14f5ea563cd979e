import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type RunningCloudStackSimulator, startCloudStackSimulator } from '@overcast/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourJson } from './output.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from './run.js';

let sim: RunningCloudStackSimulator;
beforeAll(async () => {
  sim = await startCloudStackSimulator({ seed: { virtualMachines: 7 }, jobDuration: 10, maxPageSize: 3 });
});
afterAll(() => sim.close());

interface Terminal {
  /** Which of stdout and stderr say they are terminals (`isTTY`), as process.stdout/stderr do on one. */
  tty?: { stdout?: boolean; stderr?: boolean };
  /** Default: the shared simulator. */
  target?: RunningCloudStackSimulator;
  env?: Record<string, string>;
}

function capture(isTTY: boolean | undefined): {
  stream: PassThrough & { isTTY?: boolean };
  text: () => string;
} {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (isTTY) stream.isTTY = true;
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

async function run(argv: string[], { tty = {}, target = sim, env = {} }: Terminal = {}) {
  const stdout = capture(tty.stdout);
  const stderr = capture(tty.stderr);
  const code = await runCli(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {
      CLOUDSTACK_ENDPOINT: target.endpoint,
      CLOUDSTACK_KEY: target.account.apiKey,
      CLOUDSTACK_SECRET: target.account.secret,
      CLOUDSTACK_POLL_INTERVAL: '0.01',
      ...env,
    },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function cs(...argv: string[]) {
  return run(argv);
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

  it('prints its usage on stderr when called with nothing, as a usage error', async () => {
    const { code, stdout, stderr } = await cs();
    expect(code).toBe(EXIT_USAGE);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: cs <command> \[key=value \.\.\.\] \[options\]/);
    expect(stderr).toContain('--fetch-list');
    expect(stderr).toContain('CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY and CLOUDSTACK_SECRET');
    const help = await cs('--help');
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain('Usage: cs');
  });

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await cs(flag);
      expect(code).toBe(EXIT_OK);
      expect(stdout).toBe(`${version}\n`);
      expect(stderr).toBe('');
    }
  });

  it('prints [] for a listing without items', async () => {
    const { code, stdout, stderr } = await cs(
      'listTags',
      'key=nothing-has-this',
      'pagesize=3',
      '--fetch-list',
    );
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_OK);
    expect(stdout).toBe('[]\n');
  });

  it('names the environment variables when there are no settings', async () => {
    const { code, stderr } = await run(['listZones'], {
      env: { CLOUDSTACK_ENDPOINT: '', CLOUDSTACK_KEY: '' },
    });
    expect(code).toBe(EXIT_FAILED);
    expect(stderr).toMatch(/CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY and CLOUDSTACK_SECRET/);
  });

  it('ends quietly, with success, when stdout is closed (EPIPE)', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const stderr = capture(false);
    const code = await runCli(['listZones'], {
      stdout: closed,
      stderr: stderr.stream,
      env: {
        CLOUDSTACK_ENDPOINT: sim.endpoint,
        CLOUDSTACK_KEY: sim.account.apiKey,
        CLOUDSTACK_SECRET: sim.account.secret,
      },
    });
    expect(code).toBe(EXIT_OK);
    expect(stderr.text()).toBe('');
  });

  it('colours JSON for terminals', () => {
    const text = colourJson('{\n  "a": "b",\n  "n": 1\n}');
    expect(text).toBe(
      '{\n  \u001b[34m"a"\u001b[39m: \u001b[32m"b"\u001b[39m,\n  \u001b[34m"n"\u001b[39m: \u001b[33m1\u001b[39m\n}',
    );
  });
});

// Any ANSI control sequence: colours (`ESC[32m`), erase-line (`ESC[2K`), cursor moves and modes.
const ANSI = /\u001b\[[\d;?]*[A-Za-z]/g;

/**
 * The lines a terminal shows once `text` has been written to it: `\r` and `ESC[1G` move to the
 * line's start, `ESC[2K` erases the line, `ESC[1A` moves up, other control sequences show nothing.
 */
function screen(text: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let column = 0;
  for (const token of text.match(/\u001b\[[\d;?]*[A-Za-z]|[\s\S]/gu) ?? []) {
    const line = lines[row] as string[];
    if (token === '\n') {
      row += 1;
      column = 0;
      lines[row] ??= [];
    } else if (token === '\r' || token === '\u001b[1G') column = 0;
    else if (token === '\u001b[2K') line.length = 0;
    else if (token === '\u001b[1A') row = Math.max(0, row - 1);
    else if (!token.startsWith('\u001b')) line[column++] = token;
  }
  return lines.map((line) => Array.from(line, (char) => char ?? ' ').join('')).filter((line) => line !== '');
}

describe('cs as a process', () => {
  const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
  let many: RunningCloudStackSimulator;
  beforeAll(async () => {
    // Far more output than a pipe holds (64 kB): the writes outlive the reader.
    many = await startCloudStackSimulator({ seed: { virtualMachines: 300 } });
  });
  afterAll(() => many.close());

  it('exits 0 without a stack trace when the reader of its output goes away (cs … | head -c1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'listVirtualMachines', '--fetch-list'], {
      env: {
        ...process.env,
        CLOUDSTACK_ENDPOINT: many.endpoint,
        CLOUDSTACK_KEY: many.account.apiKey,
        CLOUDSTACK_SECRET: many.account.secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let first = '';
    // Read one chunk, then close the pipe, as `head -c1` does.
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString().slice(0, 1);
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toBe('[');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);
});

describe('cs on a terminal', () => {
  // Jobs and pages far slower than a spinner frame, so that frames are drawn whatever the load.
  const SLOW_MS = 500;
  let slow: RunningCloudStackSimulator;
  let deploy: string[];
  beforeAll(async () => {
    slow = await startCloudStackSimulator({
      seed: { virtualMachines: 7 },
      jobDuration: SLOW_MS,
      maxPageSize: 3,
    });
    const first = async (command: string, key: string, ...params: string[]) =>
      JSON.parse((await run([command, ...params], { target: slow })).stdout)[key][0].id as string;
    deploy = [
      'deployVirtualMachine',
      `zoneid=${await first('listZones', 'zone')}`,
      `serviceofferingid=${await first('listServiceOfferings', 'serviceoffering')}`,
      `templateid=${await first('listTemplates', 'template', 'templatefilter=executable')}`,
    ];
  });
  afterAll(() => slow.close());

  /** How many times a spinner frame followed by `text` was drawn, and how many distinct frames. */
  function frames(stderr: string, text: string): { draws: number; distinct: number } {
    const drawn = [...stderr.replace(ANSI, '').matchAll(new RegExp(`(\\S) ${text}…`, 'g'))].map((m) => m[1]);
    return { draws: drawn.length, distinct: new Set(drawn).size };
  }

  it('colours the JSON on a terminal and only there', async () => {
    const plain = await run(['listZones']);
    const coloured = await run(['listZones'], { tty: { stdout: true } });
    expect(coloured.code).toBe(EXIT_OK);
    expect(coloured.stdout).toMatch(/\u001b\[3\dm"zone"\u001b\[39m/);
    expect(coloured.stdout.replace(ANSI, '')).toBe(plain.stdout);
    expect(plain.stdout).not.toContain('\u001b');
    expect(JSON.parse(plain.stdout).zone).toHaveLength(1);
    const noColour = await run(['listZones'], { tty: { stdout: true }, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).toBe(plain.stdout);
  });

  it('honours --color, --no-color, NO_COLOR and FORCE_COLOR, in that order', async () => {
    const coloured = (result: { stdout: string }) => /\u001b\[3\dm/.test(result.stdout);
    const tty = { stdout: true };
    expect(coloured(await run(['listZones', '--no-color'], { tty }))).toBe(false);
    expect(coloured(await run(['listZones', '--color']))).toBe(true);
    expect(coloured(await run(['listZones', '--color'], { env: { NO_COLOR: '1' } }))).toBe(true);
    expect(coloured(await run(['listZones'], { env: { FORCE_COLOR: '1' } }))).toBe(true);
    expect(coloured(await run(['listZones'], { env: { FORCE_COLOR: '' } }))).toBe(false);
    expect(coloured(await run(['listZones'], { tty, env: { FORCE_COLOR: '0' } }))).toBe(false);
    expect(coloured(await run(['listZones'], { tty, env: { FORCE_COLOR: 'false' } }))).toBe(false);
    expect(coloured(await run(['listZones'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }))).toBe(false);
    expect(coloured(await run(['listZones'], { tty, env: { TERM: 'dumb' } }))).toBe(false);
    // Coloured or not, the same JSON.
    const plain = await run(['listZones', '--no-color']);
    expect((await run(['listZones', '--color'])).stdout.replace(ANSI, '')).toBe(plain.stdout);
  });

  it('turns a spinner on a terminal stderr while a job runs, and erases it before exiting', async () => {
    const { code, stdout, stderr } = await run([...deploy, 'name=spun'], {
      target: slow,
      tty: { stdout: true, stderr: true },
    });
    expect(code).toBe(EXIT_OK);
    expect(JSON.parse(stdout.replace(ANSI, '')).virtualmachine.name).toBe('spun');
    // Redrawn in place (frames change, no new lines), then the line erased: nothing left to see.
    const { draws, distinct } = frames(stderr, 'deployVirtualMachine');
    expect(draws).toBeGreaterThanOrEqual(2);
    expect(distinct).toBeGreaterThanOrEqual(2);
    expect(stderr).not.toContain('\n');
    expect(stderr).toMatch(/\u001b\[2K$/);
    expect(screen(stderr)).toEqual([]);
  });

  it('writes nothing to a stderr that is not a terminal while a job runs', async () => {
    const { code, stdout, stderr } = await run([...deploy, 'name=unspun'], { target: slow });
    expect(code).toBe(EXIT_OK);
    expect(stderr).toBe('');
    expect(stdout).not.toContain('\u001b');
  });

  it('turns the spinner while fetching pages, only on a terminal', async () => {
    // The first page is slow; the spinner's first frame is drawn before any request either way.
    slow.faults.add({
      kind: 'latency',
      ms: SLOW_MS,
      times: 1,
      when: (request) => request.query.get('command') === 'listVirtualMachines',
    });
    const argv = ['listVirtualMachines', 'pagesize=3', '--fetch-list'];
    const shown = await run(argv, { target: slow, tty: { stderr: true } });
    expect(shown.code).toBe(EXIT_OK);
    expect(frames(shown.stderr, 'listVirtualMachines').distinct).toBeGreaterThanOrEqual(2);
    expect(screen(shown.stderr)).toEqual([]);
    const hidden = await run(argv, { target: slow });
    expect(hidden.stderr).toBe('');
    expect(hidden.stdout).toBe(shown.stdout);
    expect(JSON.parse(hidden.stdout).length).toBeGreaterThanOrEqual(7);
  });

  it('fails with exactly one line on a terminal, the spinner erased before it', async () => {
    const tty = { stdout: true, stderr: true };
    const failed = await run([...deploy, 'name=fail-tty'], { target: slow, tty });
    expect(failed.code).toBe(EXIT_FAILED);
    expect(frames(failed.stderr, 'deployVirtualMachine').draws).toBeGreaterThanOrEqual(1);
    expect(failed.stderr.match(/\n/g)).toHaveLength(1);
    const lines = screen(failed.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cs: CloudStackApiError: deployVirtualMachine \(job [\w-]+\) failed with \d+: .+$/,
    );
    expect(failed.stdout).toBe('');

    const unknown = await run(['noSuchCommand'], { target: slow, tty });
    expect(unknown.code).toBe(EXIT_FAILED);
    expect(screen(unknown.stderr)).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^cs: [^\n]+\n$/);
  });
});
