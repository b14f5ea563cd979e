/**
 * The CloudStack client. Every command of the pinned listApis is a method, made on first use by a
 * Proxy from the generated table (as octokit does), so constructing a client costs nothing and the
 * package ships one compact table instead of 700 functions. `request()` calls any command by name.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { HttpClient, type HttpClientOptions, type HttpResponse } from '@overcast/runtime/http';
import { type Logger, redact } from '@overcast/runtime/log';
import { paginate } from '@overcast/runtime/paginate';
import { waitFor } from '@overcast/runtime/poll';
import {
  type CloudStackParams,
  DEFAULT_CLOUDSTACK_EXPIRATION_MS,
  signCloudStack,
} from '@overcast/runtime/signing';
import type {
  AsyncCallOptions,
  AsyncJobSubmission,
  CallOptions,
  CommandSpec,
  FetchListOptions,
} from './command-types.js';
import { apiErrorFrom, CloudStackError } from './errors.js';
import { type CloudStackCommands, COMMANDS, type CommandParams, type ListItems } from './generated/index.js';
import { checkParams } from './param-kinds.js';
import { decodeResponse, isObject, type Payload } from './response.js';

/** Client settings. Durations are milliseconds. */
export interface CloudStackOptions {
  /** The API URL, e.g. `https://cloud.example.com/client/api`. */
  endpoint: string;
  /** The user's API key. */
  key: string;
  /** The user's secret key; used only to sign, never logged. */
  secret: string;
  /** `GET` (default) or `POST`. */
  method?: 'GET' | 'POST';
  /** Limit for one HTTP exchange (default 10 000, as `cs`). */
  timeout?: number;
  /** Re-sends after connection failures, for `list*` and `queryAsyncJobResult` only (default 0). */
  retry?: number;
  /** Lifetime of each signature (default 600 000); negative: no `signatureVersion`/`expires`. */
  expiration?: number;
  /** Between two job polls (default 2000, as `cs`). */
  pollInterval?: number;
  /** Longest wait for an async job (default: no limit). */
  jobTimeout?: number;
  /** Items per page for `fetchList` and `iterate` (default 500). */
  pageSize?: number;
  /**
   * Most pages fetched at once once the total is known (default 8: bounded, yet enough to hide
   * most of a slow server's time per page).
   */
  concurrency?: number;
  /** `true` (default) verifies TLS; `false` does not; a string is the path of a CA bundle. */
  verify?: boolean | string;
  /** Client certificate (PEM text or file path), and its key when not in the same file. */
  cert?: string;
  certKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Receives debug lines (method, redacted URL, status, duration). */
  logger?: Logger;
  /** Receives every request and answer, with keys and signatures redacted (`cs --trace`). */
  trace?: (line: string) => void;
  /** The config region this client came from (set by `readConfig`); informative only. */
  name?: string;
}

/** What `request()` and the typed methods accept, all kinds together. */
export type AnyCallOptions = CallOptions &
  Partial<Pick<AsyncCallOptions, 'fetchResult' | 'pollInterval' | 'jobTimeout'>> &
  Partial<Omit<FetchListOptions, keyof CallOptions>>;

export type ListCommandName = keyof ListItems & string;

// Ten pages at once: the first page (which tells the total) comes alone, so a listing of 10,000
// items in pages of 500 then takes two more round trips instead of nineteen.
const DEFAULTS = { timeout: 10_000, pollInterval: 2_000, pageSize: 500, concurrency: 10 };
const JOB_PENDING = 0;
const JOB_SUCCEEDED = 1;

export interface CloudStack extends CloudStackCommands {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds the Proxy-made methods.
export class CloudStack {
  readonly endpoint: string;
  /** The options without the credentials. */
  readonly options: Readonly<Omit<CloudStackOptions, 'key' | 'secret'>>;
  private readonly httpOptions: HttpClientOptions;
  /** Made on the first request (again after `close()`), so that constructing a client costs nothing. */
  private http: HttpClient | undefined;
  /**
   * Signing and redaction close over the key and secret, so neither is a property of the client
   * (nor shows when it is logged or inspected).
   */
  private readonly sign: (command: string, params: CloudStackParams) => string;
  private readonly hideCredentials: (text: string) => string;
  private readonly methods = new Map<
    string,
    (params?: CloudStackParams, options?: AnyCallOptions) => Promise<unknown>
  >();

