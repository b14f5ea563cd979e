/**
 * Turns whatever undici, node:net or node:tls threw into one of our error kinds, with a message
 * naming the host (or the redacted URL) and the original error kept as `cause`.
 */
import {
  AbortError,
  ConnectionError,
  type ExchangeStage,
  OvercastError,
  ParameterError,
  TimeoutError,
} from './errors.js';
import { redact } from './log.js';

/** What was going on when a request failed, to name it in the error. */
export interface FailureContext {
  method: string;
  url: URL;
  /** The caller aborted. */
  aborted: boolean;
  /** The overall per-request timeout (ms) expired, if it did. */
  timedOutAfter: number | undefined;
  /** The status of the response whose head had arrived when the exchange failed, if one had. */
  responseStatus: number | undefined;
  /** The low-speed rule fired, if it did. */
  tooSlow?: { bytes: number; time: number } | undefined;
  /** A headers timeout kept by the caller rather than undici (ms), if it is what fired. */
  headersTimedOut?: number | undefined;
  connectTimeout: number;
  headersTimeout: number;
  bodyTimeout: number;
}

/** The URL as safe to show: no user info, secret-named query values replaced. */
function describeUrl(url: URL): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return redact(shown.href);
}

/**
 * A request as `METHOD redacted-URL`, to name it in errors and logs. Redacted when first shown,
 * which most requests never are: redacting is a regular-expression pass per secret form, and the
 * first one in a process compiles them.
 */
export class RequestTarget {
  #shown: string | undefined;

  constructor(
    private readonly method: string,
    private readonly url: URL,
  ) {}

  toString(): string {
    this.#shown ??= `${this.method} ${describeUrl(this.url)}`;
    return this.#shown;
  }
}

/** Maps a failure of one HTTP exchange to an Overcast error. Our own errors pass through. */
export function toRequestError(error: unknown, context: FailureContext): OvercastError {
  if (error instanceof OvercastError) return error;
  const target = new RequestTarget(context.method, context.url);
  if (context.aborted) return new AbortError(`${target} was aborted`, { cause: error });
  const code = errorCode(error);
  const stage = stageOf(code, context.responseStatus !== undefined, error);
  const status = context.responseStatus;
  const facts = { cause: error, stage, ...(status === undefined ? {} : { status }) };
  if (context.tooSlow !== undefined) {
    const { bytes, time } = context.tooSlow;
    return new TimeoutError(
      `${target} was too slow: low-speed limit of ${bytes} bytes per ${time} ms not met (option http.lowSpeed)`,
      { timeoutMs: time, ...facts },
    );
  }
  const timeout = (limit: string, timeoutMs: number, what: string) =>
    new TimeoutError(`${what}: ${limit} of ${timeoutMs} ms expired`, { timeoutMs, ...facts });
  if (context.headersTimedOut !== undefined) {
    return timeout('headers timeout', context.headersTimedOut, `no response headers for ${target}`);
  }
  if (context.timedOutAfter !== undefined) {
    return timeout('request timeout', context.timedOutAfter, `${target} did not complete`);
  }
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return timeout('connect timeout', context.connectTimeout, `cannot connect for ${target}`);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return timeout('headers timeout', context.headersTimeout, `no response headers for ${target}`);
    case 'UND_ERR_BODY_TIMEOUT':
      return timeout('body timeout', context.bodyTimeout, `response body stalled for ${target}`);
    case 'UND_ERR_INVALID_ARG':
      return new ParameterError(`invalid request ${target}: ${messageOf(error)}`, { cause: error });
  }
  const reason = `${messageOf(error)}${code === undefined ? '' : ` (${code})`}`;
  const host = context.url.host;
  if (isTlsFailure(error, code)) {
    const hint =
      code !== undefined && UNTRUSTED_CERTIFICATE.has(code)
        ? '; to trust a private CA pass ca or caFile'
        : '';
    return new ConnectionError(`TLS connection to ${host} failed: ${reason}${hint}`, facts);
  }
  return new ConnectionError(`connection to ${host} failed: ${reason}`, facts);
}

/** Failures that happen before a request can reach the server. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function stageOf(code: string | undefined, responseStarted: boolean, error: unknown): ExchangeStage {
  if (responseStarted) return 'response';
  if (code !== undefined && CONNECT_FAILURES.has(code)) return 'connect';
  return isTlsFailure(error, code) ? 'connect' : 'sent';
}

/** Verification failures that a private CA given through `ca`/`caFile` would cure. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/** Certificate problems carry OpenSSL's codes (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…). */
function isTlsFailure(error: unknown, code: string | undefined): boolean {
  if (code !== undefined && /CERT|SSL|TLS/.test(code)) return true;
  return error instanceof Error && /certificate/i.test(error.message);
}
