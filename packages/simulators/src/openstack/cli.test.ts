import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { passwordAuth } from './client.test-helper.js';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

it('overcast-sim openstack prints the auth URL, user, password, project, domains and region, and serves them', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'openstack', '--port', '0'], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (/regionName: .*\n/.test(stdout)) resolve();
      });
      child.once('close', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout).toBe(
      [
        `overcast-sim: openstack listening on ${url}`,
        `  endpoint: ${url}/identity`,
        '  apiPath: /identity',
        '  username: admin',
        '  password: overcast-simulator-password',
        '  projectName: admin',
        '  userDomainName: Default',
        '  projectDomainName: Default',
        '  regionName: RegionOne',
        '',
      ].join('\n'),
    );
    const answer = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        passwordAuth(
          { username: 'admin', password: 'overcast-simulator-password' },
          { project: { name: 'admin', domain: { name: 'Default' } } },
        ),
      ),
    });
    expect(answer.status).toBe(201);
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 30_000);
