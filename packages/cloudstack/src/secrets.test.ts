/**
 * Hostile servers on 127.0.0.1: one echoing the whole request (API key and a still-valid signature,
 * GET and POST) in 401, 500 and 200 answers; one quoting the secret and the key in its error text,
 * in a job's error, and across the cut of a body excerpt. No view of any error — message, stack,
 * String, JSON, util.inspect with hidden properties at any depth, down the cause chain — and no
 * trace line may show the key, the secret or a signature, whole or in part.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudStackSignature, cloudStackStringToSign, errorViews } from '@overcast/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudStack } from './client.js';
import { CloudStackApiError, CloudStackError } from './errors.js';

const KEY = 'Hk3vQ9zLmP2xW7tR-api-key';
const SECRET = 'Zs8nB4yTq1cV6uJe-secret-key';

interface Received {
  method: string;
  /** Path and raw query string, as sent. */
  url: string;
  body: string;
  params: URLSearchParams;
  signature: string;
  /** The signature checks out: the echo carries a signature a server would still accept. */
  valid: boolean;
}

type Answer = (request: Received) => { status: number; type: string; body: string };

let server: Server | undefined;
let client: CloudStack | undefined;
const received: Received[] = [];

afterEach(async () => {
  await client?.close();
  client = undefined;
  received.length = 0;
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

async function hostile(answer: Answer, options: { method?: 'GET' | 'POST'; lines?: string[] } = {}) {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const params =
        req.method === 'POST' ? new URLSearchParams(body) : new URL(url, 'http://h').searchParams;
      const signature = params.get('signature') ?? '';
      const expected = cloudStackSignature(cloudStackStringToSign([...params.entries()]), SECRET);
      const request = {
        method: req.method ?? '',
        url,
        body,
        params,
        signature,
        valid: signature === expected,
      };
      received.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { 'content-type': reply.type });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const lines = options.lines;
  client = new CloudStack({
    endpoint: `http://127.0.0.1:${port}/client/api`,
    key: KEY,
    secret: SECRET,
    pollInterval: 1,
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(lines === undefined ? {} : { trace: (line: string) => lines.push(line) }),
  });
  return client;
}

/** Every 8-character piece of `secret`: a cut secret leaks too. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

/** Fails naming the view and the piece when any text shows the key, the secret or a signature. */
function expectNoSecrets(texts: string[]): void {
  const signatures = received.map((request) => request.signature).filter((signature) => signature !== '');
  expect(signatures.length).toBeGreaterThan(0);
  const forbidden = [
    ...pieces(KEY),
    ...pieces(SECRET),
    ...signatures.flatMap((signature) => [signature, encodeURIComponent(signature)]),
  ];
  for (const text of texts) {
    for (const piece of forbidden) {
      if (text.includes(piece)) expect.fail(`"${piece}" shows in: ${text.slice(0, 400)}`);
    }
  }
}

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('the call was expected to fail, and succeeded');
  return error;
}

const echo = (request: Received) => `${request.method} ${request.url}\n${request.body}`;

describe.each(['GET', 'POST'] as const)('a server echoing the %s request', (method) => {
  it('in a 401 error text', async () => {
    const lines: string[] = [];
    const cs = await hostile(
      (request) => ({
        status: 401,
        type: 'application/json',
        body: JSON.stringify({
          listzonesresponse: {
            errorcode: 401,
            errortext: `refused ${echo(request)}`,
            echo: request.params.toString(),
          },
        }),
      }),
      { method, lines },
    );
    const error = await failure(cs.listZones({ name: 'x' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(received[0]?.valid).toBe(true);
    expect((error as CloudStackApiError).errortext).toContain('apiKey=');
    expectNoSecrets([...errorViews(error), ...lines]);
  });

  it('in a 500 page', async () => {
    const lines: string[] = [];
    const cs = await hostile(
      (request) => ({ status: 500, type: 'text/html', body: `<html><pre>${echo(request)}</pre></html>` }),
      { method, lines },
    );
    const error = await failure(cs.listZones());
    expect(error).toBeInstanceOf(CloudStackError);
    expect(received[0]?.valid).toBe(true);
    expectNoSecrets([...errorViews(error), ...lines]);
  });

  it('in a 200 answer that is not JSON, and in one that is', async () => {
    const lines: string[] = [];
    const cs = await hostile((request) => ({ status: 200, type: 'text/plain', body: echo(request) }), {
      method,
      lines,
    });
    const error = await failure(cs.listZones());
    expect(error).toBeInstanceOf(CloudStackError);
    expect(String(error)).toContain('answer is not JSON');
    expect(received[0]?.valid).toBe(true);
    expectNoSecrets([...errorViews(error), ...lines]);
    // A valid envelope echoing the request: no error, and the trace still shows nothing.
    await client?.close();
    const ok = await hostile(
      (request) => ({
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ listzonesresponse: { count: 0, echo: echo(request) } }),
      }),
      { method, lines },
    );
    await ok.request('listZones', {});
    expectNoSecrets(lines);
  });
});

describe('a server quoting the secret and the key', () => {
  it('in its error text, plain, percent-encoded, JSON-escaped and in base64', async () => {
    const lines: string[] = [];
    const quoted = [
      `secret ${SECRET} does not belong to key ${KEY}`,
      `encoded ${encodeURIComponent(SECRET)}`,
      `basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
    ].join('; ');
    const cs = await hostile(
      () => ({
        status: 431,
        type: 'application/json',
        body: JSON.stringify({ errorresponse: { errorcode: 431, cserrorcode: 9999, errortext: quoted } }),
      }),
      { lines },
    );
    const error = await failure(cs.listZones());
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect((error as CloudStackApiError).errortext).toContain('[REDACTED]');
    expectNoSecrets([...errorViews(error), ...lines]);
  });

  it("in a failed job's error, with the job poll's signature", async () => {
    const cs = await hostile((request) =>
      request.params.get('command') === 'queryAsyncJobResult'
        ? {
            status: 200,
            type: 'application/json',
            body: JSON.stringify({
              queryasyncjobresultresponse: {
                jobid: 'j1',
                jobstatus: '2',
                jobresultcode: '530',
                jobresult: { errorcode: 530, errortext: `job by ${KEY} (${SECRET}) failed: ${request.url}` },
              },
            }),
          }
        : { status: 200, type: 'application/json', body: '{"startvirtualmachineresponse":{"jobid":"j1"}}' },
    );
    const error = await failure(cs.startVirtualMachine({ id: 'v' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ errorcode: 530, jobid: 'j1' });
    expectNoSecrets(errorViews(error));
  });

  it('across the cut of the body excerpt in the message', async () => {
    // The key starts a few characters before the 200th character of the one-line excerpt.
    for (const offset of [190, 195, 199]) {
      const cs = await hostile(() => ({
        status: 502,
        type: 'text/html',
        body: `${'x'.repeat(offset)}${KEY} ${SECRET}`,
      }));
      const error = await failure(cs.listZones());
      expectNoSecrets(errorViews(error));
      await client?.close();
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  });
});
