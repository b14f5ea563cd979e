import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FaultController, type FaultOptions, type FaultRule } from './faults.js';
import { type RunningSimulator, startSimulator } from './server.js';
import type { SimulatorRequest } from './types.js';

const BODY = 'x'.repeat(1000);
const running: RunningSimulator[] = [];
let handled = 0;

async function start(faults: FaultOptions = {}): Promise<RunningSimulator> {
  const simulator = await startSimulator({
    name: 'faulty',
    faults,
    logger: { debug: () => {}, error: () => {} },
    handler: () => {
      handled += 1;
      return { status: 200, body: BODY };
    },
  });
  running.push(simulator);
  return simulator;
}

afterEach(async () => {
  handled = 0;
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

/** Status codes of `count` sequential requests. */
async function statuses(url: string, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(url);
    await response.arrayBuffer();
    seen.push(response.status);
  }
  return seen;
}

function requestFor(path: string): SimulatorRequest {
  const body = Buffer.alloc(0);
  return { method: 'GET', url: path, path, query: new URLSearchParams(), headers: {}, body, text: '' };
}

describe('each fault kind, as a real client sees it', () => {
  it('latency delays the answer', async () => {
    const simulator = await start({ rules: [{ kind: 'latency', ms: 150 }] });

    const started = performance.now();
    const response = await fetch(simulator.url);
    await response.text();

    // A lower bound only: a loaded machine may add any amount on top.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(simulator.faults.injected.latency).toBe(1);
  });

  it('a latency range delays by at least its minimum', async () => {
    const simulator = await start({ rules: [{ kind: 'latency', ms: [100, 120] }] });

    const started = performance.now();
    await (await fetch(simulator.url)).text();

    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('error answers with the given status, body and headers without calling the handler', async () => {
    const simulator = await start();
    simulator.faults.add({
      kind: 'error',
      status: 502,
      body: 'bad gateway',
      headers: { 'retry-after': '1' },
    });

    const response = await fetch(simulator.url);

    expect(response.status).toBe(502);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.text()).toBe('bad gateway');
    expect(handled).toBe(0);
  });

  it('error defaults to 503 with a plain message', async () => {
    const simulator = await start({ rules: [{ kind: 'error' }] });

    const response = await fetch(simulator.url);

    expect(response.status).toBe(503);
    expect(await response.text()).toBe('Simulated fault: HTTP 503');
  });

  it('drop destroys the connection without an answer; the server keeps serving', async () => {
    const simulator = await start({ rules: [{ kind: 'drop', times: 1 }] });

    const error = await fetch(simulator.url).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TypeError); // fetch's "fetch failed", caused by the closed socket
    expect(handled).toBe(0);
    expect(simulator.faults.injected.drop).toBe(1);
    expect(await statuses(simulator.url, 1)).toEqual([200]);
  });

  it('truncate announces the full length, sends fewer bytes and closes', async () => {
    const simulator = await start({ rules: [{ kind: 'truncate', bytes: 10, times: 1 }] });

    const response = await fetch(simulator.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(BODY.length));
    await expect(response.text()).rejects.toThrow();
    expect(handled).toBe(1);
  });

  it('truncate delivers exactly the cut bytes before the connection ends (raw node:http)', async () => {
    const simulator = await start({ rules: [{ kind: 'truncate' }] });

    const received = await new Promise<{ bytes: number; error: unknown }>((resolve, reject) => {
      httpRequest(simulator.url, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('error', (error) => resolve({ bytes, error }));
        res.on('end', () => resolve({ bytes, error: undefined }));
      })
        .on('error', reject)
        .end();
    });

    expect(received.bytes).toBe(BODY.length / 2);
    expect(received.error).toBeDefined();
  });

  it('reset ends the connection with a TCP reset, without an answer, counted as drop', async () => {
    const simulator = await start({ rules: [{ kind: 'reset', times: 1 }] });

    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      httpRequest(simulator.url, () => reject(new Error('answered despite the reset')))
        .on('error', resolve)
        .end();
    });

    expect(error.code).toBe('ECONNRESET');
    expect(handled).toBe(0);
    expect(simulator.faults.injected.drop).toBe(1);
    expect(await statuses(simulator.url, 1)).toEqual([200]);
  });

  it('trickle sends the headers at once and the body a few bytes every few ms', async () => {
    const simulator = await start();
    const rule = simulator.faults.add({ kind: 'trickle', bytes: 100, everyMs: 20, times: 1 });

    const started = performance.now();
    const chunks: { at: number; size: number }[] = [];
    const response = await new Promise<{ status: number; length: string | undefined; at: number }>(
      (resolve, reject) => {
        httpRequest(simulator.url, (res) => {
          const head = { status: res.statusCode ?? 0, length: res.headers['content-length'] };
          const at = performance.now() - started;
          res.on('data', (chunk: Buffer) =>
            chunks.push({ at: performance.now() - started, size: chunk.length }),
          );
          res.on('end', () => resolve({ ...head, at }));
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      },
    );

    expect(response.status).toBe(200);
    expect(response.length).toBe(String(BODY.length));
    expect(chunks.reduce((sum, chunk) => sum + chunk.size, 0)).toBe(BODY.length);
    expect(Math.max(...chunks.map((chunk) => chunk.size))).toBeLessThanOrEqual(100);
    // Ten writes, 20 ms apart: a lower bound only, a loaded machine may add any amount.
    expect(chunks.at(-1)?.at).toBeGreaterThanOrEqual(180);
    expect(response.at).toBeLessThan(chunks.at(-1)?.at ?? 0);
    expect(handled).toBe(1);
    expect(rule.injected).toBe(1);
    expect(simulator.faults.injected.trickle).toBe(1);
  });

  it('trickle stops when the client goes away, and close() does not wait for it', async () => {
    const simulator = await start({ rules: [{ kind: 'trickle', bytes: 1, everyMs: 50 }] });
    const controller = new AbortController();

    const response = await fetch(simulator.url, { signal: controller.signal });
    expect(response.status).toBe(200);
    controller.abort();

    const other = await fetch(simulator.url);
    const reader = other.body?.getReader();
    await reader?.read();
    const closing = performance.now();
    await simulator.close();
    expect(performance.now() - closing).toBeLessThan(1000);
  });
});

