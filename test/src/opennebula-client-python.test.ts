/**
 * Our OpenNebula client against a peer nobody here wrote: a stand-in oned built on Python's stdlib
 * `xmlrpc.server` (opennebula-client-python/one_server.py), answering documents built to the XSDs.
 * Debian's /usr/bin/python3 is required: without it this test fails, saying so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OneApiError, OneAuthenticationError, OneNoExistsError, OneServer } from '@overcast/opennebula';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectShape, rootOf, sampleCalls } from './opennebula-client-python/samples.js';

const PYTHON = '/usr/bin/python3';
const SESSION = 'oneadmin:opennebula';
const calls = sampleCalls();
let child: ChildProcess;
let url: string;

function startServer(answers: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: this interop test needs Debian's python3`);
  const file = join(mkdtempSync(join(tmpdir(), 'one-python-')), 'answers.json');
  writeFileSync(file, JSON.stringify(answers));
  const script = fileURLToPath(new URL('./opennebula-client-python/one_server.py', import.meta.url));
  return new Promise((resolve, reject) => {
    const server = spawn(PYTHON, [script, SESSION, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`the Python server did not start: ${stderr}`)), 20_000);
    server.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    server.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ child: server, url: `http://127.0.0.1:${String(chunk).trim()}/RPC2` });
    });
    server.once('exit', (code) => reject(new Error(`the Python server exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  const answers: Record<string, string> = Object.fromEntries(calls.map((c) => [c.method, c.xml]));
  answers['one.system.version'] = '7.5.80';
  ({ child, url } = await startServer(answers));
}, 30_000);

afterAll(() => {
  child?.kill();
});

describe('OneServer against Python’s xmlrpc.server', () => {
  it.each(calls.map((c) => [c.method, c] as const))(
    '%s decodes the document Python sends',
    async (method, call) => {
      const one = new OneServer(url, { session: SESSION });
      try {
        expectShape(await one.call(method, ...call.args), rootOf(call.documentId));
      } finally {
        await one.close();
      }
    },
  );

  it('sends the session first and leaves out trailing undefined arguments', async () => {
    const one = new OneServer(url, { session: SESSION });
    await one.vmpool.info(-2, -1, -1, -1, undefined);
    await one.vm.info(3, true);
    const received = (await one.call('one.system.version')) as string;
    expect(received).toBe('7.5.80');
    // The recorder answers through the same stack: read it raw, without the OneServer layer.
    const response = await fetch(url, {
      method: 'POST',
      body: '<?xml version="1.0"?><methodCall><methodName>test.calls</methodName><params></params></methodCall>',
    });
    const body = await response.text();
    expect(body).toContain('<value><string>one.vmpool.info</string></value>');
    expect(body.replace(/\s/g, '')).toContain(
      '<value><string>one.vmpool.info</string></value><value><array><data><value><string>oneadmin:opennebula</string></value><value><int>-2</int></value><value><int>-1</int></value><value><int>-1</int></value><value><int>-1</int></value></data></array></value>',
    );
    await one.close();
  });

  it('gets oned’s failures as typed errors', async () => {
    const one = new OneServer(url, { session: SESSION });
    await expect(one.vm.action('terminate', 0)).rejects.toBeInstanceOf(OneNoExistsError);
    // @ts-expect-error an action oned does not run: the type refuses it, the server too
    await expect(one.vm.action('explode', 0)).rejects.toBeInstanceOf(OneApiError);
    await one.close();
    const intruder = new OneServer(url, { session: 'oneadmin:wrong' });
    const error = await intruder.host.info(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneAuthenticationError);
    expect(error).toMatchObject({ code: 0x100, method: 'one.host.info' });
    expect(String((error as Error).message)).not.toContain('wrong');
    await intruder.close();
  });
});
