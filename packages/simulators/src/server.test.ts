import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningSimulator, type StartSimulatorOptions, startSimulator } from './server.js';
import { Timers } from './timers.js';
import type { SimulatorHandler } from './types.js';

const echo: SimulatorHandler = (request) => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'x-echo': 'yes' },
  body: JSON.stringify({
    method: request.method,
    url: request.url,
    path: request.path,
    query: Object.fromEntries(request.query),
    header: request.headers['x-test'],
    text: request.text,
    bodyIsBuffer: Buffer.isBuffer(request.body),
  }),
});

const quietLogger = () => ({ debug: vi.fn(), error: vi.fn() });

const running: RunningSimulator[] = [];

async function start(options: Partial<StartSimulatorOptions> = {}): Promise<RunningSimulator> {
  const simulator = await startSimulator({ name: 'test', handler: echo, logger: quietLogger(), ...options });
  running.push(simulator);
  return simulator;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

/** Sends one request with node:http, optionally with a chunked body, and collects the answer. */
function send(
  url: string,
  options: { method?: string; chunks?: Buffer[]; agent?: Agent } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('startSimulator', () => {
  it('listens on a free port of 127.0.0.1 and hands the handler the parsed request', async () => {
    const simulator = await start();
    expect(simulator.port).toBeGreaterThan(0);
    expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`);

    const response = await fetch(`${simulator.url}/client/api?command=listZones&name=a%20b`, {
      method: 'POST',
      headers: { 'x-test': 'hello' },
      body: 'zoneid=1',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/client/api?command=listZones&name=a%20b',
      path: '/client/api',
      query: { command: 'listZones', name: 'a b' },
      header: 'hello',
      text: 'zoneid=1',
      bodyIsBuffer: true,
    });
  });

  it('sets Content-Length, and a text content type for string bodies without one', async () => {
    const simulator = await start({ handler: () => ({ status: 201, body: 'héllo' }) });

    const response = await fetch(simulator.url);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('héllo')));
    expect(await response.text()).toBe('héllo');
  });

  it('sends binary bodies as they are', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    const simulator = await start({ handler: () => ({ status: 200, body: bytes }) });

    const response = await fetch(simulator.url);

    expect(response.headers.get('content-type')).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('fails with a message naming the port when the port is in use', async () => {
    const first = await start();

    await expect(start({ name: 'second', port: first.port })).rejects.toThrow(
      `second simulator cannot listen on 127.0.0.1:${first.port}: the port is already in use`,
    );
  });
});

describe('handler failures', () => {
  it('answer 500 with the error message, are logged, and the server keeps serving', async () => {
    const logger = quietLogger();
    let calls = 0;
    const simulator = await start({
      logger,
      handler: async (request) => {
        calls += 1;
        if (request.path === '/boom') throw new Error('no such pool');
        return { status: 200, body: 'fine' };
      },
    });

    const failed = await fetch(`${simulator.url}/boom`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('Internal simulator error: no such pool');
    expect(logger.error).toHaveBeenCalledWith('test: GET /boom failed:', expect.any(Error));

    const next = await fetch(`${simulator.url}/ok`);
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('fine');
    expect(calls).toBe(2);
  });

  it('answer 500 when the handler returns an impossible response', async () => {
    const simulator = await start({
      handler: () => ({ status: 42, headers: { 'content-type': 'application/xml' }, body: '<a/>' }),
    });

    const response = await fetch(simulator.url);

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});

describe('request body limit', () => {
  it('accepts a body of exactly the limit', async () => {
    const simulator = await start({ maxBodyBytes: 16 });

    const response = await fetch(simulator.url, { method: 'POST', body: 'x'.repeat(16) });

    expect(response.status).toBe(200);
  });

  it('answers 413 when Content-Length exceeds the limit, and the connection stays usable', async () => {
    const simulator = await start({ maxBodyBytes: 16 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    const refused = await send(simulator.url, { method: 'POST', chunks: [Buffer.alloc(100)], agent });
    expect(refused).toEqual({ status: 413, body: 'Request body larger than 16 bytes' });
    expect((await send(simulator.url, { agent })).status).toBe(200);
    agent.destroy();
  });

  it('answers 413 when a chunked body grows past the limit', async () => {
    const simulator = await start({ maxBodyBytes: 16 });

    // Several writes without a Content-Length make node:http send a chunked body.
    const refused = await send(simulator.url, {
      method: 'PUT',
      chunks: [Buffer.alloc(10), Buffer.alloc(10)],
    });

    expect(refused.status).toBe(413);
  });
});

describe('close', () => {
  it('does not hang on an idle keep-alive connection', async () => {
    const simulator = await startSimulator({ name: 'test', handler: echo });
    const agent = new Agent({ keepAlive: true });
    expect((await send(simulator.url, { agent })).status).toBe(200);
    expect(Object.keys(agent.freeSockets)).toHaveLength(1);

    const started = performance.now();
    await simulator.close();

    // Node's keep-alive timeout is 5 s: a close that waited for it would take that long.
    expect(performance.now() - started).toBeLessThan(4000);
    agent.destroy();
  });

  it('does not hang on a request the handler never answers', async () => {
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const simulator = await startSimulator({
      name: 'test',
      handler: () => {
        arrive();
        return new Promise(() => {});
      },
    });
    const pending = fetch(simulator.url);
    await arrived;

    await simulator.close();

    await expect(pending).rejects.toThrow();
  });

  it('is idempotent, available as Symbol.asyncDispose, and refuses connections afterwards', async () => {
    const simulator = await startSimulator({ name: 'test', handler: echo });

    const first = simulator.close();
    expect(simulator.close()).toBe(first);
    await first;
    await simulator[Symbol.asyncDispose]();

    await expect(fetch(simulator.url)).rejects.toThrow();
  });

  it('runs onClose once the server has closed, e.g. to cancel pending state transitions', async () => {
    const timers = new Timers();
    const onClose = vi.fn(() => timers.close());
    const simulator = await startSimulator({ name: 'test', handler: echo, onClose });
    timers.after(60_000, () => {});

    await Promise.all([simulator.close(), simulator.close()]);

    expect(onClose).toHaveBeenCalledTimes(1);
    expect(timers.pending).toBe(0);
  });
});

describe('requests', () => {
  it('counts every request read as METHOD path by default, refused and faulted ones included', async () => {
    const simulator = await start({ maxBodyBytes: 16 });
    simulator.faults.add({ kind: 'error', times: 1 });

    await send(`${simulator.url}/a?x=1`);
    await send(`${simulator.url}/a`);
    await send(`${simulator.url}/b`, { method: 'POST', chunks: [Buffer.alloc(64)] });

    expect(simulator.requests.byOperation()).toEqual({ 'GET /a': 2, 'POST /b': 1 });
    expect(simulator.requests.total).toBe(3);
  });

  it('names operations with operationOf, falling back to METHOD path', async () => {
    const simulator = await start({ operationOf: (request) => request.query.get('op') ?? undefined });

    await send(`${simulator.url}/api?op=create`);
    await send(`${simulator.url}/api`);

    expect(simulator.requests.byOperation()).toEqual({ create: 1, 'GET /api': 1 });
  });
});