describe('rule scope', () => {
  it('times: only the next N requests', async () => {
    const simulator = await start();
    const rule = simulator.faults.add({ kind: 'error', status: 500, times: 2 });

    expect(await statuses(simulator.url, 4)).toEqual([500, 500, 200, 200]);
    expect(rule.injected).toBe(2);
  });

  it('when: only requests the predicate accepts', async () => {
    const simulator = await start();
    simulator.faults.add({ kind: 'error', status: 503, when: (request) => request.path === '/vms' });

    expect(await statuses(`${simulator.url}/vms`, 2)).toEqual([503, 503]);
    expect(await statuses(`${simulator.url}/hosts`, 2)).toEqual([200, 200]);
  });

  it('probability: the same seed gives the same pattern on every run', async () => {
    const rule: FaultRule = { kind: 'error', probability: 0.5 };
    const first = await start({ seed: 42, rules: [rule] });
    const second = await start({ seed: 42, rules: [rule] });
    const other = await start({ seed: 7, rules: [rule] });

    const pattern = await statuses(first.url, 24);

    expect(pattern).toContain(200);
    expect(pattern).toContain(503);
    expect(await statuses(second.url, 24)).toEqual(pattern);
    expect(await statuses(other.url, 24)).not.toEqual(pattern);
  });

  it('remove() deactivates one rule', async () => {
    const simulator = await start();
    const rule = simulator.faults.add({ kind: 'error' });
    expect(await statuses(simulator.url, 1)).toEqual([503]);

    rule.remove();

    expect(await statuses(simulator.url, 1)).toEqual([200]);
  });

  it('a pending latency does not delay close', async () => {
    const simulator = await start({ rules: [{ kind: 'latency', ms: 60_000 }] });
    const pending = fetch(simulator.url);
    await vi.waitFor(() => expect(simulator.faults.injected.latency).toBe(1));

    await simulator.close();

    await expect(pending).rejects.toThrow();
  });
});

