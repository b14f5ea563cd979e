/**
 * Interop of our XML-RPC codec with a peer nobody here wrote: Python's stdlib.
 * (a) Our encoder and decoder against `xmlrpc.server.SimpleXMLRPCServer`.
 * (b) Python's `xmlrpc.client.ServerProxy` against a Node server built on our server-side codec.
 * (c) The HTTP Basic header Python's client (so pyone) makes of user info in the endpoint URL, and
 *     the one `OneServer` makes of the same URL.
 * Debian's /usr/bin/python3 is required: without it these tests fail, saying so.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OneServer } from '@overcast/opennebula';
import {
  decodeMethodCall,
  decodeMethodResponse,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  XmlRpcFault,
  type XmlRpcInput,
  type XmlRpcValue,
} from '@overcast/runtime/xmlrpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const peer = (file: string) => fileURLToPath(new URL(`./xmlrpc-interop/${file}`, import.meta.url));

function requirePython(): void {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `${PYTHON} is missing: the XML-RPC interop tests need Debian's python3 (apt-get install python3)`,
    );
  }
}

/** Starts Python's SimpleXMLRPCServer and resolves with its URL once it printed its port. */
function startPythonServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [peer('echo_server.py')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`Python server did not start in time: ${stderr}`)),
      10_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const line = /^(\d+)\n/.exec(stdout);
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${line[1]}/RPC2` });
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Python server exited with ${code}: ${stderr}`));
    });
  });
}

async function call(url: string, method: string, params: readonly XmlRpcInput[]): Promise<XmlRpcValue> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: encodeMethodCall(method, params),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return decodeMethodResponse(await response.text());
}

async function faultOf(promise: Promise<unknown>): Promise<XmlRpcFault> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(XmlRpcFault);
  return error as XmlRpcFault;
}

describe('our client codec against Python’s SimpleXMLRPCServer', () => {
  let python: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    requirePython();
    ({ child: python, url } = await startPythonServer());
  });

  afterAll(() => {
    python?.kill();
  });

  it.each<[string, XmlRpcInput, XmlRpcValue]>([
    ['an int', 7, 7],
    ['the 32-bit extremes', [-(2 ** 31), 2 ** 31 - 1], [-(2 ** 31), 2 ** 31 - 1]],
    ['booleans', [true, false], [true, false]],
    ['a string with markup and unicode', '<VM>&amp; "q" \'s\' café 😀', '<VM>&amp; "q" \'s\' café 😀'],
    ['an empty string', '', ''],
    [
      'doubles, non-finite ones included',
      [1.5, -2.5e-300, Number.POSITIVE_INFINITY],
      [1.5, -2.5e-300, Number.POSITIVE_INFINITY],
    ],
    ['NaN', Number.NaN, Number.NaN],
    ['a date', new Date('2024-02-29T23:59:58Z'), new Date('2024-02-29T23:59:58Z')],
    [
      'bytes (Python sends base64 in 76-character lines)',
      new Uint8Array(300).map((_, i) => i % 256),
      new Uint8Array(300).map((_, i) => i % 256),
    ],
    ['nil', null, null],
    ['undefined, as nil', undefined, null],
    [
      'nested containers',
      { NAME: 'vm', DISKS: [{ SIZE: 1 }, []], EMPTY: {} },
      { NAME: 'vm', DISKS: [{ SIZE: 1 }, []], EMPTY: {} },
    ],
  ])('echoes %s', async (_what, value, expected) => {
    expect(await call(url, 'echo', [value])).toEqual(expected);
  });

  it('sends every type the way Python reads it', async () => {
    const described = await call(url, 'describe', [
      2 ** 40,
      2n ** 60n,
      -(2n ** 63n),
      new Date('2024-01-02T03:04:05.678Z'),
      new Uint8Array([0, 255]),
      null,
      0.1,
      'a\r\nb',
    ]);
    expect(described).toEqual([
      ['int', '1099511627776'],
      ['int', '1152921504606846976'],
      ['int', '-9223372036854775808'],
      ['datetime', 'datetime.datetime(2024, 1, 2, 3, 4, 5)'],
      ['bytes', "b'\\x00\\xff'"],
      ['NoneType', 'None'],
      ['float', '0.1'],
      ['str', "'a\\r\\nb'"],
    ]);
  });

  it('gets Python’s refusal to send an int beyond 32 bits as a fault', async () => {
    // Python reads our <i8> fine, but its marshaller only writes <int> and refuses larger values.
    const fault = await faultOf(call(url, 'echo', [2 ** 40]));
    expect(fault.code).toBe(1);
    expect(fault.serverMessage).toBe("<class 'OverflowError'>:int exceeds XML-RPC limits");
  });

  it('reads a raw CR from Python as LF, as XML line-end normalization requires', async () => {
    expect(await call(url, 'echo', ['a\r\nb\rc'])).toBe('a\nb\nc');
  });

  it('turns a Python exception into an XmlRpcFault with its code and message', async () => {
    const fault = await faultOf(call(url, 'fail', ['bad things <&>']));
    expect(fault).toMatchObject({ code: 1, serverMessage: "<class 'ValueError'>:bad things <&>" });
    expect(fault.message).toBe("XML-RPC fault 1: <class 'ValueError'>:bad things <&>");
  });

  it('passes an explicit Fault through with its code', async () => {
    expect(await faultOf(call(url, 'fault', [-32000, 'custom']))).toMatchObject({
      code: -32000,
      serverMessage: 'custom',
    });
  });

  it('reports an unknown method as a fault', async () => {
    const fault = await faultOf(call(url, 'no.such.method', []));
    expect(fault.serverMessage).toMatch(/method "no.such.method" is not supported/);
  });
});

