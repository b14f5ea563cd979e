/**
 * Streamed exchanges, for image data: a request body read from a stream as it is sent and a
 * response body handed to the caller as it arrives, so that a many-gigabyte image is never held in
 * memory. The runtime's `HttpClient` reads every answer whole (within a size limit), which is right
 * for API calls and wrong for images; this module is the streaming counterpart, built on the same
 * undici, the same TLS and proxy options, and the same failure kinds:
 *
 * - while the body is sent, and while the answer's body arrives, the low-speed rule (`http.lowSpeed`,
 *   1 KiB over 30 s by default) ends a stalled exchange with a `TimeoutError`; between the two, the
 *   headers timeout (`http.headersTimeout`, 60 s) does;
 * - there is no overall deadline unless the call gives one (`timeout`): an image takes as long as
 *   its size needs;
 * - a failure is a `ConnectionError` (with the stage it reached), a `TimeoutError` or an
 *   `AbortError`, as the runtime's; an error of the caller's own stream is passed on as it is;
 * - redirects are returned, never followed; bodies are not decompressed (no `accept-encoding`).
 *
 * A candidate for the runtime (`HttpClient.stream`) once a second provider needs it.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  AbortError,
  ConnectionError,
  type ExchangeStage,
  OvercastError,
  ParameterError,
  TimeoutError,
} from '@overcast/runtime/errors';
import type { HttpClientOptions, LowSpeedLimit } from '@overcast/runtime/http';
import { type Logger, redact, silentLogger } from '@overcast/runtime/log';
import type { Dispatcher } from 'undici';
import type { BinaryBody } from './operation-types.js';

export interface TransferRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: BinaryBody | undefined;
  signal?: AbortSignal | undefined;
  /** Overall deadline (ms); none unless given. */
  timeout?: number | undefined;
}

export interface TransferResponse {
  status: number;
  headers: Readonly<Record<string, string | string[]>>;
  /** `METHOD redacted-url`. */
  target: string;
  /** The body as it arrives; read it once, or `discard()` it. */
  body: AsyncIterable<Uint8Array>;
  /** The whole body, for an error answer (at most `limit` bytes are kept). */
  readAll(limit?: number): Promise<Buffer>;
  /** Drops the body and releases the connection. */
  discard(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT = 10_000;
const DEFAULT_HEADERS_TIMEOUT = 60_000;
const DEFAULT_LOW_SPEED: LowSpeedLimit = { bytes: 1024, time: 30_000 };

/** The URL as safe to show: no user info, secret-named query values replaced. */
export function describeUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return redact(shown.href);
}

function pem(value: string, option: string): string {
  if (value.includes('-----BEGIN ')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (cause) {
    throw new ParameterError(`cannot read ${option} file ${value}`, { cause });
  }
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** One streamed exchange's state: which limit fired, how far it got. */
class Exchange {
  readonly controller = new AbortController();
  readonly target: string;
  #caller: AbortSignal | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #watch: NodeJS.Timeout | undefined;
  #moved = 0;
  timedOutAfter: number | undefined;
  tooSlow: LowSpeedLimit | undefined;
  headersTimedOut: number | undefined;
  responseStatus: number | undefined;
  sourceError: unknown;
  #sourceFailed = false;

  constructor(
    target: string,
    caller: AbortSignal | undefined,
    timeout: number | undefined,
    readonly lowSpeed: LowSpeedLimit | false,
    readonly headersTimeout: number,
  ) {
    this.target = target;
    this.#caller = caller;
    caller?.addEventListener('abort', this.#onAbort, { once: true });
    if (timeout !== undefined && timeout > 0 && Number.isFinite(timeout)) {
      this.#deadline = setTimeout(() => {
        this.timedOutAfter = timeout;
        this.controller.abort(new Error(`request timeout of ${timeout} ms expired`));
      }, timeout);
    }
  }

  readonly #onAbort = () => this.controller.abort(this.#caller?.reason);

  /** The low-speed rule over bytes moved in either direction, from now on. */
  watchSpeed(): void {
    this.#stopWatch();
    if (this.lowSpeed === false) return;
    const limit = this.lowSpeed;
    this.#moved = 0;
    this.#watch = setInterval(() => {
      if (this.#moved < limit.bytes) {
        this.tooSlow = limit;
        this.controller.abort(new Error(`fewer than ${limit.bytes} bytes in ${limit.time} ms`));
      }
      this.#moved = 0;
    }, limit.time);
  }

