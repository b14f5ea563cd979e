/**
 * The proxy layer (`conn.compute`, `conn.identity`…): one object per service whose generated
 * methods are made from the service's operation table the first time they are read (a JS Proxy,
 * as octokit's endpoint methods: building a connection costs nothing), plus the hand-written
 * methods every proxy has — the raw layer (`get`/`post`/`put`/`patch`/`delete`/`head` on paths
 * relative to the versioned endpoint), `endpoint()`, `microversion()`, and the waits
 * (`waitForStatus`, `waitForDelete`, and `waitForServer` on compute) with openstacksdk's semantics.
 */
import { createHash } from 'node:crypto';
import { AbortError, DecodeError, failedBeforeSending, ParameterError } from '@overcast/runtime/errors';
import type { HttpResponse, QueryValue } from '@overcast/runtime/http';
import { callRetry } from '@overcast/runtime/options';
import { paginateCursor } from '@overcast/runtime/paginate';
import { waitFor } from '@overcast/runtime/poll';
import { DuplicateResource, HttpError, ResourceFailure, ResourceTimeout } from './errors.js';
import type { compute, ProxyMethods, ServiceName, ServiceTables } from './generated/index.js';
import { checkMicroversion, forOperation, microversionHeaders } from './microversion.js';
import type { BinaryBody, FindSpec, OpenStackCallOptions, OperationSpec } from './operation-types.js';
import { cursorKey, cursorUrl, nextPage, type PageCursor } from './pagination.js';
import { jsonOf, type ServiceConfig, type ServiceEndpoint, type Session } from './session.js';

/** Options of a raw call: the call options, plus its body. */
export interface RawRequestOptions extends OpenStackCallOptions {
  /** A body sent as JSON (`application/json`). */
  json?: unknown;
  /** A body sent as it is (keystoneauth's `data`), with `contentType`. */
  data?: string | Uint8Array;
  /** The `Content-Type` of `data` (default `application/octet-stream`). */
  contentType?: string;
  /** `false`: return an error answer instead of throwing its error (keystoneauth's `raise_exc`). */
  raiseExc?: boolean;
}

/** What a raw call resolves to: the status, the headers (lower case), and the body parsed when JSON. */
export interface RawResponse<T = unknown> {
  status: number;
  headers: Readonly<Record<string, string | string[]>>;
  /** Parsed JSON for a JSON answer, the text for any other, undefined when empty (and for HEAD). */
  body: T;
}

/** How long and how often a wait polls. Durations are milliseconds. */
export interface WaitOptions {
  /** Between two polls (default 2000, openstacksdk's 2 s). */
  interval?: number;
  /** Overall limit (default 120 000, openstacksdk's `wait=120`); 0: no limit. */
  timeout?: number;
  signal?: AbortSignal;
  /** Told the resource's `progress` (0 when it has none) after each poll that did not end the wait. */
  callback?: (progress: number) => void;
}

/** A resource as waits take it: an object with an `id` (what a create or a get resolved with)… */
export interface ResourceObject {
  readonly id?: string | null | undefined;
}
/**
 * …or the id itself. Any object is accepted (a create's answer may be a union whose other branch
 * has no `id`, such as Nova's `{ reservation_id }`); one without an id is a ParameterError.
 */
export type ResourceRef = string | ResourceObject | object;

export interface WaitForStatusOptions<R> extends WaitOptions {
  /** The value to wait for (compared without regard to case). */
  status: string;
  /** Values that end the wait with `ResourceFailure` (default `['ERROR']`). */
  failures?: readonly string[];
  /** The field holding the status (default `status`). */
  attribute?: string;
  /**
   * Reads the resource again; default: the proxy's main resource (`getServer` on compute,
   * `getVolume` on block storage, `getImage` on image).
   */
  fetch?: (id: string, options: OpenStackCallOptions) => Promise<R>;
}

export interface WaitForDeleteOptions<R> extends WaitOptions {
  fetch?: (id: string, options: OpenStackCallOptions) => Promise<R>;
}

