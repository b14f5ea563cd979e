/**
 * The connection to an oVirt engine (ovirtsdk4's `Connection`): SSO token handling, the headers
 * every request carries, one re-authentication on 401, link following and the root service.
 */
import {
  createLogger,
  HttpClient,
  type HttpResponse,
  type Logger,
  ParameterError,
  type QueryValue,
  silentLogger,
} from '@overcast/runtime';
import { readAnswer } from './answers.js';
import { SystemService } from './generated/services.js';
import type { List } from './model-meta.js';
import { defaultSso, requestToken, revokeToken, type SsoSettings } from './sso.js';

export interface ConnectionOptions {
  /** The API root, e.g. `https://engine.example.com/ovirt-engine/api`. */
  url: string;
  username?: string;
  password?: string;
  /** A token obtained before: used as is, no SSO request is made. */
  token?: string;
  /** PEM CA bundle to verify the engine's certificate (default: the system store). */
  caFile?: string;
  /** Skip TLS verification. Never the default; must be given explicitly. */
  insecure?: boolean;
  /** Milliseconds per request (default: none). */
  timeout?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Log every request at debug level (secrets redacted). */
  debug?: boolean;
  /** Where log lines go (default: nowhere, or the console with `debug`). */
  log?: Logger;
  /** Most connections kept open to the engine (default: no limit). */
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
}

/** What following `link` gives: the items of a list link, else the linked object. */
export type Followed<T> = T extends List<infer E> ? E[] : NonNullable<T>;

export class Connection {
  readonly #url: URL;
  readonly #http: HttpClient;
  readonly #sso: SsoSettings;
  readonly #credentials: { username: string; password: string } | undefined;
  readonly #logger: ReturnType<typeof createLogger>;
  #token: string | undefined;
  #pendingToken: Promise<string> | undefined;
  #closed = false;

  /** Does no I/O; the token is fetched on the first request. */
  constructor(options: ConnectionOptions) {
    if (typeof options.url !== 'string' || options.url === '')
      throw new ParameterError('Connection: url is required');
    try {
      this.#url = new URL(options.url.replace(/\/+$/, ''));
    } catch (error) {
      throw new ParameterError(`Connection: url ${JSON.stringify(options.url)} is not a URL`, {
        cause: error,
      });
    }
    if (options.token === undefined && (options.username === undefined || options.password === undefined)) {
      throw new ParameterError('Connection: give either token, or username and password');
    }
    const secrets = [options.password, options.token].filter((value): value is string => value !== undefined);
    this.#logger = createLogger({
      sink: options.log ?? (options.debug ? console : silentLogger),
      debug: options.debug ?? false,
      secrets,
    });
    this.#http = new HttpClient({
      logger: this.#logger,
      ...(options.connections === undefined ? {} : { connections: options.connections }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
      ...(options.insecure === undefined ? {} : { insecure: options.insecure }),
    });
    this.#sso = { ...defaultSso(this.#url), ...options.sso };
    this.#token = options.token;
    if (options.username !== undefined && options.password !== undefined) {
      this.#credentials = { username: options.username, password: options.password };
    }
  }

  /** The root of the services tree (`/ovirt-engine/api`). */
  systemService(): SystemService {
    return new SystemService(this, '');
  }

  /** The SSO token, requesting one with the password grant if none is held yet. */
  async authenticate(signal?: AbortSignal): Promise<string> {
    if (this.#token !== undefined) return this.#token;
    if (this.#credentials === undefined) throw new ParameterError('Connection: no token and no credentials');
    this.#pendingToken ??= requestToken(this.#http, this.#sso, this.#credentials, signal)
      .then((token) => {
        this.#logger.addSecret(token);
        this.#token = token;
        return token;
      })
      .finally(() => {
        this.#pendingToken = undefined;
      });
    return this.#pendingToken;
  }

  /** True when the engine answers `GET /` with these credentials; false on any failure. */
  async testConnection(options: { raiseError?: boolean; signal?: AbortSignal } = {}): Promise<boolean> {
    try {
      await this.systemService().get(options.signal === undefined ? {} : { signal: options.signal });
      return true;
    } catch (error) {
      if (options.raiseError) throw error;
      return false;
    }
  }

  /** True when `value` is a link: an object or list carrying an `href`. */
  isLink(value: unknown): boolean {
    return typeof (value as { href?: unknown } | null | undefined)?.href === 'string';
  }

  /** Fetches what `link` points to (`vm.diskAttachments`, `vm.cluster`), read as its own type. */
  async followLink<T>(link: T, options: { signal?: AbortSignal } = {}): Promise<Followed<T>> {
    const href = (link as { href?: unknown } | null | undefined)?.href;
    if (typeof href !== 'string') throw new ParameterError('followLink: the value has no href');
    const prefix = `${this.#url.pathname}/`;
    if (!href.startsWith(prefix))
      throw new ParameterError(`followLink: ${href} is not below ${this.#url.pathname}`);
    const path = href.slice(prefix.length - 1);
    const response = await this.send({
      method: 'GET',
      path,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return readAnswer(response, 'GET', path, [200]) as Followed<T>;
  }

  /**
   * Sends one API request with the token; on 401 gets a new token and retries once. Used by the
   * services; the answer is returned whatever its status.
   */
  async send(request: SendRequest): Promise<HttpResponse> {
    if (this.#closed) throw new ParameterError('Connection: already closed');
    const response = await this.#sendWithToken(request, await this.authenticate(request.signal));
    if (response.status !== 401 || this.#credentials === undefined) return response;
    this.#token = undefined;
    return this.#sendWithToken(request, await this.authenticate(request.signal));
  }

  /** Revokes the SSO token (unless `logout: false`) and closes the connections. */
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
    }
  }

  #sendWithToken(request: SendRequest, token: string): Promise<HttpResponse> {
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
    });
  }
}
