/** `overcast-sim ec2 --port N`: what it prints, and that a client signing with it is served. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ok } from './client.test-helper.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
// Starting node with tsx can take seconds on a loaded machine.
const TIMEOUT = 30_000;

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it(
  'prints the endpoint, the credentials and the region, serves signed requests and exits 0 on SIGTERM',
  async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'ec2', '--port', String(port), '--transition-ms', '5'],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.on('close', resolve));
    const deadline = Date.now() + TIMEOUT - 5000;
    while (!/region: \S+\n/.test(stdout)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the CLI did not start:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = `http://127.0.0.1:${port}`;
    expect(stdout).toBe(
      [
        `overcast-sim: ec2 listening on ${url}`,
        `  endpoint: ${url}/services/Cloud`,
        '  apiPath: /services/Cloud',
        '  accessKeyId: overcast-simulator-access-key',
        '  secretAccessKey: overcast-simulator-secret-key',
        '  region: RegionOne',
        '',
      ].join('\n'),
    );
    const target = {
      endpoint: `${url}/services/Cloud`,
      credentials: {
        accessKeyId: 'overcast-simulator-access-key',
        secretAccessKey: 'overcast-simulator-secret-key',
        region: 'RegionOne',
      },
    };
    const regions = await ok(target, 'DescribeRegions');
    expect(regions.regionInfo[0].regionName).toBe('RegionOne');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  },
  TIMEOUT,
);
