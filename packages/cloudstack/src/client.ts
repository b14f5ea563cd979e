/**
 * The CloudStack client. Every command of the pinned listApis is a method, made on first use by a
 * Proxy from the generated table (as octokit does), so constructing a client costs nothing and the
 * package ships one table instead of 700 functions. `request()` calls any command by name, typed
 * when the pinned listApis knows it; `waitForJob()` waits for any job.
 */
import { ParameterError } from '@overcast/runtime/errors';
import type { TlsOptions } from '@overcast/runtime/http';
import { HttpClient, type HttpResponse, type QueryValue } from '@overcast/runtime/http';
import type { Logger } from '@overcast/runtime/log';
import {
  type ClientOptions,
  callRetry,
  type ResolvedClientOptions,
  resolveClientOptions,
} from '@overcast/runtime/options';
import { paginate } from '@overcast/runtime/paginate';
import { waitFor } from '@overcast/runtime/poll';
import { registerSecret } from '@overcast/runtime/secrets';
import {
  type CloudStackParams,
  DEFAULT_CLOUDSTACK_EXPIRATION_MS,
  signCloudStack,
} from '@overcast/runtime/signing';
import type { AsyncCallOptions, AsyncJobSubmission, CallOptions, CommandSpec } from './command-types.js';
import { type AnswerContext, apiErrorFrom, integer, unusableAnswer } from './errors.js';
import type { CloudStackCommands } from './generated/index.js';
import { checkParams } from './param-kinds.js';
import { isRead } from './reads.js';
import type {
  AnyCallOptions,
  IterateArgs,
  IterateItem,
  IterateOptions,
  NoOptions,
  RequestArgs,
  RequestResult,
  WaitForJobOptions,
  WaitForJobResult,
} from './request-types.js';
import { answerContext, decodeResponse, isObject, type Payload } from './response.js';
import { commandSpec } from './specs.js';

/**
 * Client settings: the runtime's one set of connection options (`timeout`, `retry`, `tls`,
 * `proxy`, `logger`, `debug`, `headers`, `http`) plus CloudStack's own. Durations are milliseconds.
 * `verify`, `cert`, `certKey` and `trace` are `cs`'s names, kept as aliases.
 */
export interface CloudStackOptions extends ClientOptions {
  /** The API URL, e.g. `https://cloud.example.com/client/api`; no user info (pass `key`/`secret`). */
  endpoint: string;
  /** The user's API key. */
  key: string;
  /** The user's secret key; used only to sign, never logged. */
  secret: string;
  /** `GET` (default) or `POST`. */
  method?: 'GET' | 'POST';
  /** Overall deadline of one HTTP exchange (default 10 000, as `cs`); 0: none. */
  timeout?: number;
  /** Lifetime of each signature (default 600 000); negative: no `signatureVersion`/`expires`. */
  expiration?: number;
  /** Between two job polls (default 2000, as `cs`). */
  pollInterval?: number;
  /** Longest wait for an async job (default: no limit). */
  jobTimeout?: number;
  /** Items per page for `fetchList` and `iterate` (default 500). */
  pageSize?: number;
  /**
   * Most pages fetched at once once the first page gave the total (default 32): the remaining pages
   * of a list of up to 16,500 items at the default page size go in one round, while page 1 is read.
   */
  concurrency?: number;
  /**
   * `cs`'s name for `tls`: `true` (default) verifies; `false` is `tls.insecure: true`; a string is
   * `tls.caFile`.
   */
  verify?: boolean | string;
  /** `cs`'s name for `tls.cert`: client certificate (PEM text or file path). */
  cert?: string;
  /** `cs`'s name for `tls.key`: the client certificate's key, when not in the same file. */
  certKey?: string;
  /**
   * `cs --trace`: `true` is `debug: 'trace'` (every request and answer, keys and signatures
   * redacted, to the logger); a function receives those lines instead of the logger's `debug`.
   */
  trace?: boolean | ((line: string) => void);
  /** The config region this client came from (set by `readConfig`); informative only. */
  name?: string;
}

// Ten pages at once: the first page (which tells the total) comes alone, so a listing of 10,000
// items in pages of 500 then takes two more round trips instead of nineteen.
const DEFAULTS = { timeout: 10_000, pollInterval: 2_000, pageSize: 500, concurrency: 32 };
const JOB_PENDING = 0;
const JOB_SUCCEEDED = 1;