export interface WaitForServerOptions extends WaitOptions {
  /** Default `ACTIVE`. */
  status?: string;
  /** Default `['ERROR']`. */
  failures?: readonly string[];
}

/** The hand-written methods every proxy has. */
export interface ServiceProxyMethods {
  /** `GET <versioned endpoint><path>`; `path` may hold a query. */
  get<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  head(path: string, options?: RawRequestOptions): Promise<RawResponse<undefined>>;
  post<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  put<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  patch<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  delete<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  request<T = unknown>(method: string, path: string, options?: RawRequestOptions): Promise<RawResponse<T>>;
  /** The versioned endpoint (after the catalog and version discovery). */
  endpoint(options?: OpenStackCallOptions): Promise<string>;
  /** The microversion generated methods send (negotiated, or the connection's); undefined for none. */
  microversion(options?: OpenStackCallOptions): Promise<string | undefined>;
  /**
   * Polls until the resource's status is `options.status` (openstacksdk's `wait_for_status`): a
   * failure status ends it with `ResourceFailure`, the timeout with `ResourceTimeout`.
   */
  waitForStatus<R extends object>(resource: R, options: WaitForStatusOptions<R>): Promise<R>;
  waitForStatus<R = unknown>(resource: string, options: WaitForStatusOptions<R>): Promise<R>;
  /** Polls until reading the resource answers 404 (or its status is `deleted`); resolves with it. */
  waitForDelete<R extends ResourceRef>(resource: R, options?: WaitForDeleteOptions<unknown>): Promise<R>;
}

/** `conn.compute`: the generated compute methods, the raw layer, the waits and `waitForServer`. */
export type ComputeProxy = ServiceProxyMethods &
  ProxyMethods['compute'] & {
    /** openstacksdk's `wait_for_server`: `waitForStatus` on the server, `ACTIVE` by default. */
    waitForServer(server: ResourceRef, options?: WaitForServerOptions): Promise<compute.GetServerResult>;
  };
export type IdentityProxy = ServiceProxyMethods & ProxyMethods['identity'];
export type ImageProxy = ServiceProxyMethods & ProxyMethods['image'];
export type NetworkProxy = ServiceProxyMethods & ProxyMethods['network'];
export type BlockStorageProxy = ServiceProxyMethods & ProxyMethods['blockStorage'];

/** Each service's proxy type, by connection property. */
export interface Proxies {
  compute: ComputeProxy;
  identity: IdentityProxy;
  image: ImageProxy;
  network: NetworkProxy;
  blockStorage: BlockStorageProxy;
}

/** The main resource of each service, which waits read by default. */
const DEFAULT_FETCH: Partial<Record<ServiceName, { method: string; kind: string }>> = {
  compute: { method: 'getServer', kind: 'Server' },
  blockStorage: { method: 'getVolume', kind: 'Volume' },
  image: { method: 'getImage', kind: 'Image' },
};

const DEFAULT_INTERVAL = 2000;
const DEFAULT_WAIT_TIMEOUT = 120_000;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function lower(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value).toLowerCase();
}

/** The arguments of a generated method, by the table row: path values, body, query, headers, options. */
interface CallArgs {
  path: unknown[];
  body: unknown;
  query: Record<string, unknown> | undefined;
  headers: Record<string, unknown> | undefined;
  options: OpenStackCallOptions;
}

/** Whether the method takes a body argument (the generator's rule: a request that is not `empty`). */
function takesBody(row: OperationSpec): boolean {
  return row.request !== undefined && row.request.empty !== true;
}

/**
 * Reads the arguments of a generated method in the order the generator writes its parameters:
 * the path parameters, then the body, the query and the headers where the row has them, then the
 * options. (A test checks the order against every generated signature.)
 */
