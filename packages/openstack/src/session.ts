/**
 * The session every proxy sends through (keystoneauth's `Session` + `Adapter`): Keystone tokens
 * fetched once and shared by concurrent calls, cached until shortly before `expires_at`, and
 * fetched again once when a service answers 401; endpoints from the token's catalog (or an
 * override) with version discovery, cached per service; microversions negotiated per service;
 * errors by kind; streamed exchanges for image data.
 */
import { AbortError, DecodeError, failedBeforeSending, ParameterError } from '@overcast/runtime/errors';
import type { HttpClient, HttpResponse, HttpStreamResponse } from '@overcast/runtime/http';
import type { Logger } from '@overcast/runtime/log';
import { callRetry, type RetryOption } from '@overcast/runtime/options';
import type { RetryPolicy } from '@overcast/runtime/retry';
import {
  type AccessInfo,
  type AuthOptions,
  type AuthType,
  parseUrl,
  readAccess,
  tokenRequestBody,
  tokensUrl,
} from './auth.js';
import { selectEndpoint } from './catalog.js';
import { type Discovery, discover } from './discovery.js';
import { EndpointNotFound, errorKind, httpErrorFrom, unusableAnswer } from './errors.js';
import { negotiate } from './microversion.js';
import type { BinaryBody, ServiceSpec } from './operation-types.js';

/** How one service of the connection is found and spoken to. */
export interface ServiceConfig {
  /** The property on the connection (`compute`, `blockStorage`). */
  name: string;
  spec: ServiceSpec;
  /** Catalog types accepted, most preferred first. */
  types: readonly string[];
  serviceName: string | undefined;
  interfaces: readonly string[];
  regionName: string | undefined;
  /** Used instead of the catalog's URL (still discovered). */
  endpointOverride: string | undefined;
  /** The major API version spoken. */
  major: number;
  /** Sent instead of the negotiated microversion (`<service>_default_microversion`, `microversions`). */
  defaultMicroversion: string | undefined;
}

/** A service's endpoint as discovery left it, with the microversion the connection sends it. */
export interface ServiceEndpoint extends Discovery {
  /** The URL from the catalog (or override) before discovery. */
  catalogUrl: string;
  /** What the generated methods send (the default, else the negotiated); undefined for none. */
  negotiated: string | undefined;
}

export interface SessionSettings {
  authType: AuthType;
  auth: AuthOptions;
  http: HttpClient;
  logger: Logger;
  retry: RetryPolicy;
  /** Registers a secret for the connection's lifetime. */
  keep(secret: string | undefined): void;
}

/** One request of a call, before the token is added. */
export interface SendRequest {
  method: string;
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | Uint8Array | undefined;
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  /** The caller's `retry`; applies to GET and HEAD only. */
  retry?: RetryOption | undefined;
  /** Send the token (default true). */
  authenticated?: boolean;
  /** The catalog service type, for errors. */
  service?: string | undefined;
}

/** A streamed request: its body may be replayable (a factory) for the one re-send after a 401. */
export interface StreamRequest extends Omit<SendRequest, 'body'> {
  body?: BinaryBody | (() => BinaryBody) | undefined;
}

interface TokenState {
  token: string | undefined;
  access: AccessInfo | undefined;
  /** When to fetch a new one (ms since the epoch); undefined: never. */
  renewAt: number | undefined;
}

/** A token is renewed this long before it expires (keystoneauth's MIN_TOKEN_LIFE_SECONDS)… */
const RENEWAL_MARGIN_MS = 120_000;

/** The runtime's `response.body` that does not throw: undefined when the bytes are not UTF-8. */
export function textOf(response: Pick<HttpResponse, 'body'>): string | undefined {
  try {
    return response.body;
  } catch {
    return undefined;
  }
}

/** The JSON of a response body; undefined for an empty one; a DecodeError for anything else. */
export function jsonOf(response: HttpResponse): unknown {
  const text = response.body;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    const type = response.header('content-type') ?? 'no content type';
    throw new DecodeError(
      `the answer to ${response.target} is not JSON (${type}, ${response.bytes.length} bytes)`,
      {
        cause,
      },
    );
  }
}

