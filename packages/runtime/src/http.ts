/**
 * The HTTP client every provider package sends through: keep-alive pools, timeouts that say which
 * limit expired, TLS verified by default, proxies from the environment, gzip, redirects returned
 * rather than followed, AbortSignal on every call, and retries only for calls marked retryable.
 * Any status is a response (mapping 4xx/5xx to errors is the provider's job); only failures to
 * get a complete response throw.
 */
import type { Dispatcher } from 'undici';
import { AbortError, ConnectionError, DecodeError, ParameterError, TimeoutError } from './errors.js';
import { ACCEPTED_ENCODINGS, decodeContent, feedSink, readLimited } from './http-body.js';
import { type ProxySettings, prepareDispatcher, type TlsOptions } from './http-dispatcher.js';
import { RequestTarget, toRequestError } from './http-errors.js';
import {
  elapsed,
  type HttpStreamRequest,
  type HttpStreamResponse,
  type LowSpeedLimit,
  lowerCaseKeys,
  openStream,
} from './http-stream.js';
import { type Logger, silentLogger } from './log.js';
import {
  type Outcome,
  parseRetryAfter,
  type RetryDecision,
  type RetryPolicy,
  sleep,
  withRetry,
} from './retry.js';
import { scrubSecrets } from './secrets.js';

export type { ProxySettings, TlsOptions } from './http-dispatcher.js';
export type { HttpStreamRequest, HttpStreamResponse, LowSpeedLimit, StreamBody } from './http-stream.js';
export type { RetryPolicy } from './retry.js';

/** Client-wide settings. Durations are milliseconds. */
export interface HttpClientOptions extends TlsOptions {
  /** Most sockets kept open per origin (default: no limit). */
  connections?: number;
  /** Time to open a connection, TLS handshake included (default 10 000). */
  connectTimeout?: number;
  /** Time from sending a request to receiving the whole response head (default 60 000). */
  headersTimeout?: number;
  /** Longest silence between two chunks of a response body (default 60 000). */
  bodyTimeout?: number;
  /**
   * Overall deadline of one exchange, body included; per attempt when retrying (default 900 000:
   * a 50,000-VM pool over a slow link still finishes). `0` turns it off; leaving it out, or
   * `undefined`, means the default.
   */
  timeout?: number;
  /**
   * The low-speed rule (as curl's `CURLOPT_LOW_SPEED_LIMIT`/`_TIME`): a body arriving at fewer than
   * `bytes` bytes over any `time` ms ends the exchange with a `TimeoutError` (default 1024 bytes
   * over 30 000 ms); `false` turns it off.
   */
  lowSpeed?: LowSpeedLimit | false;
  /**
   * `true` (default): HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the environment; `false`: always
   * connect directly; an object: these proxies instead of the environment's.
   */
  proxy?: boolean | ProxySettings;
  /**
   * Largest response body accepted, after decompression. Default 64 MiB for a body held whole,
   * and 4 GiB for one read as it arrives by a streaming decoder (`HttpRequest.sink`: list and pool
   * answers), whose memory is the decoded objects, not the body.
   */
  maxResponseSize?: number;
  /** Headers sent with every request (a request's own headers win). */
  headers?: Record<string, string>;
  /** Receives one debug line per request: method, redacted URL, status, duration. */
  logger?: Logger;
  /** Also log request and response bodies at debug level (redacted, cut at 4 KiB). */
  trace?: boolean;
}

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  /** Default GET. */
  method?: string;
  url: string | URL;
  /** Appended to the URL's query string; `undefined` values are left out. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Overrides the client's `timeout` for this call; `0` turns it off. */
  timeout?: number;
  /**
   * Marks the call safe to repeat: a retry count or a full policy. Connection failures, timeouts,
   * 502, 503, 504 and 429 are retried with exponential backoff and full jitter (honouring
   * Retry-After). Without it the request is sent exactly once.
   */
  retry?: number | RetryPolicy;
  /** Overrides the client's `maxResponseSize` for this call. */
  maxResponseSize?: number;
  /**
   * Reads a 2xx body as it arrives instead of holding it whole: called once the status and headers
   * are in, it returns the sink the body's chunks (decompressed) go to, or `undefined` to have the
   * body held as usual. The response then carries `sink.end()`'s value as `decoded`, and no bytes.
   * An error the sink throws ends the exchange and is the call's error.
   */
  sink?: (head: { status: number; headers: ResponseHeaders }) => BodySink | undefined;
}