export function splitArgs(row: OperationSpec, args: readonly unknown[], what: string): CallArgs {
  const count = row.pathParams?.length ?? 0;
  let index = count;
  const body = takesBody(row) ? args[index++] : undefined;
  const query = row.query !== undefined ? args[index++] : undefined;
  const headers = row.headers !== undefined ? args[index++] : undefined;
  const options = args[index];
  if (query !== undefined && record(query) === undefined) {
    throw new ParameterError(`${what}: the query must be an object of parameters`);
  }
  if (headers !== undefined && record(headers) === undefined) {
    throw new ParameterError(`${what}: the headers must be an object`);
  }
  if (options !== undefined && record(options) === undefined) {
    throw new ParameterError(`${what}: the call options (the last argument) must be an object`);
  }
  return {
    path: args.slice(0, count),
    body,
    query: query as Record<string, unknown> | undefined,
    headers: headers as Record<string, unknown> | undefined,
    options: (options ?? {}) as OpenStackCallOptions,
  };
}

function fillPath(row: OperationSpec, values: readonly unknown[], what: string): string {
  const names = row.pathParams ?? [];
  let index = 0;
  return row.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[index++];
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
      throw new ParameterError(`${what}: ${names[index - 1] ?? name} must be a non-empty string`);
    }
    return encodeURIComponent(String(value));
  });
}

function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** The query as pairs: the API's parameters (arrays as the table says), then the caller's extras. */
export function queryPairs(
  row: Pick<OperationSpec, 'queryInfo'>,
  query: Record<string, unknown> | undefined,
  extra: Record<string, QueryValue> | undefined,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const info = row.queryInfo?.[name];
    if (info?.flag === true) {
      if (value === true || value === 'true') pairs.push([name, '']);
      continue;
    }
    if (Array.isArray(value)) {
      if (info?.array === 'csv') pairs.push([name, value.map(queryText).join(',')]);
      else for (const item of value) pairs.push([name, queryText(item)]);
      continue;
    }
    pairs.push([name, queryText(value)]);
  }
  const given = new Set(pairs.map(([name]) => name));
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (value !== undefined && !given.has(name)) pairs.push([name, String(value)]);
  }
  return pairs;
}