/** Waits for `promise`, or rejects as soon as `signal` aborts (the promise itself goes on). */
function raced<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(`${what} was aborted`, { cause: signal.reason }));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export class Session {
  readonly #settings: SessionSettings;
  #state: TokenState | undefined;
  #pending: Promise<TokenState> | undefined;
  readonly #endpoints = new Map<string, Promise<ServiceEndpoint>>();
  #closed = false;

  constructor(settings: SessionSettings) {
    this.#settings = settings;
    if (settings.authType === 'admin_token') {
      this.#state = { token: settings.auth.token, access: undefined, renewAt: undefined };
    } else if (settings.authType === 'none') {
      this.#state = { token: undefined, access: undefined, renewAt: undefined };
    }
  }

  get logger(): Logger {
    return this.#settings.logger;
  }

  get retry(): RetryPolicy {
    return this.#settings.retry;
  }

  /** Whether a 401 can be cured by asking Keystone again. */
  get #canReauthenticate(): boolean {
    const type = this.#settings.authType;
    return type === 'password' || type === 'token' || type === 'v3applicationcredential';
  }

  // ——— tokens

  /** The current token (fetching one when there is none or it is about to expire). */
  async token(signal?: AbortSignal, retry?: RetryPolicy): Promise<TokenState> {
    const state = this.#state;
    if (state !== undefined && (state.renewAt === undefined || Date.now() < state.renewAt)) return state;
    this.#pending ??= this.#fetchToken(retry).finally(() => {
      this.#pending = undefined;
    });
    return raced(this.#pending, signal, 'authentication');
  }

  /** Drops `token` if it is still the current one, so that the next call fetches another. */
  invalidate(token: string | undefined): void {
    if (this.#canReauthenticate && this.#state !== undefined && this.#state.token === token) {
      this.#state = undefined;
    }
  }

  async #fetchToken(retry: RetryPolicy | undefined): Promise<TokenState> {
    const { auth, authType, http, logger } = this.#settings;
    if (auth.authUrl === undefined || auth.authUrl === '') {
      throw new ParameterError(`auth type ${authType} needs auth.authUrl (Keystone's URL)`);
    }
    const url = tokensUrl(auth.authUrl);
    const body = JSON.stringify(tokenRequestBody(authType, auth));
    const response = await http.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      ...(retry === undefined ? {} : { retry }),
    });
    if (response.status !== 201 && response.status !== 200) {
      // Every refusal of the credentials is an AuthError, whatever Keystone's status for it.
      const kind = response.status === 401 ? 'auth' : errorKind(response.status);
      throw httpErrorFrom(
        {
          status: response.status,
          headers: response.headers,
          text: textOf(response),
          target: response.target,
          service: 'identity',
        },
        kind,
      );
    }
    const token = response.header('x-subject-token');
    if (token === undefined || token === '') {
      throw new DecodeError(`the answer to ${response.target} has no X-Subject-Token header (no token)`);
    }
    this.#settings.keep(token);
    const access = readAccess(jsonOf(response), response.target);
    const now = Date.now();
    let renewAt: number | undefined;
    if (access.expiresAt !== undefined) {
      const expires = access.expiresAt.getTime();
      const lifetime = expires - (access.issuedAt?.getTime() ?? now);
      renewAt = expires - Math.min(RENEWAL_MARGIN_MS, Math.max(0, lifetime / 2));
    }
    logger.debug(
      'authenticated%s%s%s, token expires %s',
      access.user?.name === undefined ? '' : ` as ${access.user.name}`,
      access.project === undefined ? '' : ` on project ${access.project.name ?? access.project.id}`,
      access.domain === undefined ? '' : ` on domain ${access.domain.name ?? access.domain.id}`,
      access.expiresAt?.toISOString() ?? 'never',
    );
    const state = { token, access, renewAt };
    if (!this.#closed) this.#state = state;
    return state;
  }

  // ——— sending

  /**
   * Sends one request with the token, re-authenticating and sending it once more when the
   * service answers 401. Returns any answer; `check` turns error answers into errors.
   */
  async send(request: SendRequest): Promise<HttpResponse> {
    const method = request.method.toUpperCase();
    const call = `${method} ${describe(request.url)}`;
    const retry = callRetry(this.#settings.retry, request.retry, isIdempotent(method), call);
    const authenticated = request.authenticated !== false;
    let state = authenticated ? await this.#tokenFor(call, request.signal, retry) : undefined;
    let response = await this.#exchange(request, method, state?.token, retry);
    if (response.status === 401 && authenticated && state?.token !== undefined && this.#canReauthenticate) {
      this.#settings.logger.debug('%s: 401, authenticating again', call);
      this.invalidate(state.token);
      state = await this.#tokenFor(call, request.signal, retry);
      response = await this.#exchange(request, method, state.token, retry);
    }
    return response;
  }

  async #tokenFor(
    call: string,
    signal: AbortSignal | undefined,
    retry: RetryPolicy | undefined,
  ): Promise<TokenState> {
    try {
      return await this.token(signal, retry);
    } catch (error) {
      throw failedBeforeSending(error, call);
    }
  }

  #exchange(
    request: SendRequest,
    method: string,
    token: string | undefined,
    retry: RetryPolicy | undefined,
  ): Promise<HttpResponse> {
    return this.#settings.http.request({
      method,
      url: request.url,
      headers: {
        accept: 'application/json',
        ...request.headers,
        ...(token === undefined ? {} : { 'x-auth-token': token }),
      },
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.timeout === undefined ? {} : { timeout: request.timeout }),
      ...(retry === undefined ? {} : { retry }),
    });
  }

  /** Throws the error an answer stands for (any status but 2xx), else returns it. */
  check(response: HttpResponse, service: string | undefined): HttpResponse {
    if (response.status >= 200 && response.status < 300) return response;
    throw httpErrorFrom({
      status: response.status,
      headers: response.headers,
      text: textOf(response),
      target: response.target,
      service,
    });
  }

  /** A streamed exchange with the token (and one re-send after a 401 when the body can be read again). */
  async stream(request: StreamRequest): Promise<HttpStreamResponse> {
    const method = request.method.toUpperCase();
    const url = new URL(request.url);
    const call = `${method} ${describe(request.url)}`;
    callRetry(this.#settings.retry, request.retry, isIdempotent(method), call);
    const replayable =
      typeof request.body === 'function' ||
      typeof request.body === 'string' ||
      request.body instanceof Uint8Array;
    const bodyOf = () => (typeof request.body === 'function' ? request.body() : request.body);
    let state = await this.#tokenFor(call, request.signal, undefined);
    const open = (token: string | undefined) => {
      const body = bodyOf();
      return this.#settings.http.stream({
        method,
        url,
        headers: { ...request.headers, ...(token === undefined ? {} : { 'x-auth-token': token }) },
        ...(body === undefined ? {} : { body }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.timeout === undefined ? {} : { timeout: request.timeout }),
      });
    };
    let response = await open(state.token);
    if (response.status === 401 && state.token !== undefined && this.#canReauthenticate && replayable) {
      await response.discard();
      this.invalidate(state.token);
      state = await this.#tokenFor(call, request.signal, undefined);
      response = await open(state.token);
    }
    return response;
  }

  /** Throws the error a streamed answer stands for (reading its body), else returns it. */
  async checkStream(response: HttpStreamResponse, service: string | undefined): Promise<HttpStreamResponse> {
    if (response.status >= 200 && response.status < 300) return response;
    const bytes = await response.readAll().catch(() => Buffer.alloc(0));
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    throw httpErrorFrom({
      status: response.status,
      headers: response.headers,
      text,
      target: response.target,
      service,
    });
  }

  // ——— endpoints

  /** The service's endpoint: catalog (or override), discovery, microversion; cached per service. */
  endpoint(service: ServiceConfig, signal?: AbortSignal, retry?: RetryOption): Promise<ServiceEndpoint> {
    let found = this.#endpoints.get(service.name);
    if (found === undefined) {
      found = this.#findEndpoint(service, retry);
      this.#endpoints.set(service.name, found);
      // A failure (the network, a missing service) is not kept: the next call tries again.
      found.catch(() => {
        if (this.#endpoints.get(service.name) === found) this.#endpoints.delete(service.name);
      });
    }
    return raced(found, signal, `finding the ${service.spec.type} endpoint`);
  }

  async #findEndpoint(service: ServiceConfig, retry: RetryOption | undefined): Promise<ServiceEndpoint> {
    const catalogUrl = await this.#catalogUrl(service);
    const projectId = this.#state?.access?.project?.id;
    const policy = callRetry(this.#settings.retry, retry, true, `discovery of ${service.spec.type}`);
    const found = await discover(
      catalogUrl,
      service.major,
      service.spec.versionPrefix,
      projectId,
      async (url) => {
        const response = await this.send({
          method: 'GET',
          url,
          ...(policy === undefined ? {} : { retry: policy }),
          authenticated: this.#state?.token !== undefined,
          service: service.spec.type,
        });
        // An unavailable service is an error, not "no version document": falling back would pin
        // the connection to the oldest microversion for its whole life. A failure is not kept.
        if (response.status === 429 || response.status >= 500) this.check(response, service.spec.type);
        let body: unknown;
        try {
          body = jsonOf(response);
        } catch {
          body = undefined;
        }
        return { status: response.status, body };
      },
    );
    const negotiated =
      service.defaultMicroversion ??
      (service.spec.microversion === undefined
        ? undefined
        : negotiate(service.spec.microversion.max, found.microversion));
    this.#settings.logger.debug(
      '%s endpoint %s (%s)%s',
      service.spec.type,
      found.url,
      found.version ?? 'not discovered',
      negotiated === undefined ? '' : `, microversion ${negotiated}`,
    );
    return { ...found, catalogUrl, negotiated };
  }

  async #catalogUrl(service: ServiceConfig): Promise<string> {
    if (service.endpointOverride !== undefined && service.endpointOverride !== '') {
      return parseUrl(service.endpointOverride, `the ${service.spec.type} endpoint override`).href;
    }
    const { authType, auth } = this.#settings;
    if (authType === 'admin_token' || authType === 'none') {
      if (auth.endpoint !== undefined && auth.endpoint !== '')
        return parseUrl(auth.endpoint, 'auth.endpoint').href;
      throw new EndpointNotFound(
        `no endpoint for ${service.spec.type}: auth type ${authType} has no catalog; give endpointOverride.${service.name} or auth.endpoint`,
        { service: service.spec.type },
      );
    }
    const state = await this.token();
    const catalog = state.access?.catalog ?? [];
    if (
      service.spec.type === 'identity' &&
      !catalog.some((entry) => entry.type === 'identity') &&
      auth.authUrl
    ) {
      // An unscoped token has no catalog; Keystone itself is where we authenticated.
      return auth.authUrl;
    }
    const url = selectEndpoint(catalog, {
      types: service.types,
      serviceName: service.serviceName,
      interfaces: service.interfaces,
      region: service.regionName,
    });
    try {
      return parseUrl(url, `the catalog's ${service.spec.type} endpoint`).href;
    } catch (cause) {
      throw unusableAnswer('api', `the catalog's ${service.spec.type} endpoint is not usable`, {
        cause,
        service: service.spec.type,
      });
    }
  }

  /** The token's details (fetching a token when needed). */
  async access(signal?: AbortSignal): Promise<AccessInfo | undefined> {
    return (await this.token(signal)).access;
  }

  close(): void {
    this.#closed = true;
    this.#state = undefined;
    this.#endpoints.clear();
  }
}

/** `url` without its query (which may hold filters but never secrets), for messages. */
function describe(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? url : url.slice(0, question);
}
