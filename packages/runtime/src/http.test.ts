import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Duplex, Readable } from 'node:stream';
import { format } from 'node:util';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortError, ConnectionError, DecodeError, ParameterError, TimeoutError } from './errors.js';
import { type BodySink, HttpClient, type HttpClientOptions } from './http.js';
import { createLogger, type Logger } from './log.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;

interface TestServer {
  url: string;
  port: number;
  /** Requests received so far. */
  hits: number;
  /** TCP connections accepted so far. */
  connections: number;
  lastRequest: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string } | undefined;
}

const servers: Array<http.Server> = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: Handler, tls?: https.ServerOptions): Promise<TestServer> {
  const state: TestServer = { url: '', port: 0, hits: 0, connections: 0, lastRequest: undefined };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.hits += 1;
      state.lastRequest = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      handler(req, res, state.hits);
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  server.on(tls ? 'secureConnection' : 'connection', () => {
    state.connections += 1;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${state.port}`;
  return state;
}

function client(options: HttpClientOptions = {}): HttpClient {
  const made = new HttpClient(options);
  clients.push(made);
  return made;
}

/** A handler that never answers (the connection is closed in afterEach). */
const stall: Handler = () => {};

const text =
  (body: string, status = 200, headers: http.OutgoingHttpHeaders = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A CONNECT-tunnelling proxy (undici tunnels plain HTTP too) recording the targets asked for. */
async function tunnelProxy(): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = http.createServer();
  servers.push(server);
  server.on('connect', (req: http.IncomingMessage, downstream: Duplex, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      downstream.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(downstream).pipe(upstream);
    });
    const closeBoth = () => {
      upstream.destroy();
      downstream.destroy();
    };
    upstream.on('error', closeBoth).on('close', closeBoth);
    downstream.on('error', closeBoth).on('close', closeBoth);
    server.on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets };
}

describe('HttpClient: requests and responses', () => {
  it('sends a GET with query parameters and returns status, headers and body', async () => {
    const server = await serve(text('hello', 200, { 'x-request-id': 'r-1' }));
    const response = await client().request({
      url: `${server.url}/api?fixed=1`,
      query: { command: 'listZones', page: 2, skipped: undefined },
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('hello');
    expect(response.bytes).toEqual(Buffer.from('hello'));
    expect(response.header('X-Request-Id')).toBe('r-1');
    expect(server.lastRequest?.method).toBe('GET');
    expect(server.lastRequest?.url).toBe('/api?fixed=1&command=listZones&page=2');
  });

  it('names the request in its response by method and redacted URL, in debug lines too', async () => {
    const server = await serve(text('hello', 200));
    const lines: string[] = [];
    const logger: Logger = {
      debug: (...args) => lines.push(format(...args)),
      info() {},
      warn() {},
      error() {},
    };
    const url = `${server.url.replace('://', '://user:pass@')}/api?password=hunter2&zone=1`;
    const response = await client({ logger }).request({ url });
    const shown = `GET ${server.url}/api?password=[REDACTED]&zone=1`;
    expect(response.target).toBe(shown);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`${shown} -> 200 in `)).toBe(true);
  });

  it('sends a POST body with the caller’s headers over the client’s defaults', async () => {
    const server = await serve(text('created', 201));
    const http = client({ headers: { 'User-Agent': 'overcast-test', 'X-Default': 'a' } });
    const response = await http.request({
      method: 'post',
      url: `${server.url}/things`,
      headers: { 'Content-Type': 'application/xml', 'x-default': 'b' },
      body: '<thing/>',
    });
    expect(response.status).toBe(201);
    expect(server.lastRequest).toMatchObject({ method: 'POST', body: '<thing/>' });
    expect(server.lastRequest?.headers).toMatchObject({
      'content-type': 'application/xml',
      'user-agent': 'overcast-test',
      'x-default': 'b',
    });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ])('asks for compression and decodes a %s body', async (coding, compress) => {
    const payload = '<vms>' + '<vm id="1"/>'.repeat(2000) + '</vms>';
    const compressed = compress(Buffer.from(payload));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': coding, 'content-length': compressed.length });
      res.end(compressed);
    });
    const response = await client().request({ url: server.url });
    expect(server.lastRequest?.headers['accept-encoding']).toBe('gzip, deflate');
    expect(compressed.length).toBeLessThan(payload.length / 10);
    expect(response.body).toBe(payload);
    expect(response.header('content-encoding')).toBeUndefined();
  });

  it('fails with DecodeError on a corrupt gzip body', async () => {
    const server = await serve(text('not gzip at all', 200, { 'content-encoding': 'gzip' }));
    await expect(client().request({ url: server.url })).rejects.toThrow(DecodeError);
  });

  it('enforces the response size limit, before and after decompression', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/bomb') {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(4 * 1024 * 1024)));
      } else {
        res.end('x'.repeat(10_000));
      }
    });
    const http = client({ maxResponseSize: 64 * 1024 });
    await expect(http.request({ url: `${server.url}/plain`, maxResponseSize: 1000 })).rejects.toThrow(
      /exceeds the size limit of 1000 bytes/,
    );
    await expect(http.request({ url: `${server.url}/bomb` })).rejects.toThrow(DecodeError);
    expect((await http.request({ url: `${server.url}/plain` })).bytes.length).toBe(10_000);
  });

  it('returns a redirect as a response and never follows it', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new' });
        res.end();
      } else {
        res.end('followed');
      }
    });
    const response = await client().request({ url: `${server.url}/old` });
    expect(response.status).toBe(302);
    expect(response.header('location')).toBe('/new');
    expect(server.hits).toBe(1);
  });

  it('keeps connections alive and limits sockets per origin', async () => {
    const server = await serve(text('ok'));
    const http = client({ connections: 1 });
    for (let i = 0; i < 3; i++) await http.request({ url: server.url });
    await Promise.all([1, 2, 3, 4].map(() => http.request({ url: server.url })));
    expect(server.hits).toBe(7);
    expect(server.connections).toBe(1);
  });

  it('logs method, redacted URL, status and duration, and no header secrets', async () => {
    const server = await serve(text('ok'));
    const lines: string[] = [];
    const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    await client({ logger }).request({
      url: `${server.url}/client/api?command=listZones&apikey=KEY-123&signature=SIG-456`,
      headers: { authorization: 'Bearer TOKEN-789', cookie: 'JSESSIONID=COOKIE-000' },
    });
    const log = lines.join('\n');
    expect(log).toContain('GET');
    expect(log).toContain('/client/api?command=listZones');
    expect(log).toContain('200');
    for (const secret of ['KEY-123', 'SIG-456', 'TOKEN-789', 'COOKIE-000']) expect(log).not.toContain(secret);
  });

  it('rejects a relative URL with ParameterError', async () => {
    await expect(client().request({ url: '/relative' })).rejects.toThrow(ParameterError);
  });
});

describe('HttpClient: failures', () => {
  it('turns a refused connection into ConnectionError naming the host, with the cause kept', async () => {
    const port = await freePort();
    const error = await client()
      .request({ url: `http://127.0.0.1:${port}/x?apikey=SECRET-KEY` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('SECRET-KEY');
    expect((error as Error).cause).toBeDefined();
    expect((error as ConnectionError).stage).toBe('connect');
  });

  it('times out waiting for headers with a TimeoutError naming the limit and the URL', async () => {
    const server = await serve(stall);
    const error = await client({ headersTimeout: 200 })
      .request({ url: `${server.url}/slow?password=hunter22` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect((error as Error).message).toMatch(/headers timeout of 200 ms/);
    expect((error as Error).message).toContain('/slow');
    expect((error as Error).message).not.toContain('hunter22');
  });

  it('times out when the body stalls', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
    });
    const error = await client({ bodyTimeout: 200 })
      .request({ url: server.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/body timeout of 200 ms/);
  });

  it('applies the overall timeout to a body that trickles forever', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const error = await client({ timeout: 5000 })
      .request({ url: server.url, timeout: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(300);
    expect((error as Error).message).toMatch(/request timeout of 300 ms/);
  });

  it('ends a body that trickles below the low-speed limit with a TimeoutError naming the rule', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const error = await client({ lowSpeed: { bytes: 100, time: 300 } })
      .request({ url: server.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/low-speed limit of 100 bytes per 300 ms/);
    expect((error as Error).message).toMatch(/http\.lowSpeed/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('lets a body at or above the low-speed limit through, however long it takes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const timer = setInterval(() => {
        res.write('x'.repeat(200));
        if (++sent === 8) {
          clearInterval(timer);
          res.end();
        }
      }, 50);
    });
    const response = await client({ lowSpeed: { bytes: 100, time: 150 } }).request({ url: server.url });
    expect(response.bytes.length).toBe(1600);
  });

  it('turns the overall deadline off only when asked with timeout: 0', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      setTimeout(() => res.end('late'), 400);
    });
    const response = await client({ timeout: 100 }).request({ url: server.url, timeout: 0 });
    expect(response.body).toBe('late');
    const error = await client({ timeout: 100 })
      .request({ url: server.url, timeout: undefined })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('decodes bodies as strict UTF-8: bad bytes are a DecodeError naming the offset', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.from([0x6f, 0x6b, 0x20, 0xc3, 0xa9, 0xff, 0x21]));
    });
    const response = await client().request({ url: server.url });
    expect(() => response.body).toThrow(DecodeError);
    expect(() => response.body).toThrow(/not valid UTF-8 \(first bad byte at offset 5\)/);
    expect(() => response.body).toThrow(/GET http:\/\/127\.0\.0\.1/);
  });

  it('turns a truncated body (Content-Length mismatch) into ConnectionError', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('only ten..', () => req.socket.destroy());
    });
    const error = await client()
      .request({ url: server.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    // The server answered: it acted on the request, and the caller must not assume otherwise.
    expect((error as ConnectionError).stage).toBe('response');
    expect((error as ConnectionError).status).toBe(200);
  });

  it('turns a connection dropped before any answer into ConnectionError whose outcome is unknown', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await client()
      .request({ url: server.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).stage).toBe('sent');
  });

  it('aborts a request in flight with AbortError', async () => {
    const server = await serve(stall);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client().request({ url: server.url, signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
  });

  it('aborts while reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('first chunk');
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(client().request({ url: server.url, signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
  });

  it('does not send a request whose signal is already aborted', async () => {
    const server = await serve(text('ok'));
    await expect(client().request({ url: server.url, signal: AbortSignal.abort() })).rejects.toThrow(
      AbortError,
    );
    expect(server.hits).toBe(0);
  });

  it('fails requests once the client is closed', async () => {
    const server = await serve(text('ok'));
    const http = client();
    await http.request({ url: server.url });
    await http.close();
    await expect(http.request({ url: server.url })).rejects.toThrow(ConnectionError);
  });
});

describe('HttpClient: retries', () => {
  const fast = { minDelay: 1, maxDelay: 5 };

  it('sends a call that is not marked retryable exactly once', async () => {
    const server = await serve(text('busy', 503));
    const response = await client().request({ url: server.url });
    expect(response.status).toBe(503);
    expect(server.hits).toBe(1);
  });

  it('retries a retryable call n times on 503 and returns the last answer', async () => {
    const server = await serve(text('busy', 503));
    const response = await client().request({ url: server.url, retry: { retries: 3, ...fast } });
    expect(response.status).toBe(503);
    expect(server.hits).toBe(4);
  });

  it.each([502, 504, 429])('retries %i until the server recovers', async (status) => {
    const server = await serve((req, res, hit) =>
      hit < 3 ? text('', status)(req, res, hit) : res.end('ok'),
    );
    const response = await client().request({ url: server.url, retry: { retries: 5, ...fast } });
    expect(response.body).toBe('ok');
    expect(server.hits).toBe(3);
  });

  it('does not retry other statuses', async () => {
    const server = await serve(text('broken', 500));
    const response = await client().request({ url: server.url, retry: { retries: 3, ...fast } });
    expect(response.status).toBe(500);
    expect(server.hits).toBe(1);
  });

  it('retries dropped connections and timeouts', async () => {
    const server = await serve((req, res, hit) => {
      if (hit === 1) req.socket.destroy();
      else if (hit === 2) stall(req, res, hit);
      else res.end('ok');
    });
    const response = await client({ headersTimeout: 200 }).request({
      url: server.url,
      retry: { retries: 2, ...fast },
    });
    expect(response.body).toBe('ok');
    expect(server.hits).toBe(3);
  });

  it('accepts a bare retry count', async () => {
    const server = await serve((req, res, hit) =>
      hit === 1 ? text('', 503, { 'retry-after': '0' })(req, res, hit) : res.end('ok'),
    );
    const response = await client().request({ url: server.url, retry: 1 });
    expect(response.body).toBe('ok');
  });

  it('stops at once when aborted during a Retry-After wait', async () => {
    const server = await serve(text('slow down', 429, { 'retry-after': '30' }));
    const controller = new AbortController();
    const started = Date.now();
    const pending = client().request({
      url: server.url,
      signal: controller.signal,
      retry: { retries: 3, maxDelay: 60_000 },
    });
    await vi.waitFor(() => expect(server.hits).toBe(1), { timeout: 5000 });
    controller.abort();
    await expect(pending).rejects.toThrow(AbortError);
    await expect(pending).rejects.toThrow(/was aborted while waiting to retry/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.hits).toBe(1);
  });

  it('returns the answer when Retry-After asks for more than maxDelay', async () => {
    const server = await serve(text('slow down', 429, { 'retry-after': '120' }));
    const response = await client().request({ url: server.url, retry: { retries: 3, maxDelay: 1000 } });
    expect(response.status).toBe(429);
    expect(server.hits).toBe(1);
  });
});

describe('HttpClient: proxies', () => {
  it('goes through an explicitly configured proxy', async () => {
    const proxy = await tunnelProxy();
    const server = await serve(text('via proxy'));
    const response = await client({ proxy: { httpProxy: proxy.url, noProxy: '' } }).request({
      url: `${server.url}/x`,
    });
    expect(response.body).toBe('via proxy');
    expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('takes HTTP_PROXY from the environment and honours NO_PROXY and proxy: false', async () => {
    const proxy = await tunnelProxy();
    const server = await serve(text('ok'));
    for (const name of ['HTTP_PROXY', 'http_proxy']) vi.stubEnv(name, proxy.url);
    for (const name of ['NO_PROXY', 'no_proxy']) vi.stubEnv(name, '');
    await client().request({ url: server.url });
    await client({ proxy: false }).request({ url: server.url });
    expect(proxy.targets).toHaveLength(1);

    for (const name of ['NO_PROXY', 'no_proxy']) vi.stubEnv(name, 'localhost,127.0.0.1');
    await client().request({ url: server.url });
    expect(proxy.targets).toHaveLength(1);
    expect(server.hits).toBe(3);
  });
});

describe('HttpClient: TLS', () => {
  let dir: string;
  let certFile: string;
  let keyFile: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'overcast-tls-'));
    certFile = join(dir, 'cert.pem');
    keyFile = join(dir, 'key.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '2',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'pipe' },
      );
    } catch (cause) {
      throw new Error('the TLS tests need the openssl command line tool to make a self-signed certificate', {
        cause,
      });
    }
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a self-signed server by default with a ConnectionError about the certificate', async () => {
    const server = await serve(text('secret'), { cert, key });
    const error = await client()
      .request({ url: server.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/certificate/i);
    expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
    expect((error as Error).message).toContain('pass ca or caFile');
  });

  it('trusts the server through caFile or a ca PEM string', async () => {
    const server = await serve(text('trusted'), { cert, key });
    expect((await client({ caFile: certFile }).request({ url: server.url })).body).toBe('trusted');
    expect((await client({ ca: cert }).request({ url: server.url })).body).toBe('trusted');
  });

  it('skips verification only with an explicit insecure: true', async () => {
    const server = await serve(text('unverified'), { cert, key });
    expect((await client({ insecure: true }).request({ url: server.url })).body).toBe('unverified');
  });

  it('verifies the target behind a proxy tunnel with the same TLS settings', async () => {
    const proxy = await tunnelProxy();
    const server = await serve(text('tunnelled'), { cert, key });
    const proxied = { proxy: { httpsProxy: proxy.url, noProxy: '' } };
    await expect(client(proxied).request({ url: server.url })).rejects.toThrow(/certificate/);
    const response = await client({ ...proxied, caFile: certFile }).request({ url: server.url });
    expect(response.body).toBe('tunnelled');
    expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`, `127.0.0.1:${server.port}`]);
  });

  it('fails with ParameterError when caFile cannot be read', () => {
    expect(() => new HttpClient({ caFile: join(dir, 'missing.pem') })).toThrow(ParameterError);
  });

  it('presents a client certificate, from separate files or one combined PEM', async () => {
    const server = await serve(text('hello client'), {
      cert,
      key,
      ca: cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
    await expect(client({ ca: cert }).request({ url: server.url })).rejects.toThrow(ConnectionError);

    const separate = await client({ ca: cert, cert: certFile, key: keyFile }).request({ url: server.url });
    expect(separate.body).toBe('hello client');

    const combinedFile = join(dir, 'combined.pem');
    writeFileSync(combinedFile, cert + key);
    const combined = await client({ ca: cert, cert: combinedFile }).request({ url: server.url });
    expect(combined.body).toBe('hello client');
  });

  it('says at once which of cert and key is missing, unreadable or mismatched, never quoting them', () => {
    const otherKeyFile = join(dir, 'other.key');
    execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      otherKeyFile,
    ]);
    const cases: Array<[HttpClientOptions, RegExp]> = [
      [{ cert: certFile }, /cert holds no private key: pass the client key as key/],
      [{ cert: certFile, key: certFile }, /key holds no readable/],
      [{ cert: keyFile, key: keyFile }, /cert holds no readable PEM certificate/],
      [{ cert: certFile, key: otherKeyFile }, /does not belong to the client certificate/],
    ];
    for (const [options, message] of cases) {
      const error = (() => {
        try {
          new HttpClient(options);
        } catch (e) {
          return e as Error;
        }
        throw new Error('no error');
      })();
      expect(error).toBeInstanceOf(ParameterError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('BEGIN');
    }
  });
});

describe('HttpClient.stream', () => {
  async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }

  it('sends a body read from an AsyncIterable or a Readable, and hands the answer over as it arrives', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/octet-stream' });
      res.write('first,');
      setTimeout(() => res.end(`got ${server.lastRequest?.body}`), 20);
    });
    const http = client({ headers: { 'X-Client': 'yes' } });
    async function* parts() {
      yield new TextEncoder().encode('ab');
      yield new TextEncoder().encode('cd');
    }
    const response = await http.stream({
      method: 'put',
      url: `${server.url}/upload?name=x`,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: parts(),
    });
    expect(response.status).toBe(201);
    expect(response.target).toBe(`PUT ${server.url}/upload?name=x`);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(await collect(response.body)).toBe('first,got abcd');
    expect(server.lastRequest?.headers['x-client']).toBe('yes');
    expect(server.lastRequest?.headers['accept-encoding']).toBeUndefined();

    const again = await http.stream({ method: 'POST', url: server.url, body: Readable.from(['xy', 'z']) });
    expect(await again.readAll()).toEqual(Buffer.from('first,got xyz'));
    expect(() => again.body[Symbol.asyncIterator]()).toThrow(ParameterError);
  });

  it('keeps at most the limit with readAll, and frees the connection on discard', async () => {
    const server = await serve(text('0123456789'));
    const http = client();
    expect((await (await http.stream({ url: server.url })).readAll(4)).toString()).toBe('0123');
    await (await http.stream({ url: server.url })).discard();
    expect((await (await http.stream({ url: server.url })).readAll()).toString()).toBe('0123456789');
  });

  it('has no overall deadline unless the call gives one', async () => {
    const server = await serve((_req, res) => setTimeout(() => text('late')(_req, res, 0), 150));
    const http = client({ timeout: 50 });
    expect((await (await http.stream({ url: server.url })).readAll()).toString()).toBe('late');
    const error = await http.stream({ url: server.url, timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/did not complete: request timeout of 50 ms expired/);
  });

  it('applies the low-speed rule to the answer body and the headers timeout after the upload', async () => {
    const slow = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x');
    });
    const http = client({ lowSpeed: { bytes: 1024, time: 50 }, headersTimeout: 100 });
    const response = await http.stream({ url: slow.url });
    const tooSlow = await collect(response.body).catch((e: unknown) => e);
    expect(tooSlow).toBeInstanceOf(TimeoutError);
    expect(tooSlow).toMatchObject({ stage: 'response', status: 200, timeoutMs: 50 });
    expect((tooSlow as Error).message).toMatch(/too slow: low-speed limit of 1024 bytes per 50 ms/);

    const silent = await serve(stall);
    const noHead = await http.stream({ method: 'PUT', url: silent.url, body: 'data' }).catch((e) => e);
    expect(noHead).toBeInstanceOf(TimeoutError);
    expect((noHead as Error).message).toMatch(/no response headers for PUT .*: headers timeout of 100 ms/);
  });

  it('fails as request does: refused, aborted, the caller’s own stream error as it is', async () => {
    const http = client();
    const refused = await http.stream({ url: `http://127.0.0.1:${await freePort()}/` }).catch((e) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused).toMatchObject({ stage: 'connect' });

    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x');
    });
    const controller = new AbortController();
    const response = await http.stream({ url: server.url, signal: controller.signal });
    const reading = collect(response.body).catch((e: unknown) => e);
    controller.abort();
    expect(await reading).toBeInstanceOf(AbortError);
    await expect(http.stream({ url: server.url, signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );

    const mine = new Error('disk read failed');
    async function* broken() {
      yield new Uint8Array([1]);
      throw mine;
    }
    await expect(http.stream({ method: 'PUT', url: server.url, body: broken() })).rejects.toBe(mine);

    await http.close();
    await expect(http.stream({ url: server.url })).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('HttpClient: bodies read as they arrive (sink)', () => {
  /** A sink that keeps the sizes of the chunks it gets and answers the text they make. */
  function recordingSink(): BodySink & { chunks: number[] } {
    const parts: Buffer[] = [];
    const chunks: number[] = [];
    return {
      chunks,
      write(chunk) {
        chunks.push(chunk.length);
        parts.push(Buffer.from(chunk));
      },
      end: () => Buffer.concat(parts).toString('utf8'),
    };
  }

  /** Writes `count` pieces of `piece`, a tick apart, so they arrive as separate chunks. */
  const trickled =
    (piece: string, count: number, headers: http.OutgoingHttpHeaders = {}): Handler =>
    (_req, res) => {
      res.writeHead(200, headers);
      let sent = 0;
      const next = () => {
        if (sent++ === count) return res.end();
        res.write(piece);
        setTimeout(next, 1);
      };
      next();
    };

  it('with trace on, logs the start of a body read as it arrives, redacted, and its size', async () => {
    const server = await serve(trickled('&password=hunter2&'.padEnd(1000, 'x'), 20));
    const lines: string[] = [];
    const logger = createLogger({
      debug: true,
      sink: { debug: (line: string) => lines.push(line), info() {}, warn() {}, error() {} },
    });
    const sink = recordingSink();
    const response = await client({ logger, trace: true }).request({ url: server.url, sink: () => sink });
    expect((response.decoded as string).length).toBe(20_000);
    const traced = lines.find((line) => line.includes('response body:'));
    expect(traced).toMatch(/response body: &password=\[REDACTED\]&x+/);
    expect(traced).toMatch(/… \(20000 in all\)$/);
    expect(traced).not.toMatch(/hunter2/);
  });

  it('hands a 2xx body to the sink chunk by chunk and returns what it made, holding no bytes', async () => {
    const server = await serve(trickled('x'.repeat(1000), 20));
    const sink = recordingSink();
    const response = await client().request({ url: server.url, sink: () => sink });
    expect(response.decoded).toBe('x'.repeat(20_000));
    expect(response.bytes.length).toBe(0);
    expect(sink.chunks.length).toBeGreaterThan(1);
  });

  it('holds an error answer whole as usual, without asking for a sink', async () => {
    const server = await serve(text('<error>no</error>', 404));
    let asked = 0;
    const response = await client().request({
      url: server.url,
      sink: () => {
        asked++;
        return recordingSink();
      },
    });
    expect(asked).toBe(0);
    expect(response.status).toBe(404);
    expect(response.body).toBe('<error>no</error>');
    expect(response.decoded).toBeUndefined();
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ])('undoes a %s content encoding as the body streams', async (coding, compress) => {
    const payload = '<vms>' + '<vm id="1"/>'.repeat(20_000) + '</vms>';
    const compressed = compress(Buffer.from(payload));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': coding });
      res.end(compressed);
    });
    const response = await client().request({ url: server.url, sink: () => recordingSink() });
    expect(response.decoded).toBe(payload);
  });

  it('fails a corrupt gzip stream with DecodeError, and a reset mid-body with ConnectionError', async () => {
    const corrupt = await serve(text('not gzip at all', 200, { 'content-encoding': 'gzip' }));
    await expect(client().request({ url: corrupt.url, sink: () => recordingSink() })).rejects.toThrow(
      DecodeError,
    );
    const resetting = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': 100_000 });
      res.write(gzipSync(Buffer.alloc(1000)).subarray(0, 50));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(client().request({ url: resetting.url, sink: () => recordingSink() })).rejects.toThrow(
      ConnectionError,
    );
  });

  it('takes a larger default limit for streamed bodies, and the same option lowers it per client and per call', async () => {
    const big = 70 * 1024 * 1024;
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const piece = Buffer.alloc(1024 * 1024, 0x78);
      for (let i = 0; i < big / piece.length; i++) res.write(piece);
      res.end();
    });
    // Over the 64 MiB of a body held whole, under the default of a streamed one.
    let size = 0;
    const counting: BodySink = {
      write: (chunk) => {
        size += chunk.length;
      },
      end: () => size,
    };
    const streamed = await client().request({ url: server.url, sink: () => counting });
    expect(streamed.decoded).toBe(big);
    await expect(client().request({ url: server.url })).rejects.toThrow(/size limit of 67108864 bytes/);
    await expect(
      client({ maxResponseSize: 1024 * 1024 }).request({ url: server.url, sink: () => recordingSink() }),
    ).rejects.toThrow(/size limit of 1048576 bytes/);
    await expect(
      client().request({ url: server.url, sink: () => recordingSink(), maxResponseSize: 2048 }),
    ).rejects.toThrow(/size limit of 2048 bytes/);
  });

  it("ends the exchange with the sink's own error and keeps the client usable", async () => {
    const server = await serve(trickled('y'.repeat(1000), 50));
    const failing: BodySink = {
      write: () => {
        throw new DecodeError('the sink refused it');
      },
      end: () => undefined,
    };
    const http = client();
    await expect(http.request({ url: server.url, sink: () => failing })).rejects.toThrow(
      'the sink refused it',
    );
    const next = await http.request({ url: server.url });
    expect(next.body).toBe('y'.repeat(50_000));
  });
});
