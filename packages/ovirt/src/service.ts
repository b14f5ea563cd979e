/**
 * The base of every generated service class: how each method kind maps to HTTP (the model's rules,
 * as the Python SDK applies them) and how answers are checked and read. Generated services only
 * name their paths, types and parameters.
 */
import type { QueryValue } from '@overcast/runtime';
import { waitFor } from '@overcast/runtime';
import { readAnswer } from './answers.js';
import type { Connection } from './connection.js';
import { writeXml } from './xml-writer.js';

/** What every method accepts besides its model parameters. */
export interface RequestOptions {
  /** Extra headers for this request (over the connection's). */
  headers?: Record<string, string>;
  /** Extra query parameters; the method's own parameters win over keys of the same name. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Milliseconds for this request. */
  timeout?: number;
}

export interface WaitOptions {
  /** Overall limit in milliseconds (default: none). */
  timeout?: number;
  /** Milliseconds between two probes (default 1000). */
  interval?: number;
  signal?: AbortSignal;
}

const REQUEST_KEYS = new Set(['headers', 'query', 'signal', 'timeout']);

export class Service {
  constructor(
    protected readonly $connection: Connection,
    /** The service's path below the API root (`/vms/123`); '' for the root. */
    readonly $path: string,
  ) {}

  protected async $get<T>(options: RequestOptions): Promise<T> {
    return (await this.$send('GET', this.$path, options, undefined, [200])) as T;
  }

  protected async $list<T>(options: RequestOptions): Promise<T[]> {
    return (await this.$send('GET', this.$path, options, undefined, [200])) as T[];
  }

  protected async $add<T>(body: object, type: string, options: RequestOptions): Promise<T> {
    return (await this.$send('POST', this.$path, options, writeXml(body, type), [200, 201, 202])) as T;
  }

  protected async $update<T>(body: object, type: string, options: RequestOptions): Promise<T> {
    return (await this.$send('PUT', this.$path, options, writeXml(body, type), [200])) as T;
  }

  protected async $remove(options: RequestOptions): Promise<void> {
    await this.$send('DELETE', this.$path, options, undefined, [200]);
  }

  /** POST `<path>/<segment>` with an `<action>` of the parameters; returns the `out` member, if any. */
  protected async $action<T>(segment: string, options: RequestOptions, out?: string): Promise<T> {
    const fields = Object.fromEntries(Object.entries(options).filter(([key]) => !REQUEST_KEYS.has(key)));
    const body = writeXml(fields, 'Action', 'action');
    const answer = await this.$send(
      'POST',
      `${this.$path}/${segment}`,
      requestOnly(options),
      body,
      [200, 201, 202],
    );
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

  /** Sends a request; parameters other than the request options become query parameters. */
  private async $send(
    method: string,
    path: string,
    options: RequestOptions,
    body: string | undefined,
    accepted: readonly number[],
  ): Promise<unknown> {
    const query: Record<string, QueryValue> = { ...options.query };
    for (const [key, value] of Object.entries(options)) {
      if (REQUEST_KEYS.has(key) || value === undefined) continue;
      query[wireName(key)] = value instanceof Date ? value.toISOString() : (value as QueryValue);
    }
    const headers: Record<string, string> = { ...options.headers };
    // Engines before 4.1 read all_content only from this header (as the Python SDK sends it).
    if (query.all_content !== undefined) headers['All-Content'] = String(query.all_content);
    const response = await this.$connection.send({
      method,
      path,
      query,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
    return readAnswer(response, method, path, accepted);
  }
}

/** `allContent` → `all_content`: the generator checks that this gives every parameter's wire name. */
export function wireName(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function requestOnly(options: RequestOptions): RequestOptions {
  return Object.fromEntries(Object.entries(options).filter(([key]) => REQUEST_KEYS.has(key)));
}
