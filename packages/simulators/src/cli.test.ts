import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signCloudStack } from '@overcast/runtime/signing';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './server.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ECHO_FIXTURE = fileURLToPath(new URL('./fixtures/echo-simulator.mjs', import.meta.url));
// Starting node with tsx can take seconds on a loaded machine.
const TIMEOUT = 30_000;

const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

interface Cli {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves with the URL from the "listening on" line; rejects if the CLI exits first. */
  listening(): Promise<string>;
  /** Resolves with stdout once it matches `pattern`; rejects if the CLI exits first. */
  printed(pattern: RegExp): Promise<string>;
}

/** Runs the CLI from source; with `echo`, a tiny 'echo' simulator is registered first. */
function runCli(args: string[], { echo = true } = {}): Cli {
  const imports = ['--import', 'tsx', ...(echo ? ['--import', ECHO_FIXTURE] : [])];
  const child = spawn(process.execPath, [...imports, CLI, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stdout)) resolve(stdout);
      };
      check();
      child.stdout?.on('data', check);
      void exited.then(({ code }) =>
        reject(new Error(`the CLI exited with ${code} before printing ${pattern}:\n${stderr}`)),
      );
    });
  const listening = async () =>
    /listening on (http:\/\/\S+)/.exec(await printed(/listening on http:\/\/\S+\n/))?.[1] as string;
  return { child, exited, listening, printed };
}

describe('overcast-sim', () => {
  it(
    'serves the provider on the announced URL and exits 0 on SIGTERM',
    async () => {
      const cli = runCli(['echo', '--port', '0']);
      const url = await cli.listening();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const response = await fetch(`${url}/hello?x=1`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('GET /hello?x=1');

      cli.child.kill('SIGTERM');
      const { code, stdout } = await cli.exited;
      expect(code).toBe(0);
      expect(stdout).toBe(`overcast-sim: echo listening on ${url}\n`);
    },
    TIMEOUT,
  );

  it(
    'applies fault flags and exits 0 on SIGINT',
    async () => {
      const cli = runCli(['echo', '--fail-rate', '1', '--latency', '1-5', '--seed', '3']);
      const url = await cli.listening();

      expect((await fetch(url)).status).toBe(503);

      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'lists the known providers and exits 2 for an unknown one',
    async () => {
      const { code, stderr } = await runCli(['no-such-cloud']).exited;

      expect(code).toBe(2);
      expect(stderr).toContain("unknown provider 'no-such-cloud'");
      expect(stderr).toMatch(/Providers:\n(?: {2}\S+ +.*\n)*? {2}echo +answers every request/);
    },
    TIMEOUT,
  );

  it(
    'lists the built-in providers without the echo fixture',
    async () => {
      const { code, stderr } = await runCli(['no-such-cloud'], { echo: false }).exited;

      expect(code).toBe(2);
      expect(stderr).toMatch(/Providers:\n(?: {2}\S+ +.*\n)*? {2}cloudstack +CloudStack/);
      expect(stderr).not.toContain('echo');
    },
    TIMEOUT,
  );

  it(
    'prints help with exit 0',
    async () => {
      const { code, stdout } = await runCli(['--help']).exited;

      expect(code).toBe(0);
      expect(stdout).toContain('Usage: overcast-sim <provider> [options]');
      expect(stdout).toContain('--fail-rate');
      for (const flag of ['--transition-ms', '--trickle', '--accept-unknown-commands', '--latency'])
        expect(stdout).toContain(flag);
      expect(stdout).toContain('echo');
    },
    TIMEOUT,
  );

  it(
    'exits 2 on a malformed or unknown flag',
    async () => {
      const [badRate, unknownFlag, badTrickle] = await Promise.all([
        runCli(['echo', '--drop-rate', '2']).exited,
        runCli(['echo', '--bogus']).exited,
        runCli(['echo', '--trickle', '16']).exited,
      ]);

      expect(badTrickle.code).toBe(2);
      expect(badTrickle.stderr).toContain("--trickle must be <bytes>/<ms>, e.g. 16/100, got '16'");
      expect(badRate.code).toBe(2);
      expect(badRate.stderr).toContain("--drop-rate must be a number from 0 to 1, got '2'");
      expect(unknownFlag.code).toBe(2);
      expect(unknownFlag.stderr).toContain("Unknown option '--bogus'");
    },
    TIMEOUT,
  );

  it(
    'exits 1 with a message naming the port when it is in use',
    async () => {
      const occupant = await startSimulator({ name: 'occupant', handler: () => ({ status: 200 }) });
      try {
        const { code, stderr } = await runCli(['echo', '--port', String(occupant.port)]).exited;

        expect(code).toBe(1);
        expect(stderr).toContain(`cannot listen on 127.0.0.1:${occupant.port}: the port is already in use`);
      } finally {
        await occupant.close();
      }
    },
    TIMEOUT,
  );

  it(
    'prints what an oVirt client needs: endpoint, API path, username and password',
    async () => {
      const cli = runCli(['ovirt', '--port', '0', '--transition-ms', '5'], { echo: false });
      const stdout = await cli.printed(/password: .*\n/);
      const url = await cli.listening();

      expect(stdout).toBe(
        [
          `overcast-sim: ovirt listening on ${url}`,
          `  endpoint: ${url}/ovirt-engine/api`,
          '  apiPath: /ovirt-engine/api',
          '  username: admin@internal',
          '  password: overcast-simulator-password',
          '',
        ].join('\n'),
      );
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'prints the CloudStack keys and, with --accept-unknown-commands, answers unmodelled commands',
    async () => {
      const cli = runCli(['cloudstack', '--accept-unknown-commands'], { echo: false });
      const stdout = await cli.printed(/secret: .*\n/);
      const endpoint = /endpoint: (\S+)/.exec(stdout)?.[1];
      const apiKey = /apiKey: (\S+)/.exec(stdout)?.[1] as string;
      const secret = /secret: (\S+)/.exec(stdout)?.[1] as string;

      expect(stdout).toContain('  apiPath: /client/api\n');
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api$/);
      const signed = signCloudStack({ command: 'listHosts', apiKey, secret });
      const response = await fetch(`${endpoint}?${signed.queryString}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ listhostsresponse: {} });

      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "prints OpenNebula's session, and refuses a flag the provider does not take",
    async () => {
      const cli = runCli(['opennebula'], { echo: false });
      const [stdout, refused] = await Promise.all([
        cli.printed(/session: .*\n/),
        runCli(['opennebula', '--accept-unknown-commands'], { echo: false }).exited,
      ]);

      expect(stdout).toMatch(
        /\n {2}endpoint: http:\/\/127\.0\.0\.1:\d+\/RPC2\n {2}apiPath: \/RPC2\n {2}session: oneadmin:opennebula\n$/,
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        '--accept-unknown-commands is not an option of the opennebula simulator',
      );
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
    },
    TIMEOUT,
  );
});