  constructor(options: CloudStackOptions) {
    const { key, secret, ...rest } = options;
    for (const name of ['endpoint', 'key', 'secret'] as const) {
      if (typeof options[name] !== 'string' || options[name] === '') {
        throw new ParameterError(`CloudStack: "${name}" must be a non-empty string`);
      }
    }
    this.endpoint = options.endpoint;
    this.options = rest;
    const expiration = options.expiration ?? DEFAULT_CLOUDSTACK_EXPIRATION_MS;
    this.sign = (command, params) =>
      signCloudStack({ command, params, apiKey: key, secret, expiration }).queryString;
    this.hideCredentials = (text) => redact(text, { secrets: [secret, key] });
    this.httpOptions = {
      timeout: options.timeout ?? DEFAULTS.timeout,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.verify === false ? { insecure: true } : {}),
      ...(typeof options.verify === 'string' ? { caFile: options.verify } : {}),
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.certKey === undefined ? {} : { key: options.certKey }),
    };
    // biome-ignore lint/correctness/noConstructorReturn: the Proxy is the client (methods made on use).
    return new Proxy(this, {
      get(target, property, receiver) {
        if (typeof property === 'string' && !(property in target) && Object.hasOwn(COMMANDS, property)) {
          return target.method(property);
        }
        return Reflect.get(target, property, receiver);
      },
    });
  }

  /**
   * Calls any command by name, typed or not: async commands (or unknown ones answering a `jobid`)
   * are polled unless `fetchResult: false`; `fetchList: true` returns every item of every page.
   */
  async request(
    command: string,
    params: CloudStackParams = {},
    options: AnyCallOptions = {},
  ): Promise<unknown> {
    const spec = COMMANDS[command];
    if (spec !== undefined) checkParams(command, spec, params);
    if (options.fetchList === true) return this.fetchList(command, spec, params, options);
    const payload = await this.send(command, params, options);
    const async = spec === undefined ? typeof payload['jobid'] === 'string' : (spec[0] & 1) === 1;
    if (async && options.fetchResult !== false) return this.jobResult(command, payload, options);
    if (async) return payload as unknown as AsyncJobSubmission;
    return spec?.[1] ? normalizeList(payload, spec[1]) : payload;
  }

  /** Streams every item of a list command, fetching pages ahead (bounded) once the total is known. */
  iterate<C extends ListCommandName>(
    command: C,
    params?: CommandParams[C],
    options?: CallOptions & { pageSize?: number; concurrency?: number },
  ): AsyncIterable<ListItems[C]>;
  iterate(
    command: string,
    params?: CloudStackParams,
    options?: CallOptions & { pageSize?: number; concurrency?: number },
  ): AsyncIterable<unknown>;
  iterate(
    command: string,
    params: CloudStackParams = {},
    options: CallOptions & { pageSize?: number; concurrency?: number } = {},
  ): AsyncIterable<unknown> {
    const spec = COMMANDS[command];
    if (spec !== undefined) checkParams(command, spec, params);
    return this.pages(command, spec, params, options);
  }

  /** Closes the connection pool; calls in flight fail. */
  async close(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    await http?.close();
  }

  private method(command: string) {
    let method = this.methods.get(command);
    if (method === undefined) {
      method = (params?: CloudStackParams, options?: AnyCallOptions) =>
        this.request(command, params, options);
      this.methods.set(command, method);
    }
    return method;
  }

  private async send(command: string, params: CloudStackParams, options: CallOptions): Promise<Payload> {
    const queryString = this.sign(command, params);
    const method = options.method ?? this.options.method ?? 'GET';
    const post = method.toUpperCase() === 'POST';
    const url = post
      ? this.endpoint
      : `${this.endpoint}${this.endpoint.includes('?') ? '&' : '?'}${queryString}`;
    // As `cs`: only reads and job polls are safe to send again.
    const retry = /^(list|queryAsync)/.test(command) ? (this.options.retry ?? 0) : 0;
    this.traceLine(`${post ? 'POST' : 'GET'} ${url}${post ? `\n${queryString}` : ''}`);
    this.http ??= new HttpClient(this.httpOptions);
    const response: HttpResponse = await this.http.request({
      method: post ? 'POST' : 'GET',
      url,
      ...(post ? { body: queryString } : {}),
      headers: {
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...options.headers,
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(retry > 0 ? { retry: { retries: retry, minDelay: 0, maxDelay: 0 } } : {}),
    });
    this.traceLine(`HTTP ${response.status}\n${response.body}`);
    return decodeResponse(command, response);
  }

  private traceLine(line: string): void {
    this.options.trace?.(this.hideCredentials(line));
  }

  /** Polls `queryAsyncJobResult` until the job ends; its result, or its error as CloudStackApiError. */
  private async jobResult(command: string, submission: Payload, options: AsyncCallOptions): Promise<unknown> {
    const jobid = submission['jobid'];
    if (typeof jobid !== 'string' || jobid === '') {
      throw new CloudStackError(`${command}: async answer has no "jobid"`, {
        body: JSON.stringify(submission),
      });
    }
    const jobTimeout = options.jobTimeout ?? this.options.jobTimeout;
    const job = await waitFor(
      (signal) => this.send('queryAsyncJobResult', { jobid }, { ...options, signal }),
      {
        until: (answer) => answer['jobstatus'] !== JOB_PENDING,
        interval: options.pollInterval ?? this.options.pollInterval ?? DEFAULTS.pollInterval,
        ...(jobTimeout === undefined ? {} : { timeout: jobTimeout }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        description: `job ${jobid} of ${command}`,
      },
    );
    const result = job['jobresult'];
    const resultcode = job['jobresultcode'];
    if (
      job['jobstatus'] !== JOB_SUCCEEDED ||
      (resultcode !== undefined && resultcode !== 0 && resultcode !== '0')
    ) {
      throw apiErrorFrom(command, result, { jobid, body: JSON.stringify(job) });
    }
    if (!isObject(result)) {
      throw new CloudStackError(`${command} (job ${jobid}) succeeded without a result object`, {
        body: JSON.stringify(job),
      });
    }
    return result;
  }

  private async fetchList(
    command: string,
    spec: CommandSpec | undefined,
    params: CloudStackParams,
    options: AnyCallOptions,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    for await (const item of this.pages(command, spec, params, options)) items.push(item);
    return items;
  }

  private pages(
    command: string,
    spec: CommandSpec | undefined,
    params: CloudStackParams,
    options: CallOptions & { pageSize?: number; concurrency?: number },
  ): AsyncIterable<unknown> {
    if (spec !== undefined && (spec[0] & 2) === 0) {
      throw new ParameterError(`${command} does not take page/pagesize: it cannot be fetched page by page`);
    }
    const pageSize = Number(
      params['pagesize'] ?? options.pageSize ?? this.options.pageSize ?? DEFAULTS.pageSize,
    );
    return paginate({
      pageSize,
      concurrency: options.concurrency ?? this.options.concurrency ?? DEFAULTS.concurrency,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      fetchPage: async (page, signal) => {
        const payload = await this.send(
          command,
          { ...params, page, pagesize: pageSize },
          { ...options, signal },
        );
        const count = payload['count'];
        return {
          items: listItems(command, payload, spec?.[1]),
          ...(typeof count === 'number' ? { total: count } : {}),
        };
      },
    });
  }
}

/** A list answer's items: under the expected key, else under its one key that is not `count`. */
function listItems(command: string, payload: Payload, itemKey: string | undefined): unknown[] {
  const keys = Object.keys(payload).filter((key) => key !== 'count');
  const key = itemKey !== undefined && itemKey !== '' && keys.includes(itemKey) ? itemKey : keys[0];
  if (key === undefined) return [];
  if (keys.length > 1 && key !== itemKey) {
    throw new CloudStackError(
      `${command}: list answer has several collections (${keys.join(', ')}); use request()`,
    );
  }
  const items = payload[key];
  if (!Array.isArray(items))
    throw new CloudStackError(`${command}: "${key}" in the list answer is not an array`);
  return items;
}

/** An empty list answer is `{}` (or `{ count }` past the end): give it its count and empty list. */
function normalizeList(payload: Payload, itemKey: string): Payload {
  const keys = Object.keys(payload).filter((key) => key !== 'count');
  if (keys.length > 0) return payload;
  return { count: typeof payload['count'] === 'number' ? payload['count'] : 0, [itemKey]: [] };
}
