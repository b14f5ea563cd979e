/**
 * The connection to an oVirt engine (ovirtsdk4's `Connection`): SSO token handling, the headers
 * every request carries, one re-authentication on 401, retries for reads, link following and the
 * root service.
 */
import { randomUUID } from 'node:crypto';
import {
  type CallOptions,
  type ClientOptions,
  callRetry,
  failedBeforeSending,
  HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  ParameterError,
  type QueryValue,
  type RetryOption,
  type RetryPolicy,
  registerSecret,
  resolveClientOptions,
  type TlsOptions,
  type XmlLimits,
} from '@overcast/runtime';
import { answerSink, readAnswer } from './answers.js';
import { SystemService } from './generated/services.js';
import type { List } from './model-meta.js';
import { defaultSso, requestToken, revokeToken, type SsoSettings } from './sso.js';

/**
 * The runtime's `ClientOptions` (`timeout`, `retry`, `tls`, `proxy`, `logger`, `debug`, `headers`,
 * `http`) plus the engine's URL and credentials. `caFile` and `insecure` are ovirtsdk4's names for
 * `tls.caFile` and `tls.insecure`.
 */
export interface ConnectionOptions extends ClientOptions {
  /** The API root, e.g. `https://engine.example.com/ovirt-engine/api` (no user info: see `username`). */
  url: string;
  username?: string;
  password?: string;
  /** A token obtained before: used as is, no SSO request is made. */
  token?: string;
  /** PEM CA bundle to verify the engine's certificate (default: the system store); `tls.caFile`. */
  caFile?: string;
  /** Skip TLS verification. Never the default; must be given explicitly; `tls.insecure`. */
  insecure?: boolean;
  /** @deprecated Use `logger`. */
  log?: Logger;
  /** @deprecated Use `http: { connections }`. Most connections kept open to the engine. */
  connections?: number;
  /** SSO endpoints and token field, when the engine's differ from the defaults. */
  sso?: Partial<SsoSettings>;
}

export interface SendRequest {
  method: string;
  /** Below the API root: `/vms/123/start`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeout?: number;
  /** The call's `retry` option; only GET requests are ever retried. */
  retry?: RetryOption;
}

/** What following `link` gives: the items of a list link, else the linked object. */
export type Followed<T> = T extends List<infer E> ? E[] : NonNullable<T>;

/** The header the engine reads a correlation id from, and echoes on every API answer. */
const CORRELATION_ID = 'Correlation-Id';

export class Connection {
  readonly #url: URL;
  readonly #http: HttpClient;
  readonly #retry: RetryPolicy;
  readonly #xmlLimits: XmlLimits;
  readonly #sso: SsoSettings;
  readonly #credentials: { username: string; password: string } | undefined;
  readonly #forget: (() => void)[] = [];
  #token: string | undefined;
  #pendingToken: Promise<string> | undefined;
  #closed = false;

  /** Does no I/O (but reads `caFile` and certificate files); the token is fetched on the first request. */
  constructor(options: ConnectionOptions) {
    if (typeof options !== 'object' || options === null)
      throw new ParameterError('Connection: options are required');
    this.#url = parseUrl(options.url);
    if (options.token === undefined && (options.username === undefined || options.password === undefined)) {
      throw new ParameterError('Connection: give either token, or username and password');
    }
    const resolved = resolveClientOptions(clientOptions(options));
    this.#http = new HttpClient(resolved.http);
    this.#retry = resolved.retry;
    this.#xmlLimits = resolved.xml;
    this.#sso = { ...defaultSso(this.#url), ...options.sso };
    this.#token = options.token;
    if (options.username !== undefined && options.password !== undefined) {
      this.#credentials = { username: options.username, password: options.password };
    }
    this.#forget.push(registerSecret(options.password), registerSecret(options.token));
  }

  /** The root of the services tree (`/ovirt-engine/api`). */
  systemService(): SystemService {
    return new SystemService(this, '');
  }

