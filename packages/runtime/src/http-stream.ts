/**
 * Streamed exchanges, behind `HttpClient.stream`: a request body read from a stream as it is sent
 * and a response body handed to the caller as it arrives, so that a many-gigabyte image is never
 * held in memory. Same dispatcher (pool, TLS, proxies), same limits, same error kinds as
 * `HttpClient.request`:
 *
 * - while the body is sent, and while the answer's body arrives, the low-speed rule (`lowSpeed`)
 *   ends a stalled exchange with a `TimeoutError`; between the two, the headers timeout
 *   (`headersTimeout`) does — counted from the end of the upload, not from its start;
 * - there is no overall deadline unless the call gives one (`timeout`): a transfer takes as long as
 *   its size needs;
 * - a failure is mapped as `request`'s are (`ConnectionError` with its stage, `TimeoutError`
 *   naming the limit, `AbortError`); an error of the caller's own body stream is passed on as it is;
 * - redirects are returned, never followed; bodies are not decompressed (no `accept-encoding`).
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ParameterError } from './errors.js';
import { type FailureContext, toRequestError } from './http-errors.js';
import type { Logger } from './log.js';

/** Fewer than `bytes` body bytes over `time` milliseconds fails the exchange. */
export interface LowSpeedLimit {
  bytes: number;
  time: number;
}

/** A request body that is read as it is sent. */
export type StreamBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface HttpStreamRequest {
  /** Default GET. */
  method?: string;
  url: string | URL;
  headers?: Record<string, string>;
  /** Sent as it is read; a stream cannot be re-sent, so a streamed request is never retried. */
  body?: StreamBody;
  signal?: AbortSignal;
  /** Overall deadline (ms) of the exchange, body included; none unless given (`0`: none). */
  timeout?: number;
}

/** A response whose body has not been read yet. Header names are lower case. */
export interface HttpStreamResponse {
  status: number;
  headers: Readonly<Record<string, string | string[]>>;
  /** The request, as `METHOD redacted-URL`, to name it in errors. */
  target: string;
  /** The body as it arrives; read it once (or `readAll` it, or `discard()` it). */
  body: AsyncIterable<Uint8Array>;
  /** The whole body, for an error answer: at most `limit` bytes are kept (default 1 MiB). */
  readAll(limit?: number): Promise<Buffer>;
  /** Drops the body and releases the connection. */
  discard(): Promise<void>;
}

/** What the client gives one streamed exchange. */
export interface StreamSettings {
  dispatcher: () => Promise<Dispatcher>;
  headers: Record<string, string>;
  logger: Logger;
  lowSpeed: LowSpeedLimit | false;
  connectTimeout: number;
  headersTimeout: number;
  bodyTimeout: number;
}

/** One streamed exchange's state: which limit fired, how far it got. */
class Exchange {
  readonly controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #deadline: NodeJS.Timeout | undefined;
  #watch: NodeJS.Timeout | undefined;
  #moved = 0;
  timedOutAfter: number | undefined;
  tooSlow: LowSpeedLimit | undefined;
  headersTimedOut: number | undefined;
  responseStatus: number | undefined;
  #sourceFailed = false;
  #sourceError: unknown;

  constructor(
    readonly method: string,
    readonly url: URL,
    caller: AbortSignal | undefined,
    timeout: number | undefined,
    readonly settings: StreamSettings,
  ) {
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
    const limit = this.settings.lowSpeed;
    if (limit === false) return;
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
    const limit = this.settings.headersTimeout;
    if (limit <= 0) return;
    this.#watch = setTimeout(() => {
      this.headersTimedOut = limit;
      this.controller.abort(new Error(`no response headers in ${limit} ms`));
    }, limit);
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
  async *source(body: AsyncIterable<Uint8Array | string>): AsyncIterable<Uint8Array> {
    this.watchSpeed();
    try {
      for await (const chunk of body) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.#moved += bytes.length;
        yield bytes;
      }
    } catch (error) {
      this.#sourceError = error;
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
        this.#moved += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw this.failure(error);
    } finally {
      this.dispose();
      onDone();
    }
  }

  /** The error to throw for what undici (or the caller's body) threw. */
  failure(error: unknown): unknown {
    if (this.#sourceFailed) return this.#sourceError;
    const { connectTimeout, headersTimeout, bodyTimeout } = this.settings;
    const context: FailureContext = {
      method: this.method,
      url: this.url,
      aborted: this.#caller?.aborted === true,
      timedOutAfter: this.timedOutAfter,
      responseStatus: this.responseStatus,
      tooSlow: this.tooSlow,
      headersTimedOut: this.headersTimedOut,
      connectTimeout,
      headersTimeout,
      bodyTimeout,
    };
    return toRequestError(error, context);
  }

  dispose(): void {
    this.#stopWatch();
    clearTimeout(this.#deadline);
    this.#caller?.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * Sends the request (streaming its body) and resolves once the answer's head has arrived; its body
 * is then read from `body`. `target` is the request as `METHOD redacted-URL`.
 */
export async function openStream(
  settings: StreamSettings,
  method: string,
  url: URL,
  target: string,
  request: HttpStreamRequest,
): Promise<HttpStreamResponse> {
  const { logger } = settings;
  const exchange = new Exchange(method, url, request.signal, request.timeout, settings);
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
    const dispatcher = await settings.dispatcher();
    response = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: method as Dispatcher.HttpMethod,
      headers: { ...settings.headers, ...lowerCaseKeys(request.headers) },
      body,
      signal: exchange.controller.signal,
      // The headers timeout is kept by the exchange, from the end of the upload.
      headersTimeout: 0,
      bodyTimeout: settings.bodyTimeout,
    });
  } catch (error) {
    exchange.dispose();
    const failure = exchange.failure(error);
    logger.debug('%s failed after %d ms: %s', target, elapsed(started), String(failure));
    throw failure;
  }
  exchange.headArrived(response.statusCode);
  logger.debug('%s -> %d (head) in %d ms', target, response.statusCode, elapsed(started));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) headers[name] = value;
  let consumed = false;
  const raw = response.body;
  // A body dropped early (discard, or a loop left) is destroyed; its 'error' then is expected.
  raw.on('error', () => {});
  const done = () => logger.debug('%s body done in %d ms', target, elapsed(started));
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

export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

export function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