/** Receives a body chunk by chunk (`HttpRequest.sink`). */
export interface BodySink {
  write(chunk: Uint8Array): void;
  /** The body is complete: the decoded value. */
  end(): unknown;
}

export type ResponseHeaders = Readonly<Record<string, string | string[]>>;

/** A complete response, whatever its status. Header names are lower case. */
export class HttpResponse {
  #text: string | undefined;
  readonly #target: string | { toString(): string };

  constructor(
    readonly status: number,
    readonly headers: ResponseHeaders,
    /** The body, with any gzip/deflate content encoding already undone. */
    readonly bytes: Buffer,
    /** The request, or what makes its text when first shown (the client's redacts the URL then). */
    target: string | { toString(): string } = 'the response',
    /** What the request's `sink` made of the body, when one read it (then `bytes` is empty). */
    readonly decoded?: unknown,
  ) {
    this.#target = target;
  }

  /** The request, as `METHOD redacted-URL`, to name it in errors. */
  get target(): string {
    return String(this.#target);
  }

  /**
   * The body as UTF-8 text, decoded strictly.
   *
   * @throws DecodeError naming the byte offset when the body is not valid UTF-8
   */
  get body(): string {
    this.#text ??= decodeUtf8(this.bytes, `the body of ${this.target}`);
    return this.#text;
  }

  /** One header's value (repeated headers joined with ", "), or `undefined`. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

const DEFAULT_CONNECT_TIMEOUT = 10_000;
const DEFAULT_HEADERS_TIMEOUT = 60_000;
const DEFAULT_BODY_TIMEOUT = 60_000;
const DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024;
/** A 50,000-VM OpenNebula pool is about 430 MB; a body read as it arrives costs its decoded objects only. */
const DEFAULT_MAX_STREAMED_SIZE = 4 * 1024 * 1024 * 1024;
/** Fifteen minutes: a 50,000-VM OpenNebula pool (~430 MB) still lists at 1 MB/s. */
const DEFAULT_TIMEOUT = 900_000;
const DEFAULT_LOW_SPEED: LowSpeedLimit = { bytes: 1024, time: 30_000 };
/** Most body bytes a trace line shows. */
const TRACE_EXCERPT = 4096;

export class HttpClient {
  readonly #makeDispatcher: () => Promise<Dispatcher>;
  #dispatcher: Promise<Dispatcher> | undefined;
  #closed = false;
  readonly #logger: Logger;
  readonly #headers: Record<string, string>;
  /** The client's own headers, without `accept-encoding`: what a streamed request sends. */
  readonly #plainHeaders: Record<string, string>;
  readonly #connectTimeout: number;
  readonly #headersTimeout: number;
  readonly #bodyTimeout: number;
  readonly #timeout: number;
  readonly #lowSpeed: LowSpeedLimit | false;
  readonly #maxResponseSize: number | undefined;
  readonly #trace: boolean;

  /** Reads `caFile` and certificate files now; throws `ParameterError` if one cannot be read. */
  constructor(options: HttpClientOptions = {}) {
    this.#connectTimeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
    this.#headersTimeout = options.headersTimeout ?? DEFAULT_HEADERS_TIMEOUT;
    this.#bodyTimeout = options.bodyTimeout ?? DEFAULT_BODY_TIMEOUT;
    this.#timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.#lowSpeed = options.lowSpeed ?? DEFAULT_LOW_SPEED;
    this.#trace = options.trace ?? false;
    this.#maxResponseSize = options.maxResponseSize;
    this.#logger = options.logger ?? silentLogger;
    this.#plainHeaders = lowerCaseKeys(options.headers);
    this.#headers = { 'accept-encoding': ACCEPTED_ENCODINGS, ...this.#plainHeaders };
    this.#makeDispatcher = prepareDispatcher({ ...options, connectTimeout: this.#connectTimeout });
  }

  /**
   * Sends one request (or, when `retry` is given, up to 1 + retries) and reads the whole response.
   * Redirects are returned as responses, never followed.
   *
   * @throws ConnectionError when the server cannot be reached or the connection drops mid-response
   * @throws TimeoutError naming the connect, headers, body or request timeout that expired
   * @throws AbortError when `signal` aborts, including during a wait between retries
   * @throws DecodeError when the body exceeds the size limit or its content encoding is corrupt
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(request.url, request.query);
    const policy = typeof request.retry === 'number' ? { retries: request.retry } : request.retry;
    if (policy === undefined || policy.retries <= 0) return this.#send(url, request);
    const target = new RequestTarget(methodOf(request), url);
    return withRetry(() => this.#send(url, request), {
      policy,
      decide: retryDecision,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      sleep: (ms, signal) =>
        sleep(ms, signal).catch((error: unknown) => {
          throw new AbortError(`${target} was aborted while waiting to retry`, { cause: error });
        }),
      onRetry: ({ retry, delay, outcome }) => {
        const reason = outcome.ok ? `status ${outcome.value.status}` : String(outcome.error);
        this.#logger.debug(
          '%s: retry %d of %d in %d ms after %s',
          target,
          retry,
          policy.retries,
          delay,
          reason,
        );
      },
    });
  }

  /**
   * Sends one request whose body is read as it is sent (a string, bytes, a `Readable` or any
   * `AsyncIterable` of bytes) and resolves once the answer's head has arrived, handing its body over
   * as an `AsyncIterable` that is read as it arrives: for transfers too large to hold in memory.
   * It goes through the same pool, TLS and proxy settings as `request`, and fails the same ways:
   * the connect timeout, the headers timeout (counted once the request body is all sent), the
   * body timeout and the low-speed rule (in both directions) apply; the overall deadline applies
   * only when the call gives `timeout` (a transfer takes as long as its size needs). The body is
   * not decompressed (no `accept-encoding` is sent), redirects are returned, and a streamed request
   * is sent exactly once. Read the response body once, or `discard()` it to free the connection.
   *
   * @throws ConnectionError when the server cannot be reached or the connection drops
   * @throws TimeoutError naming the limit that expired (also while the body is read)
   * @throws AbortError when `signal` aborts (also while the body is read)
   * @throws the error of the caller's body stream, as it is, when reading it fails
   */
  async stream(request: HttpStreamRequest): Promise<HttpStreamResponse> {
    const url = buildUrl(request.url, undefined);
    const method = (request.method ?? 'GET').toUpperCase();
    const target = String(new RequestTarget(method, url));
    if (request.signal?.aborted) {
      throw new AbortError(`${target} was aborted before it was sent`, { cause: request.signal.reason });
    }
    if (this.#closed) {
      throw new ConnectionError(`${target} failed: the client is closed`, { stage: 'connect' });
    }
    return openStream(
      {
        dispatcher: () => {
          this.#dispatcher ??= this.#makeDispatcher();
          return this.#dispatcher;
        },
        headers: this.#plainHeaders,
        logger: this.#logger,
        lowSpeed: this.#lowSpeed,
        connectTimeout: this.#connectTimeout,
        headersTimeout: this.#headersTimeout,
        bodyTimeout: this.#bodyTimeout,
      },
      method,
      url,
      target,
      request,
    );
  }

  /** Destroys every pooled connection; requests in flight fail with `ConnectionError`. */
  async close(): Promise<void> {
    this.#closed = true;
    await (await this.#dispatcher)?.destroy();
  }

  async #send(url: URL, request: HttpRequest): Promise<HttpResponse> {
    const method = methodOf(request);
    const target = new RequestTarget(method, url);
    if (request.signal?.aborted) {
      throw new AbortError(`${target} was aborted before it was sent`, { cause: request.signal.reason });
    }
    const limitOf = (streamed: boolean) =>
      request.maxResponseSize ??
      this.#maxResponseSize ??
      (streamed ? DEFAULT_MAX_STREAMED_SIZE : DEFAULT_MAX_RESPONSE_SIZE);
    const timeout = request.timeout ?? this.#timeout;
    const attempt = new AttemptSignal(
      request.signal,
      timeout > 0 && Number.isFinite(timeout) ? timeout : undefined,
    );
    if (this.#closed) throw new ConnectionError(`${target} failed: the client is closed`);
    this.#dispatcher ??= this.#makeDispatcher();
    const dispatcher = await this.#dispatcher;
    const started = performance.now();
    if (this.#trace && request.body !== undefined) {
      this.#logger.debug('%s request body: %s', target, excerpt(request.body));
    }
    let responseStatus: number | undefined;
    try {
      const response = await dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: { ...this.#headers, ...lowerCaseKeys(request.headers) },
        body: request.body ?? null,
        signal: attempt.signal,
        headersTimeout: this.#headersTimeout,
        bodyTimeout: this.#bodyTimeout,
      });
      responseStatus = response.statusCode;
      const body =
        this.#lowSpeed === false ? response.body : attempt.watchSpeed(response.body, this.#lowSpeed);
      const headers = definedHeaders(response.headers);
      const encoding = headers['content-encoding'];
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      const sink = ok ? request.sink?.({ status: response.statusCode, headers }) : undefined;
      if (sink !== undefined) {
        const coding = typeof encoding === 'string' ? encoding : undefined;
        const head = this.#trace ? new BodyHead(sink) : undefined;
        await feedSink(body, coding, head ?? sink, limitOf(true), target);
        const decoded = sink.end();
        this.#logger.debug(
          '%s -> %d in %d ms (read as it arrived)',
          target,
          response.statusCode,
          elapsed(started),
        );
        if (head !== undefined) this.#logger.debug('%s response body: %s', target, head.excerpt());
        return new HttpResponse(response.statusCode, headers, Buffer.alloc(0), target, decoded);
      }
      const limit = limitOf(false);
      const received = await readLimited(body, limit, target);
      const bytes = await decodeContent(
        received,
        typeof encoding === 'string' ? encoding : undefined,
        limit,
        target,
      );
      if (bytes !== received) {
        // The headers now describe the decoded body.
        delete headers['content-encoding'];
        delete headers['content-length'];
      }
      this.#logger.debug('%s -> %d in %d ms', target, response.statusCode, elapsed(started));
      if (this.#trace) this.#logger.debug('%s response body: %s', target, excerpt(bytes));
      return new HttpResponse(response.statusCode, headers, bytes, target);
    } catch (error) {
      const failure = toRequestError(error, {
        method,
        url,
        aborted: request.signal?.aborted === true,
        timedOutAfter: attempt.timedOutAfter,
        tooSlow: attempt.tooSlow,
        responseStatus,
        connectTimeout: this.#connectTimeout,
        headersTimeout: this.#headersTimeout,
        bodyTimeout: this.#bodyTimeout,
      });
      this.#logger.debug('%s failed after %d ms: %s', target, elapsed(started), failure.message);
      throw failure;
    } finally {
      attempt.dispose();
    }
  }
}

/** Retry on the transient failures only; a server's Retry-After replaces the backoff. */
function retryDecision(outcome: Outcome<HttpResponse>): RetryDecision {
  if (!outcome.ok) {
    return { retry: outcome.error instanceof ConnectionError || outcome.error instanceof TimeoutError };
  }
  const response = outcome.value;
  switch (response.status) {
    case 429:
    case 503: {
      const after = parseRetryAfter(response.header('retry-after'));
      return after === undefined ? { retry: true } : { retry: true, after };
    }
    case 502:
    case 504:
      return { retry: true };
    default:
      return { retry: false };
  }
}

/** One signal for undici that fires when the caller aborts or the per-attempt timeout expires. */
class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  #speedTimer: NodeJS.Timeout | undefined;
  #timedOutAfter: number | undefined;
  #tooSlow: LowSpeedLimit | undefined;

  constructor(caller: AbortSignal | undefined, timeout: number | undefined) {
    this.#caller = caller;
    caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.#timedOutAfter = timeout;
        this.#controller.abort(new Error(`request timeout of ${timeout} ms expired`));
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The timeout (ms) if it is what fired. */
  get timedOutAfter(): number | undefined {
    return this.#timedOutAfter;
  }

  /** The low-speed limit, if it is what fired. */
  get tooSlow(): LowSpeedLimit | undefined {
    return this.#tooSlow;
  }

  /**
   * Passes `body` through, counting its bytes; when fewer than `limit.bytes` arrive in any window of
   * `limit.time` ms, the exchange is aborted (and reported as the low-speed rule's timeout).
   */
  async *watchSpeed(body: AsyncIterable<Buffer>, limit: LowSpeedLimit): AsyncIterable<Buffer> {
    let received = 0;
    this.#speedTimer = setInterval(() => {
      if (received < limit.bytes) {
        this.#tooSlow = limit;
        this.#controller.abort(new Error(`fewer than ${limit.bytes} bytes in ${limit.time} ms`));
      }
      received = 0;
    }, limit.time);
    for await (const chunk of body) {
      received += chunk.length;
      yield chunk;
    }
    clearInterval(this.#speedTimer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#speedTimer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }

  readonly #onCallerAbort = () => {
    this.#controller.abort(this.#caller?.reason);
  };
}

function buildUrl(base: string | URL, query: Record<string, QueryValue> | undefined): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch (cause) {
    throw new ParameterError(`not an absolute URL: ${describeInvalid(base)}`, { cause });
  }
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(name, String(value));
  }
  return url;
}