/** One decoded answer and where it came from. */
interface Answer {
  payload: Payload;
  context: AnswerContext;
}

export interface CloudStack extends CloudStackCommands {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds the Proxy-made methods.
export class CloudStack {
  readonly endpoint: string;
  /** The options without the credentials. */
  readonly options: Readonly<Omit<CloudStackOptions, 'key' | 'secret'>>;
  private readonly resolved: ResolvedClientOptions;
  /** Made on the first request (again after `close()`), so that constructing a client costs nothing. */
  private http: HttpClient | undefined;
  /**
   * Signing closes over the key and secret, so neither is a property of the client (nor shows
   * when it is logged or inspected).
   */
  private readonly sign: (
    command: string,
    params: CloudStackParams,
  ) => { queryString: string; signature: string };
  /** Registers the key and secret with the runtime's redaction; returns the functions forgetting them. */
  private readonly registerCredentials: () => (() => void)[];
  private forgetCredentials: (() => void)[];
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
    checkEndpoint(options.endpoint);
    this.registerCredentials = () => [registerSecret(key), registerSecret(secret)];
    this.forgetCredentials = this.registerCredentials();
    this.endpoint = options.endpoint;
    this.options = rest;
    const expiration = options.expiration ?? DEFAULT_CLOUDSTACK_EXPIRATION_MS;
    this.sign = (command, params) => signCloudStack({ command, params, apiKey: key, secret, expiration });
    this.resolved = resolveClientOptions(
      { ...rest, tls: tlsWithAliases(options), ...traceOptions(options) },
      { timeout: DEFAULTS.timeout },
    );
    // biome-ignore lint/correctness/noConstructorReturn: the Proxy is the client (methods made on use).
    return new Proxy(this, {
      get(target, property, receiver) {
        if (typeof property === 'string' && !(property in target) && commandSpec(property) !== undefined) {
          return target.method(property);
        }
        return Reflect.get(target, property, receiver);
      },
    });
  }

  /**
   * Calls any command by name. A command of the pinned listApis is typed (its parameters, and its
   * result as its method's); any other name is sent as given and resolves to `unknown`. Async
   * commands (or unknown ones answering a `jobid`) are polled unless `fetchResult: false`;
   * `fetchList: true` returns every item of every page.
   */
  request<C extends string, const O extends AnyCallOptions = NoOptions>(
    command: C,
    ...args: RequestArgs<C, O>
  ): Promise<RequestResult<C, O>>;
  async request(
    command: string,
    params: CloudStackParams = {},
    options: AnyCallOptions = {},
  ): Promise<unknown> {
    const spec = commandSpec(command);
    if (spec !== undefined) checkParams(command, spec, params);
    if (options.fetchList === true) return this.fetchList(command, spec, params, options);
    const { payload, context } = await this.send(command, spec, params, options);
    const async = spec === undefined ? typeof payload['jobid'] === 'string' : spec.async === true;
    if (async && options.fetchResult !== false) {
      return this.pollJob(command, jobOf(command, payload, context), context, options);
    }
    if (async) return payload as unknown as AsyncJobSubmission;
    return spec?.list === undefined ? payload : normalizeList(payload, spec.list);
  }

  /**
   * Waits for a job to finish (one started with `fetchResult: false`, by another client or in an
   * earlier run) and resolves with its result, as the async command that started it would have:
   * name that command (`{ command: 'deployVirtualMachine' }`) to get its result type. A failed job
   * is its `CloudStackApiError`; `jobTimeout` and `signal` bound the wait.
   */
  waitForJob<const C extends string = string>(
    jobid: string,
    options: WaitForJobOptions & { command?: C } = {},
  ): Promise<WaitForJobResult<C>> {
    if (typeof jobid !== 'string' || jobid === '') {
      return Promise.reject(new ParameterError('waitForJob: "jobid" must be a non-empty string'));
    }
    const { command = 'queryAsyncJobResult', ...rest } = options;
    return this.pollJob(command, jobid, {}, rest) as Promise<WaitForJobResult<C>>;
  }

