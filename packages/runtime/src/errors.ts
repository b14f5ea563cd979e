/**
 * The error classes every Overcast package throws, by kind, whatever the cloud. A server's answer is
 * an `ApiError` or one of its kinds (`AuthError`, `PermissionError`, `NotFoundError`,
 * `ConflictError`, `RateLimitError`, `BadRequestError`); a failure on our side of the wire is a
 * `ParameterError`, `ConnectionError`, `TimeoutError`, `AbortError` or `DecodeError`.
 *
 * Providers subclass the kinds and mark their classes with a family brand (`defineErrorFamily`), so
 * that `OneNoExistsError` is a `NotFoundError` and still a `OneError`.
 *
 * Every error is built redacted: its message, the server's text and the kept body pass through
 * `scrubSecrets`, and so does the message of any foreign error kept as its `cause`.
 */
import { scrubSecrets } from './secrets.js';

export interface OvercastErrorOptions {
  cause?: unknown;
}

/** Base class of every error Overcast throws on purpose. */
export class OvercastError extends Error {
  override name = 'OvercastError';
  constructor(message: string, options: OvercastErrorOptions = {}) {
    const cause = options.cause === undefined ? undefined : scrubCause(options.cause);
    super(scrubSecrets(message), cause === undefined ? undefined : { cause });
  }
}

/**
 * How far an exchange got before it failed, which says whether the server may have acted on it:
 * `connect` — nothing reached the server (safe to send again); `sent` — the request may have reached
 * it (the outcome is unknown); `response` — the server answered (it acted), and the answer was cut
 * or lost.
 */
export type ExchangeStage = 'connect' | 'sent' | 'response';

export interface TransportErrorOptions extends OvercastErrorOptions {
  /** How far the exchange got; see `ExchangeStage`. */
  stage?: ExchangeStage;
  /**
   * The status of the answer that was cut, when its head had arrived (stage `response`). A refusal
   * (401, 429, 503) says the server did not act on the request.
   */
  status?: number;
}

/** The server could not be reached: refused, reset, DNS failure, TLS failure, dropped connection. */
export class ConnectionError extends OvercastError {
  override name = 'ConnectionError';
  /** How far the exchange got, when the error comes from one. */
  readonly stage: ExchangeStage | undefined;
  /** The status of the answer that was cut, when its head had arrived. */
  readonly status: number | undefined;
  constructor(message: string, options: TransportErrorOptions = {}) {
    super(message, options);
    this.stage = options.stage;
    this.status = options.status;
  }
}

/**
 * A limit on time elapsed: connect, headers, body silence, the low-speed rule, the overall deadline,
 * or a poll or job timeout. `timeoutMs` is the limit that was hit.
 */
export class TimeoutError extends OvercastError {
  override name = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  /** How far the exchange got, when the error comes from one. */
  readonly stage: ExchangeStage | undefined;
  /** The status of the answer that was cut, when its head had arrived. */
  readonly status: number | undefined;
  constructor(message: string, options: TransportErrorOptions & { timeoutMs?: number } = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
    this.stage = options.stage;
    this.status = options.status;
  }
}

/** The caller aborted the operation through its AbortSignal. */
export class AbortError extends OvercastError {
  override name = 'AbortError';
}

/** A response (or a schema, or any input document) could not be decoded. */
export class DecodeError extends OvercastError {
  override name = 'DecodeError';
}

/** A caller passed a parameter the API cannot accept (checked before anything is sent). */
export class ParameterError extends OvercastError {
  override name = 'ParameterError';
}

export interface ApiErrorOptions extends OvercastErrorOptions {
  /** HTTP status, when the failure came over HTTP. */
  status?: number;
  /** The server's own error code (CloudStack `errorcode`, OpenNebula fault code, oVirt fault reason…). */
  code?: string | number;
  /** The server's own message, verbatim but for secrets. */
  serverMessage?: string;
  /** A request id the server sent back, for support tickets. */
  requestId?: string;
  /** The raw response body, kept for debugging; secrets are replaced. */
  body?: string;
  /** The HTTP method of the failed request. */
  method?: string;
  /** The request's URL, without user info, secret query values or signatures. */
  url?: string;
}

/** The server answered, and the answer is an error. Always carries the server's own message. */
export class ApiError extends OvercastError {
  override name = 'ApiError';
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly serverMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly body: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.code = typeof options.code === 'string' ? scrubSecrets(options.code) : options.code;
    this.serverMessage = scrubOptional(options.serverMessage);
    this.requestId = options.requestId;
    this.body = scrubOptional(options.body);
    this.method = options.method;
    this.url = scrubOptional(options.url);
  }
}

/** The server refused the credentials (HTTP 401, or the protocol's own authentication fault). */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** The credentials are good but not allowed to do this (HTTP 403, or the protocol's own fault). */
export class PermissionError extends ApiError {
  override name = 'PermissionError';
}

/** The object or endpoint asked for does not exist. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** The request conflicts with the object's state: in use, locked, already exists, wrong status. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** The server refused to serve more requests now (HTTP 429 or a throttling code). */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}

/** The server refused the request as malformed or invalid (HTTP 400, or a parameter fault). */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}

function scrubOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : scrubSecrets(text);
}

/**
 * Redacts a foreign error kept as a cause (a JSON parser's message quotes the text it choked on; a
 * socket error may name a URL), down its own cause chain. Our own errors are redacted already.
 */
function scrubCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error) || cause instanceof OvercastError || depth > 8) return cause;
  try {
    cause.message = scrubSecrets(cause.message);
    if (typeof cause.stack === 'string') cause.stack = scrubSecrets(cause.stack);
    if (cause.cause !== undefined) scrubCause(cause.cause, depth + 1);
  } catch {
    // A frozen foreign error: replace it with a redacted copy.
    return new Error(scrubSecrets(cause.message));
  }
  return cause;
}

/**
 * For a call that needed another exchange first (a sign-in, a token, a catalog) and failed there:
 * a transport failure of that exchange becomes the call's own error with stage `connect`, since the
 * call's request was never sent, keeping the first failure as its cause. Anything else (an
 * `AuthError` for a refused password) is returned as it is.
 */
export function failedBeforeSending(error: unknown, call: string): unknown {
  if (error instanceof TimeoutError) {
    return new TimeoutError(`${call} was not sent: ${error.message}`, {
      cause: error,
      stage: 'connect',
      ...(error.timeoutMs === undefined ? {} : { timeoutMs: error.timeoutMs }),
    });
  }
  if (error instanceof ConnectionError) {
    return new ConnectionError(`${call} was not sent: ${error.message}`, { cause: error, stage: 'connect' });
  }
  return error;
}