  /** The SSO token, requesting one with the password grant if none is held yet. */
  async authenticate(signal?: AbortSignal, retry?: RetryPolicy): Promise<string> {
    if (this.#token !== undefined) return this.#token;
    if (this.#credentials === undefined) throw new ParameterError('Connection: no token and no credentials');
    this.#pendingToken ??= requestToken(this.#http, this.#sso, this.#credentials, signal, retry)
      .then((token) => {
        this.#forget.push(registerSecret(token));
        this.#token = token;
        return token;
      })
      .finally(() => {
        this.#pendingToken = undefined;
      });
    return this.#pendingToken;
  }

  /** True when the engine answers `GET /` with these credentials; false on any failure. */
  async testConnection(options: CallOptions & { raiseError?: boolean } = {}): Promise<boolean> {
    const { raiseError, ...call } = options;
    try {
      await this.systemService().get({}, call);
      return true;
    } catch (error) {
      if (raiseError) throw error;
      return false;
    }
  }

  /** True when `value` is a link: an object or list carrying an `href`. */
  isLink(value: unknown): boolean {
    return typeof (value as { href?: unknown } | null | undefined)?.href === 'string';
  }

  /** Fetches what `link` points to (`vm.diskAttachments`, `vm.cluster`), read as its own type. */
  async followLink<T>(link: T, options: CallOptions = {}): Promise<Followed<T>> {
    const href = (link as { href?: unknown } | null | undefined)?.href;
    if (typeof href !== 'string') throw new ParameterError('followLink: the value has no href');
    const prefix = `${this.#url.pathname}/`;
    if (!href.startsWith(prefix))
      throw new ParameterError(`followLink: ${href} is not below ${this.#url.pathname}`);
    return (await this.call(
      {
        method: 'GET',
        path: href.slice(prefix.length - 1),
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      },
      [200],
    )) as Followed<T>;
  }

  /**
   * Sends one API request with the token; on 401 gets a new token and re-sends it once. The answer
   * is returned whatever its status.
   */
  async send(request: SendRequest): Promise<HttpResponse> {
    return (await this.#send(request)).response;
  }

  /**
   * Sends a request and reads its answer: the value, or the error for a status not in `accepted`,
   * a redirect or a fault. Used by the services.
   * @internal
   */
  async call(request: SendRequest, accepted: readonly number[]): Promise<unknown> {
    const sink = answerSink(request.method.toUpperCase(), accepted, this.#xmlLimits);
    const { response, correlationId } = await this.#send(request, sink);
    return readAnswer(response, request.method, request.path, accepted, correlationId);
  }

  /** Revokes the SSO token (unless `logout: false`), closes the connections and forgets the secrets. */
  async close(options: { logout?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (options.logout !== false && this.#token !== undefined) {
        await revokeToken(this.#http, this.#sso, this.#token);
        this.#token = undefined;
      }
    } finally {
      await this.#http.close();
      for (const forget of this.#forget.splice(0)) forget();
    }
  }

  async #send(
    request: SendRequest,
    sink?: HttpRequest['sink'],
  ): Promise<{ response: HttpResponse; correlationId: string | undefined }> {
    if (this.#closed) throw new ParameterError('Connection: already closed');
    const method = request.method.toUpperCase();
    // Reads only: a create, an update, a removal or an action is sent once (ParameterError if asked).
    const retry = callRetry(this.#retry, request.retry, method === 'GET', `${method} ${request.path || '/'}`);
    const { headers, correlationId } = withCorrelationId(request);
    const sent = { ...request, headers, ...(sink === undefined ? {} : { sink }) };
    const target = `${method} ${request.path || '/'}`;
    const response = await this.#sendWithToken(
      sent,
      retry,
      await this.#signIn(target, request.signal, retry),
    );
    if (response.status !== 401 || this.#credentials === undefined) return { response, correlationId };
    // Refused before it was executed: one new token, one re-send, whatever the method.
    this.#token = undefined;
    return {
      response: await this.#sendWithToken(sent, retry, await this.#signIn(target, request.signal, retry)),
      correlationId,
    };
  }

  /**
   * The token for a call: a read retries the sign-in as it would retry itself; a failed sign-in
   * exchange is reported on the call as not sent (stage `connect`), with the SSO failure as cause.
   */
  async #signIn(
    call: string,
    signal: AbortSignal | undefined,
    retry: RetryPolicy | undefined,
  ): Promise<string> {
    try {
      return await this.authenticate(signal, retry);
    } catch (error) {
      throw failedBeforeSending(error, call);
    }
  }

  #sendWithToken(
    request: SendRequest & Pick<HttpRequest, 'sink'>,
    retry: RetryPolicy | undefined,
    token: string,
  ): Promise<HttpResponse> {
    return this.#http.request({
      method: request.method,
      url: `${this.#url.href.replace(/\/$/, '')}${request.path}`,
      ...(request.query === undefined ? {} : { query: request.query }),
      headers: {
        ...request.headers,
        Version: '4',
        'Content-Type': 'application/xml',
        Accept: 'application/xml',
        Authorization: `Bearer ${token}`,
      },
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.timeout === undefined ? {} : { timeout: request.timeout }),
      ...(request.sink === undefined ? {} : { sink: request.sink }),
      ...(retry === undefined ? {} : { retry }),
    });
  }
}

/**
 * The request's headers with a `Correlation-Id` (a new UUID) unless the caller gave one, as a
 * header or as the `correlation_id` query parameter (which the engine reads when no header is sent),
 * and the id the engine will use.
 */
function withCorrelationId(request: SendRequest): {
  headers: Record<string, string>;
  correlationId: string | undefined;
} {
  const headers = { ...request.headers };
  const given = Object.entries(headers).find(([name]) => name.toLowerCase() === 'correlation-id')?.[1];
  if (given !== undefined) return { headers, correlationId: given };
  const queried = request.query?.correlation_id;
  if (queried !== undefined) return { headers, correlationId: String(queried) };
  const correlationId = randomUUID();
  headers[CORRELATION_ID] = correlationId;
  return { headers, correlationId };
}

/** The API root; user info is refused, never used or shown. */
function parseUrl(value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new ParameterError('Connection: url is required');
  let url: URL;
  try {
    url = new URL(value.replace(/\/+$/, ''));
  } catch {
    // The text up to an `@` may be user info: it is left out of the message, and the URL parser's
    // error (which keeps the whole input) is not kept as the cause.
    const shown = value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1');
    throw new ParameterError(`Connection: url ${JSON.stringify(shown)} is not a URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ParameterError(
      'Connection: the url carries user info (user:password@); pass the credentials as the username and password options instead, and the url without them',
    );
  }
  return url;
}

/** The runtime's client options, with ovirtsdk4's names (`caFile`, `insecure`, `log`, `connections`) mapped in. */
function clientOptions(options: ConnectionOptions): ClientOptions {
  const tls: TlsOptions = { ...options.tls };
  alias(tls, 'caFile', options.caFile);
  alias(tls, 'insecure', options.insecure);
  if (options.log !== undefined && options.logger !== undefined && options.log !== options.logger) {
    throw new ParameterError('Connection: give logger (log is its old name), not both');
  }
  const logger = options.logger ?? options.log;
  const http = { ...options.http };
  if (options.connections !== undefined) {
    if (http.connections !== undefined && http.connections !== options.connections)
      throw new ParameterError('Connection: give http.connections (connections is its old name), not both');
    http.connections = options.connections;
  }
  return {
    tls,
    http,
    ...(logger === undefined ? {} : { logger }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.debug === undefined ? {} : { debug: options.debug }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.xml === undefined ? {} : { xml: options.xml }),
  };
}

function alias<K extends 'caFile' | 'insecure'>(tls: TlsOptions, name: K, value: TlsOptions[K]): void {
  if (value === undefined) return;
  if (tls[name] !== undefined && tls[name] !== value) {
    throw new ParameterError(`Connection: ${name} and tls.${name} differ; give one of them`);
  }
  tls[name] = value;
}
