/**
 * The base of every generated service class: how each method kind maps to HTTP (the model's rules,
 * as the Python SDK applies them) and how answers are checked and read. Generated services only
 * name their paths, types and parameters.
 *
 * Every method takes the model's parameters and the call's transport options as two arguments:
 * `list(parameters?, options?)`, `add(entity, parameters?, options?)`, `<action>(parameters?,
 * options?)`. Model parameters always reach the query (get, list, add, update, remove) or the
 * `<action>` body; `options` (the runtime's `CallOptions`) never do.
 */
import {
  CALL_OPTION_NAMES,
  type CallOptions,
  ParameterError,
  type QueryValue,
  waitFor,
} from '@overcast/runtime';
import type { Connection } from './connection.js';
import { writeXml } from './xml-writer.js';

export type { CallOptions };

/** The parameters of a method the model gives none: only `{}` fits. */
export type NoParameters = Record<string, never>;

/**
 * @deprecated Call options are the runtime's `CallOptions`, the last argument of every method:
 * `list({ search }, { timeout, signal })`.
 */
export type RequestOptions = CallOptions;

export interface WaitOptions {
  /** Overall limit in milliseconds (default: none). */
  timeout?: number;
  /** Milliseconds between two probes (default 1000). */
  interval?: number;
  signal?: AbortSignal;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(CALL_OPTION_NAMES);

export class Service {
  constructor(
    protected readonly $connection: Connection,
    /** The service's path below the API root (`/vms/123`); '' for the root. */
    readonly $path: string,
  ) {}

  protected async $get<T>(
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<T> {
    return (await this.$send('GET', this.$path, parameters, options, optionNamed, undefined, [200])) as T;
  }

  protected async $list<T>(
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<T[]> {
    return (await this.$send('GET', this.$path, parameters, options, optionNamed, undefined, [200])) as T[];
  }

  protected async $add<T>(
    entity: object,
    type: string,
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<T> {
    const body = writeXml(entity, type);
    return (await this.$send(
      'POST',
      this.$path,
      parameters,
      options,
      optionNamed,
      body,
      [200, 201, 202],
    )) as T;
  }

  protected async $update<T>(
    entity: object,
    type: string,
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<T> {
    const body = writeXml(entity, type);
    return (await this.$send('PUT', this.$path, parameters, options, optionNamed, body, [200])) as T;
  }

  protected async $remove(
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<void> {
    await this.$send('DELETE', this.$path, parameters, options, optionNamed, undefined, [200]);
  }

  /**
   * POST `<path>/<segment>` with an `<action>` of the parameters; returns the `out` member, if any.
   * Every parameter is a member of the `<action>` (`upgrade({ timeout: 60 })` sends
   * `<action><timeout>60</timeout></action>`); the query carries only `options.query`.
   */
  protected async $action<T>(
    segment: string,
    out: string | undefined,
    parameters: object,
    options: CallOptions,
    optionNamed?: readonly string[],
  ): Promise<T> {
    const path = `${this.$path}/${segment}`;
    checkParameters(parameters, optionNamed, 'POST', path);
    const body = writeXml(parameters, 'Action', 'action');
    const answer = await this.$exchange('POST', path, {}, options, body, [200, 201, 202]);
    return (out === undefined ? undefined : (answer as Record<string, unknown> | undefined)?.[out]) as T;
  }

  /** Polls `get` until the entity's status is one of `status`. */
  protected $waitFor<T extends { status?: string }>(
    get: (signal: AbortSignal) => Promise<T>,
    status: string | readonly string[],
    options: WaitOptions,
  ): Promise<T> {
    const wanted = typeof status === 'string' ? [status] : status;
    return waitFor(get, {
      until: (entity) => entity.status !== undefined && wanted.includes(entity.status),
      description: `${this.$path || '/'} to be ${wanted.join(' or ')}`,
      ...options,
    });
  }

  /** Sends a request whose parameters are query parameters (get, list, add, update, remove). */
  private $send(
    method: string,
    path: string,
    parameters: object,
    options: CallOptions,
    optionNamed: readonly string[] | undefined,
    body: string | undefined,
    accepted: readonly number[],
  ): Promise<unknown> {
    checkParameters(parameters, optionNamed, method, path);
    const query: Record<string, QueryValue> = {};
    for (const [key, value] of Object.entries(parameters)) {
      if (value === undefined) continue;
      query[wireName(key)] = value instanceof Date ? value.toISOString() : (value as QueryValue);
    }
    return this.$exchange(method, path, query, options, body, accepted);
  }

  private $exchange(
    method: string,
    path: string,
    query: Record<string, QueryValue>,
    options: CallOptions,
    body: string | undefined,
    accepted: readonly number[],
  ): Promise<unknown> {
    if (typeof options !== 'object' || options === null) {
      throw new ParameterError(`${method} ${path || '/'}: the call options must be an object`);
    }
    // The caller's extra query parameters first: the method's own parameters win.
    const merged: Record<string, QueryValue> = { ...options.query, ...query };
    const headers: Record<string, string> = { ...options.headers };
    // Engines before 4.1 read all_content only from this header (as the Python SDK sends it).
    if (merged.all_content !== undefined) headers['All-Content'] = String(merged.all_content);
    return this.$connection.call(
      {
        method,
        path,
        query: merged,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      },
      accepted,
    );
  }
}

/**
 * The parameters must be an object, and hold no call option (`signal`, `headers`, `query`, `retry`,
 * `timeout`) unless the method has a model parameter of that name (`optionNamed`): JavaScript
 * callers of the old single-object shape are told where the option goes instead of having it sent.
 */
function checkParameters(
  parameters: object,
  optionNamed: readonly string[] | undefined,
  method: string,
  path: string,
): void {
  const where = `${method} ${path || '/'}`;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new ParameterError(`${where}: the parameters must be an object`);
  }
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined || !OPTION_NAMES.has(key) || optionNamed?.includes(key)) continue;
    throw new ParameterError(
      `${where}: '${key}' is a call option, not a parameter of this method: pass it in the last argument, e.g. list({ … }, { ${key} })`,
    );
  }
}

/** `allContent` → `all_content`: the generator checks that this gives every parameter's wire name. */
export function wireName(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