  /** Streams every item of a list command, fetching pages ahead (bounded) once the total is known. */
  iterate<C extends string>(command: C, ...args: IterateArgs<C>): AsyncIterable<IterateItem<C>>;
  iterate(
    command: string,
    params: CloudStackParams = {},
    options: IterateOptions = {},
  ): AsyncIterable<unknown> {
    const spec = commandSpec(command);
    if (spec !== undefined) checkParams(command, spec, params);
    return this.pages(command, spec, params, options);
  }

  /**
   * Closes the connection pool (calls in flight fail) and lets the runtime forget the key and
   * secret. A later call opens a new pool and registers them again.
   */
  async close(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    for (const forget of this.forgetCredentials.splice(0)) forget();
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

  private async send(
    command: string,
    spec: CommandSpec | undefined,
    params: CloudStackParams,
    options: CallOptions,
  ): Promise<Answer> {
    // As `cs`, and stricter: only reads and job polls are safe to send again, with backoff.
    const retry = callRetry(this.resolved.retry, options.retry, isRead(command, spec), command);
    if (this.forgetCredentials.length === 0) this.forgetCredentials = this.registerCredentials();
    const { queryString, signature } = this.sign(command, withQuery(params, options.query));
    registerSecret(signature, { ephemeral: true });
    const method = (options.method ?? this.options.method ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const post = method === 'POST';
    const url = post
      ? this.endpoint
      : `${this.endpoint}${this.endpoint.includes('?') ? '&' : '?'}${queryString}`;
    this.http ??= new HttpClient(this.resolved.http);
    const response: HttpResponse = await this.http.request({
      method,
      url,
      ...(post ? { body: queryString } : {}),
      headers: {
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...options.headers,
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(retry === undefined ? {} : { retry }),
    });
    return { payload: decodeResponse(command, response), context: answerContext(response) };
  }

  /**
   * Polls `queryAsyncJobResult` until the job ends; its result, or its error as CloudStackApiError.
   * `submitted` is the answer that started the job, when this client sent it.
   */
  private async pollJob(
    command: string,
    jobid: string,
    submitted: AnswerContext,
    options: Omit<AsyncCallOptions, 'fetchResult'>,
  ): Promise<unknown> {
    const jobTimeout = options.jobTimeout ?? this.options.jobTimeout;
    // The call's `query` is for its command; polls take the rest (method, timeout, retry, headers).
    const { query: _query, ...pollOptions } = options;
    const job = await waitFor(
      async (signal) =>
        (
          await this.send(
            'queryAsyncJobResult',
            commandSpec('queryAsyncJobResult'),
            { jobid },
            { ...pollOptions, signal },
          )
        ).payload,
      {
        // `jobstatus` may come as a number or as its decimal string.
        until: (answer) => integer(answer['jobstatus']) !== JOB_PENDING,
        interval: options.pollInterval ?? this.options.pollInterval ?? DEFAULTS.pollInterval,
        ...(jobTimeout === undefined ? {} : { timeout: jobTimeout }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        description: `job ${jobid} of ${command}`,
      },
    );
    const result = job['jobresult'];
    const resultcode = integer(job['jobresultcode']);
    const failure = { ...submitted, jobid, body: JSON.stringify(job), status: undefined };
    if (integer(job['jobstatus']) !== JOB_SUCCEEDED || (resultcode !== undefined && resultcode !== 0)) {
      throw apiErrorFrom(command, jobError(result, resultcode), failure);
    }
    if (!isObject(result)) {
      throw unusableAnswer(`${command} (job ${jobid}) succeeded without a result object`, {
        ...submitted,
        command,
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
    options: IterateOptions,
  ): AsyncIterable<unknown> {
    if (spec !== undefined && spec.pages !== true) {
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
        const { payload, context } = await this.send(
          command,
          spec,
          { ...params, page, pagesize: pageSize },
          { ...options, signal },
        );
        const count = integer(payload['count']);
        return {
          items: listItems(command, payload, spec?.list, context),
          ...(count === undefined ? {} : { total: count }),
        };
      },
    });
  }
}

/** The job id of an async command's answer. */
function jobOf(command: string, submission: Payload, context: AnswerContext): string {
  const jobid = submission['jobid'];
  if (typeof jobid !== 'string' || jobid === '') {
    throw unusableAnswer(`${command}: async answer has no "jobid"`, {
      ...context,
      command,
      body: JSON.stringify(submission),
    });
  }
  return jobid;
}

/**
 * A failed job's error object: its `jobresult`, given the job's result code as its `errorcode` when
 * it has none (a `text` result is the error text).
 */
function jobError(result: unknown, resultcode: number | undefined): unknown {
  const code = resultcode === undefined || resultcode === 0 ? {} : { errorcode: resultcode };
  if (typeof result === 'string') return { ...code, errortext: result };
  if (isObject(result)) return result['errorcode'] === undefined ? { ...result, ...code } : result;
  return code;
}

/**
 * CloudStack authenticates each request with the key and secret: user info in the endpoint would
 * be sent to nobody and silently dropped, so it is refused (without repeating it).
 */
function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ParameterError('CloudStack: "endpoint" must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParameterError(`CloudStack: "endpoint" must be an http(s) URL, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ParameterError(
      'CloudStack: the endpoint URL carries user info, which CloudStack does not use: remove it, and pass the API key and secret key as the "key" and "secret" options',
    );
  }
}

/** `tls` with `cs`'s aliases (`verify`, `cert`, `certKey`) folded in; both spellings must agree. */
function tlsWithAliases(options: CloudStackOptions): TlsOptions | undefined {
  const tls: TlsOptions = { ...options.tls };
  const alias = <K extends keyof TlsOptions>(name: string, field: K, value: TlsOptions[K] | undefined) => {
    if (value === undefined) return;
    if (tls[field] !== undefined && tls[field] !== value) {
      throw new ParameterError(`CloudStack: "${name}" and "tls.${field}" disagree; give one of them`);
    }
    tls[field] = value;
  };
  const { verify } = options;
  if (verify !== undefined && typeof verify !== 'boolean' && typeof verify !== 'string') {
    throw new ParameterError('CloudStack: "verify" must be true, false or the path of a CA bundle');
  }
  if (verify === false) alias('verify', 'insecure', true);
  if (typeof verify === 'string') alias('verify', 'caFile', verify);
  alias('cert', 'cert', options.cert);
  alias('certKey', 'key', options.certKey);
  return Object.keys(tls).length === 0 ? undefined : tls;
}

/** `trace` as the runtime's `debug: 'trace'`, its function (if any) taking the debug lines. */
function traceOptions(options: CloudStackOptions): Pick<ClientOptions, 'debug' | 'logger'> {
  const { trace, logger } = options;
  if (trace === undefined || trace === false) return {};
  if (trace === true) return { debug: 'trace' };
  if (typeof trace !== 'function') {
    throw new ParameterError('CloudStack: "trace" must be a boolean or a function taking one line');
  }
  const line = (...args: unknown[]) => trace(args.map(String).join(' '));
  const sink: Logger = logger ?? { debug: line, info: line, warn: line, error: line };
  return { debug: 'trace', logger: { ...bound(sink), debug: line } };
}

/** A logger's methods bound to it, so they survive being copied into another object. */
function bound(logger: Logger): Logger {
  return {
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
  };
}

/** The call's `query` signed in with the parameters; the parameters win on a clash. */
function withQuery(
  params: CloudStackParams,
  query: Record<string, QueryValue> | undefined,
): CloudStackParams {
  if (query === undefined) return params;
  return { ...query, ...params };
}

/** A list answer's items: under the expected key, else under its one key that is not `count`. */
function listItems(
  command: string,
  payload: Payload,
  itemKey: string | undefined,
  context: AnswerContext,
): unknown[] {
  const unusable = (message: string) =>
    unusableAnswer(message, { ...context, command, body: JSON.stringify(payload) });
  const keys = Object.keys(payload).filter((key) => key !== 'count');
  const key = itemKey !== undefined && itemKey !== '' && keys.includes(itemKey) ? itemKey : keys[0];
  if (key === undefined) return [];
  if (keys.length > 1 && key !== itemKey) {
    throw unusable(`${command}: list answer has several collections (${keys.join(', ')}); use request()`);
  }
  const items = payload[key];
  if (!Array.isArray(items)) {
    throw unusable(`${command}: "${key}" in the list answer is not an array`);
  }
  return items;
}

/** An empty list answer is `{}` (or `{ count }` past the end): give it its count and empty list. */
function normalizeList(payload: Payload, itemKey: string): Payload {
  const keys = Object.keys(payload).filter((key) => key !== 'count');
  if (keys.length > 0) return payload;
  return { count: integer(payload['count']) ?? 0, [itemKey]: [] };
}
