/**
 * The one set of options every Overcast client accepts, and the one set of call options every call
 * accepts as its trailing argument (never mixed into the API's parameters). A provider's own options
 * extend these; `resolveClientOptions` turns them into the runtime's HTTP settings, a redacting
 * logger and a retry policy, the same way for every cloud.
 */
import { Console } from 'node:console';
import { ParameterError } from './errors.js';
import type { HttpClientOptions, LowSpeedLimit, QueryValue } from './http.js';
import type { ProxySettings, TlsOptions } from './http-dispatcher.js';
import { createLogger, type Logger } from './log.js';
import type { RetryPolicy } from './retry.js';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './xml-scan.js';

/** Retries after the first attempt, or a full policy; reads only. Default 0. */
export type RetryOption = number | RetryPolicy;

/** Transport options of one call: always a separate trailing argument. Durations are milliseconds. */
export interface CallOptions {
  /** Overall deadline of this call's HTTP exchange (per attempt when retrying); 0: no limit. */
  timeout?: number;
  /** Aborts the call (and any wait between retries) with `AbortError`. */
  signal?: AbortSignal;
  /** Extra headers for this call, over the client's. */
  headers?: Record<string, string>;
  /** Extra query parameters for this call (ovirtsdk4's `query`); the API's own parameters win. */
  query?: Record<string, QueryValue>;
  /** Retries for this call, when it is a read; writes are never retried. */
  retry?: RetryOption;
}

/** The names of `CallOptions`: no API parameter may take one (the generators check). */
export const CALL_OPTION_NAMES: readonly (keyof CallOptions)[] = [
  'timeout',
  'signal',
  'headers',
  'query',
  'retry',
];

/** Finer HTTP settings, for the few who need them. */
export type HttpTuning = Pick<
  HttpClientOptions,
  'connections' | 'connectTimeout' | 'headersTimeout' | 'bodyTimeout' | 'lowSpeed' | 'maxResponseSize'
>;

/** What every client accepts. Durations are milliseconds. */
export interface ClientOptions {
  /** Overall deadline of each HTTP exchange (default: the provider's, documented there); 0: none. */
  timeout?: number;
  /** Retries for reads (`list`, `info`, `get`, `Describe*`…) after the first attempt; default 0. */
  retry?: RetryOption;
  /** CA, client certificate and key, or an explicit `insecure: true`; verification is on by default. */
  tls?: TlsOptions;
  /** `true` (default): HTTP(S)_PROXY/NO_PROXY from the environment; `false`: none; or these proxies. */
  proxy?: boolean | ProxySettings;
  /** Console-compatible; default: a console writing to stderr. Every line is redacted. */
  logger?: Logger;
  /** `true`: a debug line per request (method, redacted URL, status, time); `'trace'`: bodies too. */
  debug?: boolean | 'trace';
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Finer HTTP settings: connection count, connect/headers/body timeouts, low-speed rule, size limit. */
  http?: HttpTuning;
  /**
   * Limits of the XML answers read as they arrive (depth, children of one element, elements,
   * text and token length; defaults in `DEFAULT_XML_LIMITS`): a safety net against a broken or
   * hostile server that real answers do not meet. Each error names the option to raise.
   */
  xml?: Partial<XmlLimits>;
}

/** What a client is built from: HTTP settings, the logger and the retry policy for reads. */
export interface ResolvedClientOptions {
  http: HttpClientOptions;
  logger: Logger;
  retry: RetryPolicy;
  /** The XML limits, the caller's over the defaults. */
  xml: XmlLimits;
}

/** The defaults a provider supplies for options its user left out. */
export interface ClientDefaults {
  /** The provider's overall deadline per exchange. */
  timeout?: number;
}

/** Writes to stderr, so that a program's stdout stays its own (and the `cs` command's JSON). */
let stderrConsole: Logger | undefined;
function defaultSink(): Logger {
  stderrConsole ??= new Console({ stdout: process.stderr, stderr: process.stderr });
  return stderrConsole;
}

/**
 * Validates and resolves `options` (with the aliases a provider has already mapped in) into the
 * runtime's settings. A `ParameterError` names the option that is wrong.
 */
export function resolveClientOptions(
  options: ClientOptions,
  defaults: ClientDefaults = {},
): ResolvedClientOptions {
  const debug = options.debug ?? false;
  if (debug !== true && debug !== false && debug !== 'trace') {
    throw new ParameterError(`debug must be true, false or 'trace', not ${JSON.stringify(debug)}`);
  }
  const logger = createLogger({ sink: options.logger ?? defaultSink(), debug: debug !== false });
  const timeout = options.timeout ?? defaults.timeout;
  if (timeout !== undefined) checkDuration('timeout', timeout);
  return {
    http: {
      ...options.http,
      ...options.tls,
      ...(timeout === undefined ? {} : { timeout }),
      ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      logger,
      trace: debug === 'trace',
    },
    logger,
    retry: retryPolicy(options.retry, 'retry'),
    xml: xmlLimits(options.xml),
  };
}

/** The XML limits with the caller's over the defaults; each must be a positive whole number. */
export function xmlLimits(given: Partial<XmlLimits> = {}): XmlLimits {
  if (typeof given !== 'object' || given === null) {
    throw new ParameterError('xml must be an object of limits ({ maxDepth, maxChildren, … })');
  }
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(DEFAULT_XML_LIMITS, name)) {
      throw new ParameterError(
        `xml.${name} is not an XML limit (${Object.keys(DEFAULT_XML_LIMITS).join(', ')})`,
      );
    }
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new ParameterError(`xml.${name} must be a whole number >= 1, not ${String(value)}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_XML_LIMITS, ...defined };
}

/** The policy for a `retry` option; `undefined` means none (0 retries). */
export function retryPolicy(option: RetryOption | undefined, name = 'retry'): RetryPolicy {
  if (option === undefined) return { retries: 0 };
  const policy = typeof option === 'number' ? { retries: option } : option;
  if (typeof policy !== 'object' || policy === null) {
    throw new ParameterError(`${name} must be a number of retries or { retries, minDelay, maxDelay }`);
  }
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new ParameterError(`${name}: retries must be a whole number >= 0, not ${String(policy.retries)}`);
  }
  if (policy.minDelay !== undefined) checkDuration(`${name}.minDelay`, policy.minDelay);
  if (policy.maxDelay !== undefined) checkDuration(`${name}.maxDelay`, policy.maxDelay);
  return policy;
}

/** The policy a call runs with: its own `retry`, else the client's; writes never retry. */
export function callRetry(
  client: RetryPolicy,
  call: RetryOption | undefined,
  idempotent: boolean,
  what: string,
): RetryPolicy | undefined {
  if (!idempotent) {
    if (call !== undefined && retryPolicy(call).retries > 0) {
      throw new ParameterError(`${what} is not safe to repeat: retry applies to reads only`);
    }
    return undefined;
  }
  const policy = call === undefined ? client : retryPolicy(call);
  return policy.retries > 0 ? policy : undefined;
}

function checkDuration(name: string, value: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new ParameterError(`${name} must be a number of milliseconds >= 0, not ${String(value)}`);
  }
}

export type { LowSpeedLimit };