function describeInvalid(base: string | URL): string {
  return String(base).split('?')[0] ?? '';
}

function methodOf(request: HttpRequest): string {
  return (request.method ?? 'GET').toUpperCase();
}

function definedHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/**
 * The start of a body for a trace line, redacted before it is cut so no secret is left in halves;
 * `total` is the size of the whole when `body` is only its start.
 */
function excerpt(body: string | Uint8Array, total = body.length): string {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const clean = scrubSecrets(text);
  return clean.length > TRACE_EXCERPT || total > body.length
    ? `${clean.slice(0, TRACE_EXCERPT)}… (${total} in all)`
    : clean;
}

/** A sink's chunks passed on, the first of them kept for a trace line (a body read as it arrives is not held). */
class BodyHead implements Pick<BodySink, 'write'> {
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  #total = 0;

  constructor(private readonly sink: BodySink) {}

  write(chunk: Uint8Array): void {
    this.#total += chunk.byteLength;
    // Four bytes a character at most, and a secret that straddles the cut still redacted whole.
    if (this.#keptBytes < 2 * 4 * TRACE_EXCERPT) {
      this.#kept.push(Buffer.from(chunk));
      this.#keptBytes += chunk.byteLength;
    }
    this.sink.write(chunk);
  }

  excerpt(): string {
    return excerpt(Buffer.concat(this.#kept), this.#total);
  }
}

/**
 * Strict UTF-8: a body that is not valid UTF-8 is a `DecodeError` naming the offset of the first bad
 * byte, never text with U+FFFD in place of what the server sent.
 */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch (cause) {
    throw new DecodeError(`${where} is not valid UTF-8 (first bad byte at offset ${badUtf8Offset(bytes)})`, {
      cause,
    });
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function badUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0) return i;
    if (length > 1) {
      const end = i + length;
      if (end > bytes.length) return i;
      try {
        STRICT_UTF8.decode(bytes.subarray(i, end));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return bytes.length;
}