function withQuery(url: string, pairs: readonly [string, string][]): string {
  if (pairs.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(pairs as [string, string][]).toString()}`;
}

/** The JSON (or other) body of a generated call, with its content type. */
function encodeBody(row: OperationSpec, body: unknown): { body: string; contentType: string } | undefined {
  const request = row.request;
  if (request === undefined) return undefined;
  if (request.empty === true) {
    return {
      body: JSON.stringify({ [request.key ?? row.action ?? '']: null }),
      contentType: 'application/json',
    };
  }
  switch (request.encoding) {
    case 'json-patch':
      return {
        body: JSON.stringify(body ?? []),
        contentType: request.contentType ?? 'application/json-patch+json',
      };
    case 'text':
      return { body: String(body ?? ''), contentType: request.contentType ?? 'text/plain' };
    default:
      break;
  }
  if (request.key === undefined) {
    return body === undefined ? undefined : { body: JSON.stringify(body), contentType: 'application/json' };
  }
  // Keys the spec allows beside the wrapper (`os:scheduler_hints`) are lifted out of the body.
  let inner = body ?? {};
  const beside: Record<string, unknown> = {};
  const fields = record(inner);
  if (fields !== undefined && request.siblings !== undefined) {
    const rest = { ...fields };
    for (const sibling of request.siblings) {
      if (sibling in rest) {
        beside[sibling] = rest[sibling];
        delete rest[sibling];
      }
    }
    inner = rest;
  }
  return { body: JSON.stringify({ [request.key]: inner, ...beside }), contentType: 'application/json' };
}

/** The result of a generated call from its answer: unwrapped from its key, as the method's type says. */
function decodeResult(row: OperationSpec, response: HttpResponse): unknown {
  if (row.method === 'HEAD' || row.response === undefined) return undefined;
  if (row.response.encoding === 'text' || row.response.encoding === 'json-patch') return response.body;
  const json = jsonOf(response);
  const key = row.response.key;
  if (key !== undefined) {
    const body = record(json);
    if (body !== undefined && key in body) return body[key];
  }
  return json;
}

/** A raw answer's body: JSON parsed, other text as it is, undefined when empty. */
function rawBody(method: string, response: HttpResponse): unknown {
  if (method === 'HEAD' || response.status === 204) return undefined;
  const text = response.body;
  if (text === '') return undefined;
  const type = (response.header('content-type') ?? '').toLowerCase();
  return type.includes('json') ? jsonOf(response) : text;
}

/** A download's chunks, checked against `Content-MD5` (hex or base64) when the server sends it. */
async function* verified(chunks: AsyncIterable<Uint8Array>, md5: string | undefined, target: string) {
  const hash = md5 === undefined ? undefined : createHash('md5');
  for await (const chunk of chunks) {
    hash?.update(chunk);
    yield chunk;
  }
  if (hash !== undefined && md5 !== undefined) {
    const digest = hash.digest();
    const expected = md5.trim();
    if (expected !== digest.toString('hex') && expected !== digest.toString('base64')) {
      throw new DecodeError(
        `the data of ${target} does not match its Content-MD5 (${expected}): it was damaged`,
      );
    }
  }
}

async function* nothing(): AsyncIterable<Uint8Array> {}

/** Internal: the connection's part a proxy needs. */
export interface ProxyContext {
  session: Session;
  service: ServiceConfig;
  tables: ServiceTables;
}

/** The object behind each `conn.<service>`; see the module comment. */
export class ServiceProxy {
  readonly #session: Session;
  readonly #service: ServiceConfig;
  readonly #tables: ServiceTables;
  readonly #made = new Map<PropertyKey, unknown>();

  constructor(context: ProxyContext) {
    this.#session = context.session;
    this.#service = context.service;
    this.#tables = context.tables;
  }

  /** Wraps a proxy object so that generated methods appear on first use. */
  static wrap<P>(target: ServiceProxy): P {
    return new Proxy(target, {
      get(object, property) {
        const made = object.#made.get(property);
        if (made !== undefined) return made;
        let value: unknown;
        if (property in object) {
          value = Reflect.get(object, property, object);
          if (typeof value === 'function') value = value.bind(object);
          else return value;
        } else if (typeof property === 'string') {
          value = object.#generated(property);
          if (value === undefined) return undefined;
        } else {
          return undefined;
        }
        object.#made.set(property, value);
        return value;
      },
      has(object, property) {
        return (
          property in object ||
          (typeof property === 'string' &&
            (Object.hasOwn(object.#tables.operations, property) ||
              Object.hasOwn(object.#tables.finds, property)))
        );
      },
    }) as unknown as P;
  }

  #generated(name: string): ((...args: unknown[]) => unknown) | undefined {
    const row = Object.hasOwn(this.#tables.operations, name) ? this.#tables.operations[name] : undefined;
    if (row !== undefined) {
      if (row.list !== undefined) return (...args: unknown[]) => this.#list(name, row, args);
      return (...args: unknown[]) => this.#call(name, row, args);
    }
    const find = Object.hasOwn(this.#tables.finds, name) ? this.#tables.finds[name] : undefined;
    if (find !== undefined) return (...args: unknown[]) => this.#find(name, find, args);
    return undefined;
  }

  get #what(): string {
    return this.#service.name;
  }

  /** The endpoint a call goes to; a failure on the way (the token, discovery) means it was not sent. */
  async #endpointOf(options: OpenStackCallOptions, what: string): Promise<ServiceEndpoint> {
    try {
      return await this.#session.endpoint(this.#service, options.signal, options.retry);
    } catch (error) {
      throw failedBeforeSending(error, what);
    }
  }

  #microversionFor(
    row: OperationSpec,
    endpoint: ServiceEndpoint,
    options: OpenStackCallOptions,
    what: string,
  ) {
    if (options.microversion !== undefined)
      return checkMicroversion(options.microversion, `${what}: microversion`);
    if (this.#service.spec.microversion === undefined) return undefined;
    if (this.#service.defaultMicroversion !== undefined) return this.#service.defaultMicroversion;
    return forOperation(endpoint.negotiated, row.microversion, endpoint.microversion, what);
  }

  #headers(
    microversion: string | undefined,
    own: Record<string, unknown> | undefined,
    options: OpenStackCallOptions,
  ): Record<string, string> {
    const headers: Record<string, string> = { ...microversionHeaders(this.#service.spec, microversion) };
    for (const [name, value] of Object.entries(own ?? {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  // ——— generated methods

  async #call(name: string, row: OperationSpec, args: readonly unknown[]): Promise<unknown> {
    const what = `${this.#what}.${name}`;
    const call = splitArgs(row, args, what);
    const { options } = call;
    const path = fillPath(row, call.path, what);
    // A retry asked for a write is refused before anything is sent.
    callRetry(this.#session.retry, options.retry, row.method === 'GET' || row.method === 'HEAD', what);
    const endpoint = await this.#endpointOf(options, what);
    const microversion = this.#microversionFor(row, endpoint, options, what);
    const url = withQuery(endpoint.url + path, queryPairs(row, call.query, options.query));
    const headers = this.#headers(microversion, call.headers, options);
    if (row.request?.encoding === 'binary' || row.response?.encoding === 'binary') {
      return this.#transfer(row, url, headers, call.body as BinaryBody | undefined, options);
    }
    const body = encodeBody(row, call.body);
    if (body !== undefined) headers['content-type'] ??= body.contentType;
    const response = await this.#session.send({
      method: row.method,
      url,
      headers,
      body: body?.body,
      signal: options.signal,
      timeout: options.timeout,
      retry: options.retry,
      service: this.#service.spec.type,
    });
    this.#session.check(response, this.#service.spec.type);
    return decodeResult(row, response);
  }

  async #transfer(
    row: OperationSpec,
    url: string,
    headers: Record<string, string>,
    body: BinaryBody | undefined,
    options: OpenStackCallOptions,
  ): Promise<unknown> {
    const upload = row.request?.encoding === 'binary';
    if (upload) {
      if (body === undefined)
        throw new ParameterError(`${row.method} ${row.path}: the data to upload is missing`);
      headers['content-type'] ??= row.request?.contentType ?? 'application/octet-stream';
    }
    const response = await this.#session.checkStream(
      await this.#session.stream({
        method: row.method,
        url,
        headers,
        ...(upload ? { body } : {}),
        signal: options.signal,
        timeout: options.timeout,
        retry: options.retry,
        service: this.#service.spec.type,
      }),
      this.#service.spec.type,
    );
    if (row.response?.encoding !== 'binary') {
      await response.readAll(64 * 1024);
      return undefined;
    }
    if (response.status === 204) {
      await response.discard();
      return nothing();
    }
    const md5 = response.headers['content-md5'];
    return verified(response.body, Array.isArray(md5) ? md5[0] : md5, response.target);
  }

  #list(name: string, row: OperationSpec, args: readonly unknown[]): AsyncIterableIterator<unknown> {
    const what = `${this.#what}.${name}`;
    const call = splitArgs(row, args, what);
    const { options } = call;
    const listKey = row.list?.key ?? '';
    const limitValue = call.query?.['limit'];
    const limit = limitValue === undefined || limitValue === null ? undefined : Number(limitValue);
    const service = this.#service.spec.type;
    // The first page's request is prepared when iteration starts (errors surface from the loop).
    const pages = async function* (this: ServiceProxy) {
      const path = fillPath(row, call.path, what);
      const endpoint = await this.#endpointOf(options, what);
      const microversion = this.#microversionFor(row, endpoint, options, what);
      const headers = this.#headers(microversion, call.headers, options);
      const first: PageCursor = {
        url: endpoint.url + path,
        params: queryPairs(row, call.query, options.query),
      };
      // A page whose next link cannot be followed still yields its items; the error comes next.
      type Cursor = PageCursor | { failure: unknown };
      let failures = 0;
      yield* paginateCursor<unknown, Cursor>({
        key: (cursor) => ('failure' in cursor ? `failure ${failures++}` : cursorKey(cursor)),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        fetchPage: async (cursor, signal) => {
          if (cursor !== undefined && 'failure' in cursor) throw cursor.failure;
          const at = cursor ?? first;
          const response = await this.#session.send({
            method: 'GET',
            url: cursorUrl(at),
            headers,
            signal,
            timeout: options.timeout,
            retry: options.retry,
            service,
          });
          this.#session.check(response, service);
          const data = jsonOf(response);
          const body = record(data);
          const list = body === undefined ? data : body[listKey];
          if (!Array.isArray(list)) {
            throw new DecodeError(`the answer to ${response.target} holds no ${listKey} list`);
          }
          let next: Cursor | undefined;
          try {
            next = nextPage({
              cursor: at,
              data,
              items: list,
              linkHeader: response.header('link'),
              listKey,
              endpoint: endpoint.url,
              limit: limit !== undefined && Number.isFinite(limit) ? limit : undefined,
              target: response.target,
              service,
            });
          } catch (failure) {
            next = { failure };
          }
          return { items: list, next };
        },
      });
    };
    return pages.call(this);
  }

  async #find(name: string, spec: FindSpec, args: readonly unknown[]): Promise<unknown> {
    const what = `${this.#what}.${name}`;
    const operations = this.#tables.operations;
    const listRow = operations[spec.list];
    if (listRow === undefined) throw new ParameterError(`${what}: no list method ${spec.list}`);
    const count = listRow.pathParams?.length ?? 0;
    const nameOrId = args[count];
    const hasQuery = listRow.query !== undefined;
    const query = hasQuery ? (args[count + 1] as Record<string, unknown> | undefined) : undefined;
    const options = (args[count + (hasQuery ? 2 : 1)] ?? {}) as OpenStackCallOptions;
    if (typeof nameOrId !== 'string' || nameOrId === '') {
      throw new ParameterError(`${what}: the name or id must be a non-empty string`);
    }
    const pathValues = args.slice(0, count);
    const showRow = spec.show === undefined ? undefined : operations[spec.show];
    if (spec.show !== undefined && showRow !== undefined && (showRow.pathParams?.length ?? 0) === count + 1) {
      const showArgs: unknown[] = [...pathValues, nameOrId];
      if (takesBody(showRow)) showArgs.push(undefined);
      if (showRow.query !== undefined) showArgs.push(undefined);
      if (showRow.headers !== undefined) showArgs.push(undefined);
      showArgs.push(options);
      try {
        return await this.#call(spec.show, showRow, showArgs);
      } catch (error) {
        // Some services answer 400 or 403 for an id of the wrong form (openstacksdk's `find`).
        if (!(error instanceof HttpError && [400, 403, 404].includes(error.status ?? 0))) throw error;
      }
    }
    const listArgs: unknown[] = [...pathValues];
    if (hasQuery) listArgs.push({ ...query, ...(spec.nameFilter ? { [spec.nameField]: nameOrId } : {}) });
    if (listRow.headers !== undefined) listArgs.push(undefined);
    listArgs.push(options);
    let match: unknown;
    for await (const item of this.#list(spec.list, listRow, listArgs)) {
      const fields = record(item);
      if (fields === undefined || (fields['id'] !== nameOrId && fields[spec.nameField] !== nameOrId))
        continue;
      if (match !== undefined) {
        throw new DuplicateResource(`more than one ${spec.list} item is named ${JSON.stringify(nameOrId)}`, {
          service: this.#service.spec.type,
        });
      }
      match = item;
    }
    return match;
  }

  // ——— the raw layer

  get<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  head(path: string, options?: RawRequestOptions): Promise<RawResponse<undefined>> {
    return this.request<undefined>('HEAD', path, options);
  }

  post<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  put<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>> {
    return this.request<T>('PUT', path, options);
  }

  patch<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>> {
    return this.request<T>('PATCH', path, options);
  }

  delete<T = unknown>(path: string, options?: RawRequestOptions): Promise<RawResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * A request to `path` relative to the service's versioned endpoint (`/servers/detail`), with the
   * connection's token, catalog and errors. Sends a microversion only when asked for (the call's
   * `microversion`, or the connection's default), as keystoneauth's adapters do.
   */
  async request<T = unknown>(
    method: string,
    path: string,
    options: RawRequestOptions = {},
  ): Promise<RawResponse<T>> {
    const verb = method.toUpperCase();
    if (typeof path !== 'string')
      throw new ParameterError(`${this.#what}.${method.toLowerCase()}: the path must be a string`);
    if (options.json !== undefined && options.data !== undefined) {
      throw new ParameterError(`${this.#what}.${method.toLowerCase()}: give json or data, not both`);
    }
    const what = `${verb} ${this.#service.spec.type} ${path}`;
    callRetry(this.#session.retry, options.retry, verb === 'GET' || verb === 'HEAD', what);
    const endpoint = await this.#endpointOf(options, what);
    const url = this.#rawUrl(endpoint.url, path);
    const microversion =
      options.microversion !== undefined
        ? checkMicroversion(options.microversion, `${this.#what}.${method.toLowerCase()}: microversion`)
        : this.#service.defaultMicroversion;
    const headers = this.#headers(microversion, undefined, options);
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.data !== undefined) {
      body = options.data;
      headers['content-type'] ??= options.contentType ?? 'application/octet-stream';
    }
    const extra = Object.entries(options.query ?? {}).filter(([, value]) => value !== undefined) as [
      string,
      string,
    ][];
    const response = await this.#session.send({
      method: verb,
      url: withQuery(
        url,
        extra.map(([name, value]) => [name, String(value)]),
      ),
      headers,
      body,
      signal: options.signal,
      timeout: options.timeout,
      retry: options.retry,
      service: this.#service.spec.type,
    });
    if (options.raiseExc !== false) this.#session.check(response, this.#service.spec.type);
    return { status: response.status, headers: response.headers, body: rawBody(verb, response) as T };
  }

  #rawUrl(endpoint: string, path: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      const url = new URL(path);
      if (url.origin !== new URL(endpoint).origin) {
        throw new ParameterError(
          `${this.#what}: ${url.origin} is not the ${this.#service.spec.type} endpoint's origin; ` +
            'the raw layer sends its token only there (give a path relative to the endpoint)',
        );
      }
      return url.href;
    }
    return `${endpoint}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  async endpoint(options: OpenStackCallOptions = {}): Promise<string> {
    return (await this.#endpointOf(options, `${this.#what}.endpoint`)).url;
  }

  async microversion(options: OpenStackCallOptions = {}): Promise<string | undefined> {
    if (this.#service.spec.microversion === undefined) return undefined;
    return (await this.#endpointOf(options, `${this.#what}.microversion`)).negotiated;
  }

  // ——— waits

  #defaultFetch<R>(what: string): {
    fetch: (id: string, options: OpenStackCallOptions) => Promise<R>;
    kind: string;
  } {
    const main = DEFAULT_FETCH[this.#service.name as ServiceName];
    const row = main === undefined ? undefined : this.#tables.operations[main.method];
    if (main === undefined || row === undefined) {
      throw new ParameterError(
        `${this.#what}.${what}: give options.fetch, the method that reads the resource again`,
      );
    }
    return {
      fetch: (id, options) => this.#call(main.method, row, [id, options]) as Promise<R>,
      kind: main.kind,
    };
  }

  waitForServer(server: ResourceRef, options: WaitForServerOptions = {}): Promise<unknown> {
    return this.waitForStatus(server, {
      ...options,
      status: options.status ?? 'ACTIVE',
      ...(options.failures === undefined ? {} : { failures: options.failures }),
    });
  }

  async waitForStatus<R>(resource: ResourceRef, options: WaitForStatusOptions<R>): Promise<R> {
    if (typeof options?.status !== 'string' || options.status === '') {
      throw new ParameterError(`${this.#what}.waitForStatus: options.status names the status to wait for`);
    }
    const id = typeof resource === 'string' ? resource : record(resource)?.['id'];
    if (typeof id !== 'string' || id === '') {
      throw new ParameterError(`${this.#what}.waitForStatus: the resource (or its id) is missing`);
    }
    const attribute = options.attribute ?? 'status';
    const want = options.status.toLowerCase();
    const failures = (options.failures ?? ['ERROR']).map((status) => status.toLowerCase());
    const own = options.fetch === undefined ? this.#defaultFetch<R>('waitForStatus') : undefined;
    const fetch = options.fetch ?? (own?.fetch as (id: string, o: OpenStackCallOptions) => Promise<R>);
    const kind = own?.kind ?? 'resource';
    if (typeof resource !== 'string' && lower(record(resource)?.[attribute]) === want) return resource as R;
    let last: string | undefined;
    return this.#poll(
      `${kind} ${id} to reach ${attribute} ${options.status}`,
      options,
      async (signal) => {
        const current = await fetch(id, { signal });
        const fields = record(current);
        const value = fields?.[attribute];
        last = value === undefined || value === null ? undefined : String(value);
        const normalized = lower(value);
        if (normalized !== undefined && failures.includes(normalized)) {
          const fault = record(fields?.['fault']);
          const message = typeof fault?.['message'] === 'string' ? fault['message'] : undefined;
          throw new ResourceFailure(
            `${kind} ${id} transitioned to failure state ${String(value)}${message === undefined ? '' : `: ${message}`}`,
            {
              service: this.#service.spec.type,
              resourceId: id,
              resourceStatus: String(value),
              ...(message === undefined ? {} : { serverMessage: message }),
            },
          );
        }
        if (normalized !== want) options.callback?.(Number(fields?.['progress'] ?? 0) || 0);
        return { done: normalized === want, value: current };
      },
      () => ({ resourceId: id, ...(last === undefined ? {} : { resourceStatus: last }) }),
    );
  }

  async waitForDelete<R extends ResourceRef>(
    resource: R,
    options: WaitForDeleteOptions<unknown> = {},
  ): Promise<R> {
    const id = typeof resource === 'string' ? resource : record(resource)?.['id'];
    if (typeof id !== 'string' || id === '') {
      throw new ParameterError(`${this.#what}.waitForDelete: the resource (or its id) is missing`);
    }
    const own = options.fetch === undefined ? this.#defaultFetch<unknown>('waitForDelete') : undefined;
    const fetch = options.fetch ?? (own?.fetch as (id: string, o: OpenStackCallOptions) => Promise<unknown>);
    const kind = own?.kind ?? 'resource';
    let last: string | undefined;
    await this.#poll(
      `${kind} ${id} to be deleted`,
      options,
      async (signal) => {
        try {
          const current = record(await fetch(id, { signal }));
          const status = current?.['status'];
          last = status === undefined || status === null ? undefined : String(status);
          if (lower(status) === 'deleted') return { done: true, value: undefined };
          options.callback?.(Number(current?.['progress'] ?? 0) || 0);
          return { done: false, value: undefined };
        } catch (error) {
          if (error instanceof HttpError && error.status === 404) return { done: true, value: undefined };
          throw error;
        }
      },
      () => ({ resourceId: id, ...(last === undefined ? {} : { resourceStatus: last }) }),
    );
    return resource;
  }

  /** `waitFor` with openstacksdk's defaults, its deadline reported as `ResourceTimeout`. */
  async #poll<T>(
    description: string,
    options: WaitOptions,
    probe: (signal: AbortSignal) => Promise<{ done: boolean; value: T }>,
    facts: () => { resourceId: string; resourceStatus?: string },
  ): Promise<T> {
    const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT;
    const interval = options.interval ?? DEFAULT_INTERVAL;
    for (const [name, value] of [
      ['timeout', timeout],
      ['interval', interval],
    ] as const) {
      if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
        throw new ParameterError(`${this.#what}: ${name} must be a number of milliseconds >= 0`);
      }
    }
    const deadline = new AbortController();
    let expired = false;
    const timer =
      timeout > 0 && Number.isFinite(timeout)
        ? setTimeout(() => {
            expired = true;
            deadline.abort();
          }, timeout)
        : undefined;
    const signal =
      options.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
    try {
      const result = await waitFor(probe, {
        until: (outcome) => outcome.done,
        interval: interval === 0 ? 100 : interval,
        signal,
        description,
      });
      return result.value;
    } catch (error) {
      if (expired && !options.signal?.aborted) {
        throw new ResourceTimeout(`timed out after ${timeout} ms waiting for ${description}`, {
          timeoutMs: timeout,
          ...facts(),
          ...(error instanceof AbortError ? {} : { cause: error }),
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
