/**
 * The error classes every Overcast package throws. Providers subclass them
 * (`CloudStackApiError extends ApiError`, `OneNoExistsError extends OneError extends ApiError`, …)
 * so that callers can catch by kind across clouds. Messages never carry secrets: callers pass
 * them through `redact()` from `./log.js` before building an error from anything user-supplied.
 */

export interface OvercastErrorOptions {
  cause?: unknown;
}

/** Base class of every error Overcast throws on purpose. */
export class OvercastError extends Error {
  override name = 'OvercastError';
  constructor(message: string, options: OvercastErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** The server could not be reached: refused, reset, DNS failure, TLS failure, dropped connection. */
export class ConnectionError extends OvercastError {
  override name = 'ConnectionError';
}

/** A connect, header, body, poll or job timeout elapsed. `timeoutMs` says which limit was hit. */
export class TimeoutError extends OvercastError {
  override name = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: OvercastErrorOptions & { timeoutMs?: number } = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
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
  /** The server's own message, verbatim. */
  serverMessage?: string;
  /** A request id the server sent back, for support tickets. */
  requestId?: string;
  /** The raw response body, kept for debugging (never contains the request's secrets). */
  body?: string;
}

/** The server answered, and the answer is an error. Always carries the server's own message. */
export class ApiError extends OvercastError {
  override name = 'ApiError';
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly serverMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly body: string | undefined;
  constructor(message: string, options: ApiErrorOptions = {}) {
    super(message, options);
    this.status = options.status;
    this.code = options.code;
    this.serverMessage = options.serverMessage;
    this.requestId = options.requestId;
    this.body = options.body;
  }
}

/** The server refused the credentials (HTTP 401/403 or the protocol's own authentication fault). */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** The object or endpoint asked for does not exist. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
