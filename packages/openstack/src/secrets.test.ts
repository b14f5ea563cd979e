/**
 * Secrets stay out of every error view and every log line: the password, the application
 * credential's secret and the tokens Keystone hands out, even when a server echoes the request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorViews, OvercastError } from '@overcast/runtime';
import { type RunningOpenStackSimulator, startOpenStackSimulator } from '@overcast/simulators/openstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

let sim: RunningOpenStackSimulator;
beforeAll(async () => {
  sim = await startOpenStackSimulator({ transitionMs: 20 });
});
afterAll(() => sim.close());

function capture() {
  const lines: string[] = [];
  const sink = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  return { lines, logger: { debug: sink, info: sink, warn: sink, error: sink } };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('logging', () => {
  it('traces requests with every secret and token redacted', async () => {
    const { lines, logger } = capture();
    const conn = new Connection({
      auth: { authUrl: sim.authUrl, ...sim.credentials },
      logger,
      debug: 'trace',
    });
    const token = (await conn.authorize()) as string;
    for await (const _ of conn.compute.flavors()) break;
    await conn.identity.get('/auth/tokens', { headers: { 'X-Subject-Token': token } });
    await failure(() => conn.compute.getServer('missing'));
    const text = lines.join('\n');
    expect(text).toMatch(/POST .*\/identity\/v3\/auth\/tokens -> 201/);
    expect(text).toMatch(/authenticated as admin on project admin/);
    expect(text).toMatch(/compute endpoint .*microversion 2\.96/);
    expect(text).not.toContain(sim.credentials.password);
    expect(text).not.toContain(token);
    await conn.close();
  });
});

describe('errors', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    // Answers every request with the request itself, as a debug page would.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const echo = `${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString()}`;
        if (req.url?.endsWith('/auth/tokens')) {
          res.writeHead(201, {
            'content-type': 'application/json',
            'x-subject-token': 'echo-token-4b1d9e77',
          });
          res.end(
            JSON.stringify({
              token: {
                expires_at: '2099-01-01T00:00:00Z',
                catalog: [
                  { type: 'compute', endpoints: [{ interface: 'public', url: `${origin}/compute/v2.1` }] },
                ],
              },
              echo,
            }),
          );
          return;
        }
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end(`<pre>${echo}</pre>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('never show the password, the application credential secret or the token, even echoed', async () => {
    const secrets = ['echo-password-77d1', 'echo-app-secret-2c8e', 'echo-token-4b1d9e77'];
    for (const auth of [
      { authUrl: `${origin}/identity`, username: 'u', password: secrets[0], projectName: 'p' },
      {
        authUrl: `${origin}/identity`,
        applicationCredentialId: 'ac',
        applicationCredentialSecret: secrets[1],
      },
    ]) {
      const conn = new Connection({ auth });
      const error = await failure(() => conn.compute.getServer('x'));
      expect(error).toBeInstanceOf(OvercastError);
      const views = errorViews(error).join('\n');
      expect(views).toContain('"x-auth-token":"[REDACTED]"');
      for (const secret of secrets) expect(views).not.toContain(secret);
      await conn.close();
    }
  });

  it('a wrong application credential secret is refused without showing it', async () => {
    const conn = new Connection({
      auth: {
        authUrl: sim.authUrl,
        applicationCredentialId: sim.applicationCredential.id,
        applicationCredentialSecret: 'wrong-app-secret-6f3a',
      },
    });
    const error = await failure(() => conn.authorize());
    for (const view of errorViews(error)) {
      expect(view).not.toContain('wrong-app-secret-6f3a');
      expect(view).not.toContain(sim.applicationCredential.secret);
    }
    await conn.close();
  });
});