  /** The headers timeout, from now on (the request body has been sent). */
  watchHeaders(): void {
    this.#stopWatch();
    if (this.headersTimeout <= 0) return;
    const limit = this.headersTimeout;
    this.#watch = setTimeout(() => {
      this.headersTimedOut = limit;
      this.controller.abort(new Error(`no response headers in ${limit} ms`));
    }, limit);
  }

  moved(bytes: number): void {
    this.#moved += bytes;
  }

  /** The answer's head has arrived: no limit runs until its body is read. */
  headArrived(status: number): void {
    this.responseStatus = status;
    this.#stopWatch();
  }

  #stopWatch(): void {
    clearInterval(this.#watch);
    clearTimeout(this.#watch);
    this.#watch = undefined;
  }

  /** The caller's body, counted, with the head's timer started once it is all sent. */
  async *source(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    this.watchSpeed();
    try {
      for await (const chunk of body) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.moved(bytes.length);
        yield bytes;
      }
    } catch (error) {
      this.sourceError = error;
      this.#sourceFailed = true;
      throw error;
    }
    this.watchHeaders();
  }

  /** The answer's body, counted and watched; failures become our kinds. */
  async *sink(body: AsyncIterable<Buffer>, onDone: () => void): AsyncIterable<Uint8Array> {
    this.watchSpeed();
    try {
      for await (const chunk of body) {
        this.moved(chunk.length);
        yield chunk;
      }
    } catch (error) {
      throw this.failure(error);
    } finally {
      this.dispose();
      onDone();
    }
  }

  failure(error: unknown): unknown {
    if (this.#sourceFailed) return this.sourceError;
    if (error instanceof OvercastError) return error;
    const code = (error as { code?: unknown } | undefined)?.code;
    const stage: ExchangeStage =
      this.responseStatus !== undefined
        ? 'response'
        : typeof code === 'string' && CONNECT_FAILURES.has(code)
          ? 'connect'
          : 'sent';
    const facts = {
      cause: error,
      stage,
      ...(this.responseStatus === undefined ? {} : { status: this.responseStatus }),
    };
    if (this.#caller?.aborted) return new AbortError(`${this.target} was aborted`, { cause: error });
    if (this.tooSlow !== undefined) {
      const { bytes, time } = this.tooSlow;
      return new TimeoutError(
        `${this.target} was too slow: low-speed limit of ${bytes} bytes per ${time} ms not met (option http.lowSpeed)`,
        { timeoutMs: time, ...facts },
      );
    }
    if (this.headersTimedOut !== undefined) {
      return new TimeoutError(
        `no response headers for ${this.target}: headers timeout of ${this.headersTimedOut} ms expired`,
        { timeoutMs: this.headersTimedOut, ...facts },
      );
    }
    if (this.timedOutAfter !== undefined) {
      return new TimeoutError(
        `${this.target} did not complete: request timeout of ${this.timedOutAfter} ms expired`,
        { timeoutMs: this.timedOutAfter, ...facts },
      );
    }
    const reason = redact(error instanceof Error ? error.message : String(error));
    return new ConnectionError(
      `connection for ${this.target} failed: ${reason}${typeof code === 'string' ? ` (${code})` : ''}`,
      facts,
    );
  }

  dispose(): void {
    this.#stopWatch();
    clearTimeout(this.#deadline);
    this.#caller?.removeEventListener('abort', this.#onAbort);
  }
}

/** Streamed exchanges with one client's TLS, proxy and timeouts (see the module comment). */
export class Transfers {
  readonly #options: HttpClientOptions;
  readonly #logger: Logger;
  #dispatcher: Promise<Dispatcher> | undefined;
  #closed = false;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  #makeDispatcher(): Promise<Dispatcher> {
    const options = this.#options;
    const ca = options.ca ?? (options.caFile === undefined ? undefined : pem(options.caFile, 'caFile'));
    const cert = options.cert === undefined ? undefined : pem(options.cert, 'cert');
    const key = options.key === undefined ? cert : pem(options.key, 'key');
    const tls = {
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert, key }),
      rejectUnauthorized: options.insecure !== true,
      timeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT,
    };
    const pool = { connections: options.connections ?? null, connect: tls };
    return import('undici').then(({ Agent, EnvHttpProxyAgent }) => {
      if (options.proxy === false) return new Agent(pool);
      const overrides = typeof options.proxy === 'object' ? options.proxy : {};
      return new EnvHttpProxyAgent({ ...pool, requestTls: tls, ...overrides });
    });
  }

  /**
   * Sends the request (streaming its body) and resolves once the answer's head has arrived; its
   * body is then read from `body`.
   */
  async open(request: TransferRequest): Promise<TransferResponse> {
    const { method, url } = request;
    const target = `${method} ${describeUrl(url)}`;
    if (request.signal?.aborted) {
      throw new AbortError(`${target} was aborted before it was sent`, { cause: request.signal.reason });
    }
    if (this.#closed)
      throw new ConnectionError(`${target} failed: the client is closed`, { stage: 'connect' });
    const exchange = new Exchange(
      target,
      request.signal,
      request.timeout,
      this.#options.lowSpeed ?? DEFAULT_LOW_SPEED,
      this.#options.headersTimeout ?? DEFAULT_HEADERS_TIMEOUT,
    );
    let body: string | Uint8Array | Readable | null = null;
    const given = request.body;
    if (given === undefined) {
      exchange.watchHeaders();
    } else if (typeof given === 'string' || given instanceof Uint8Array) {
      body = given;
      exchange.watchHeaders();
    } else {
      body = Readable.from(exchange.source(given), { objectMode: false });
    }
    const started = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      this.#dispatcher ??= this.#makeDispatcher();
      const dispatcher = await this.#dispatcher;
      response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: method as Dispatcher.HttpMethod,
        headers: { ...lowerCaseKeys(this.#options.headers), ...lowerCaseKeys(request.headers) },
        body,
        signal: exchange.controller.signal,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (error) {
      exchange.dispose();
      const failure = exchange.failure(error);
      this.#logger.debug('%s failed after %d ms: %s', target, elapsed(started), String(failure));
      throw failure;
    }
    exchange.headArrived(response.statusCode);
    this.#logger.debug('%s -> %d (head) in %d ms', target, response.statusCode, elapsed(started));
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers))
      if (value !== undefined) headers[name] = value;
    let consumed = false;
    const raw = response.body;
    // A body dropped early (discard, or a loop left) is destroyed; its 'error' then is expected.
    raw.on('error', () => {});
    const done = () => this.#logger.debug('%s body done in %d ms', target, elapsed(started));
    const stream = exchange.sink(raw, done);
    return {
      status: response.statusCode,
      headers,
      target,
      body: {
        [Symbol.asyncIterator]: () => {
          if (consumed) throw new ParameterError(`the body of ${target} can be read only once`);
          consumed = true;
          return stream[Symbol.asyncIterator]();
        },
      },
      readAll: async (limit = 1024 * 1024) => {
        const chunks: Buffer[] = [];
        let size = 0;
        consumed = true;
        for await (const chunk of stream) {
          if (size < limit) chunks.push(Buffer.from(chunk).subarray(0, limit - size));
          size += chunk.length;
        }
        return Buffer.concat(chunks);
      },
      discard: async () => {
        if (consumed) return;
        consumed = true;
        exchange.dispose();
        raw.destroy();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    if (dispatcher !== undefined) await (await dispatcher).destroy();
  }
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