/** The methods our Node server offers to Python's client. */
const methods: Record<string, (params: XmlRpcValue[]) => string> = {
  echo: ([value]) => encodeMethodResponse(value),
  big: () => encodeMethodResponse([2 ** 40, 2n ** 60n, -(2n ** 63n), 2n ** 63n - 1n]),
  kinds: (params) =>
    encodeMethodResponse(params.map((p) => (p === null ? 'null' : Array.isArray(p) ? 'array' : typeof p))),
  fail: ([code, message]) => encodeFault(Number(code), String(message)),
};

function startNodeServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let answer: string;
      try {
        const { method, params } = decodeMethodCall(Buffer.concat(chunks).toString('utf8'));
        const handler = methods[method];
        answer = handler ? handler(params) : encodeFault(-32601, `no method ${method}`);
      } catch (error) {
        answer = encodeFault(-32700, error instanceof Error ? error.message : String(error));
      }
      response.writeHead(200, { 'content-type': 'text/xml' }).end(answer);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/RPC2` });
    });
  });
}

describe('Python’s xmlrpc.client against our server codec', () => {
  let server: Server | undefined;

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  it('gets back every type it sent, our i8 values, and our faults', async () => {
    requirePython();
    const started = await startNodeServer();
    server = started.server;
    const { stdout } = await promisify(execFile)(PYTHON, [peer('client_check.py'), started.url], {
      timeout: 30_000,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`Python client check failed: ${error.stderr || error.message}\n${error.stdout ?? ''}`);
    });
    const passed = stdout.split('\n').filter((line) => line.startsWith('ok '));
    expect(passed).toContain('ok echo bytes');
    expect(passed).toContain('ok i8 values');
    expect(passed).toContain('ok fault string');
    expect(passed).toContain('ok unknown method fault');
    expect(passed.length).toBe(29);
  });
});

describe('user info in the endpoint URL: OneServer sends the Basic header Python’s xmlrpc.client sends', () => {
  it.each([
    ['plain', 'oneuser:onepass'],
    ['percent-encoded', 'us%40er:p%C3%A4ss%3Aw%2Fd'],
    ['a user alone', 'token-user'],
  ])('%s', async (_what, userInfo) => {
    requirePython();
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(encodeMethodResponse([true, 'ok', 0]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://${userInfo}@127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
    try {
      await promisify(execFile)(
        PYTHON,
        [
          '-c',
          "import sys, xmlrpc.client; xmlrpc.client.ServerProxy(sys.argv[1]).one.system.version('s')",
          endpoint,
        ],
        { timeout: 30_000 },
      );
      const one = new OneServer(endpoint, { session: 'oneadmin:interop' });
      try {
        expect(await one.system.version()).toBe('ok');
      } finally {
        await one.close();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^Basic /);
    expect(seen[1]).toBe(seen[0]);
  });
});