describe('FaultController', () => {
  it('applies every matching latency but only the first matching outcome', () => {
    const faults = new FaultController({
      rules: [
        { kind: 'latency', ms: 10 },
        { kind: 'drop', times: 1 },
        { kind: 'latency', ms: 5 },
        { kind: 'error', times: 1 },
      ],
    });

    expect(faults.decide(requestFor('/'))).toEqual({ delayMs: 15, outcome: { kind: 'drop', times: 1 } });
    expect(faults.decide(requestFor('/'))).toEqual({ delayMs: 15, outcome: { kind: 'error', times: 1 } });
    expect(faults.decide(requestFor('/'))).toEqual({ delayMs: 15 });
    expect(faults.injected).toEqual({ latency: 6, drop: 1, error: 1, truncate: 0, trickle: 0 });
  });

  it('draws probabilities close to the requested rate, identically for the same seed', () => {
    const decideMany = (seed: number) => {
      const faults = new FaultController({ seed, rules: [{ kind: 'drop', probability: 0.25 }] });
      return Array.from({ length: 2000 }, () => faults.decide(requestFor('/')).outcome !== undefined);
    };

    const hits = decideMany(3).filter(Boolean).length;

    expect(hits).toBeGreaterThan(400);
    expect(hits).toBeLessThan(600);
    expect(decideMany(3)).toEqual(decideMany(3));
  });

  it("keeps a rule's pattern independent of requests its predicate rejects", () => {
    const pattern = (requests: string[]) => {
      const faults = new FaultController({
        rules: [{ kind: 'error', probability: 0.5, when: (request) => request.path === '/a' }],
      });
      return requests.flatMap((path) =>
        path === '/a' ? [faults.decide(requestFor(path)).outcome?.kind] : [],
      );
    };

    expect(pattern(['/a', '/a', '/a', '/a', '/a', '/a'])).toEqual(
      pattern(['/a', '/b', '/a', '/b', '/b', '/a', '/a', '/a', '/b', '/a']),
    );
  });

  it('draws latency ranges within their bounds', () => {
    const faults = new FaultController({ rules: [{ kind: 'latency', ms: [20, 30] }] });

    for (let i = 0; i < 100; i += 1) {
      const { delayMs } = faults.decide(requestFor('/'));
      expect(delayMs).toBeGreaterThanOrEqual(20);
      expect(delayMs).toBeLessThanOrEqual(30);
    }
  });

  it('clear() removes the rules, zeroes the counters and restarts the seeded patterns', () => {
    const faults = new FaultController({ seed: 9 });
    const run = () => {
      faults.add({ kind: 'error', probability: 0.5 });
      return Array.from({ length: 20 }, () => faults.decide(requestFor('/')).outcome !== undefined);
    };
    const before = run();

    faults.clear();

    expect(faults.injected).toEqual({ latency: 0, error: 0, drop: 0, truncate: 0, trickle: 0 });
    expect(faults.decide(requestFor('/'))).toEqual({ delayMs: 0 });
    expect(run()).toEqual(before);
  });

  it.each<[FaultRule, string]>([
    [{ kind: 'error', probability: 1.5 }, 'probability must be between 0 and 1'],
    [{ kind: 'drop', times: 0 }, 'times must be a positive integer'],
    [{ kind: 'latency', ms: -1 }, 'ms must be a non-negative number'],
    [{ kind: 'latency', ms: [50, 10] }, 'ms must be a non-negative number or a [min, max] range'],
    [{ kind: 'error', status: 200 }, 'status must be an HTTP error status'],
    [{ kind: 'truncate', bytes: 1.5 }, 'bytes must be a non-negative integer'],
    [{ kind: 'trickle', bytes: 0 }, 'bytes must be a positive integer'],
    [{ kind: 'trickle', everyMs: -5 }, 'everyMs must be a non-negative number'],
  ])('rejects the malformed rule %o', (rule, message) => {
    expect(() => new FaultController().add(rule)).toThrow(message);
  });
});
