/**
 * The EC2 client. Every operation of the pinned botocore model is a method (`describeInstances`),
 * every paginator a `paginate…` async iterator and every waiter a `waitUntil…`, all put on the
 * prototype once, from the generated table, when this module loads: constructing a client reads
 * no file (unless a setting must come from `~/.aws`) and opens no connection.
 *
 * A call serializes its input with the generated table (a `ParameterError` before anything is
 * sent), signs it — SigV4 over a POST form body (the only form Keystone verifies for ec2-api), or
 * SigV2 with HmacSHA256 — sends it through the runtime's HTTP client, and reads the answer with the
 * generated reader into the model's types, with `$metadata` as aws-sdk-js-v3 gives it. An error
 * answer is the `Ec2Error` of its kind (`errors.ts`).
 */
import {
  ConnectionError,
  DecodeError,
  ParameterError,
  RateLimitError,
  TimeoutError,
} from '@overcast/runtime/errors';
import type { HttpClient, HttpResponse, TlsOptions } from '@overcast/runtime/http';
import type { Logger } from '@overcast/runtime/log';
import {
  type CallOptions,
  type ClientOptions,
  callRetry,
  type ResolvedClientOptions,
  resolveClientOptions,
} from '@overcast/runtime/options';
import { type Outcome, parseRetryAfter, type RetryPolicy, withRetry } from '@overcast/runtime/retry';
import { registerSecret, scrubSecrets } from '@overcast/runtime/secrets';
import { signSigV2, signSigV4 } from '@overcast/runtime/signing-aws';
import { type CheckedXmlText, xmlTextSink } from '@overcast/runtime/xml';
import type {
  Ec2CallOptions,
  Ec2Output,
  Ec2PaginateOptions,
  Ec2WaiterOptions,
  ResponseMetadata,
} from './client-types.js';
import {
  type Environment,
  nonEmpty,
  type Profile,
  type ResolvedCredentials,
  resolveCredentials,
  resolveProfile,
} from './config.js';
import { type AnswerContext, Ec2Error, Ec2WaiterError, errorFromAnswer, unusableAnswer } from './errors.js';
import type { Ec2Operations } from './generated/client.js';
import { INPUT_SHAPES, OPERATIONS, PROTOCOL } from './generated/operations.js';
import { PAGINATORS, type PaginatorName } from './generated/paginators.js';
import type { OperationName, OperationTypes } from './generated/types.js';
import { WAITERS, type WaiterName } from './generated/waiters.js';
import { paginatePages } from './paginate.js';
import type { WaiterSpec } from './protocol.js';
import { encodeQueryParams, type QueryParam, queryParams } from './query.js';
import { runWaiter } from './waiters.js';
import { parseErrorResponse } from './xml-errors.js';
import { readResponse, responseSink, type StreamedResponse } from './xml-reader.js';

/**
 * Client settings: the runtime's one set of connection options (`timeout`, `retry`, `tls`,
 * `proxy`, `logger`, `debug`, `headers`, `http`) plus EC2's own. Durations are milliseconds.
 * boto's names (`host`, `port`, `path`, `isSecure`, `awsAccessKeyId`, `awsSecretAccessKey`,
 * `securityToken`, `validateCerts`) are aliases.
 */
export interface EC2Options extends ClientOptions {
  /**
   * The API URL, e.g. `http://api-node:8788/services/Cloud` (ec2-api) — the path is part of what is
   * signed. No user info (pass the keys), no query string. Default: `host`/`port`/`path`/`isSecure`,
   * else `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else AWS's
   * `https://ec2.<region>.amazonaws.com/`.
   */
  endpoint?: string;
  /** boto's `host`: the endpoint's host name, instead of `endpoint`. */
  host?: string;
  /** boto's `port` (default 443, or 80 with `isSecure: false`). */
  port?: number;
  /** boto's `path` (default `/`). */
  path?: string;
  /** boto's `is_secure`: `https` (default) or `http`. */
  isSecure?: boolean;
  /** The access key (`openstack ec2 credentials create`'s `access`); default: environment, then profile. */
  accessKeyId?: string;
  /** The secret key; used only to sign, never logged or shown in an error. */
  secretAccessKey?: string;
  /** A temporary credential's token (`X-Amz-Security-Token` / `SecurityToken`). */
  sessionToken?: string;
  /** boto's `aws_access_key_id`. */
  awsAccessKeyId?: string;
  /** boto's `aws_secret_access_key`. */
  awsSecretAccessKey?: string;
  /** boto's `security_token`. */
  securityToken?: string;
  /** The `~/.aws` profile to read (botocore's `profile_name`: the environment's keys then do not apply). */
  profile?: string;
  /**
   * The SigV4 credential scope's region (`nova`, `RegionOne`, `us-east-1`: Keystone accepts the one
   * the client signs with). Default: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`,
   * else `us-east-1` for an endpoint given explicitly, as boto does.
   */
  region?: string;
  /** `4` (default): SigV4 over a POST form body; `2`: SigV2 with HmacSHA256 (Keystone verifies both). */
  signatureVersion?: 2 | 4;
  /** boto's `validate_certs`: `false` is `tls.insecure: true`. */
  validateCerts?: boolean;
  /**
   * Largest answer accepted, in bytes; a larger one is a `DecodeError` naming this option. Default
   * 4 GiB for answers read as they arrive (every successful answer but a paginator's pages, whose
   * size the page size bounds) and 64 MiB for one held whole (pages, errors).
   */
  maxResponseSize?: number;
  /** Where `AWS_*` variables are read from (default `process.env`). */
  env?: Environment;
}

/** The options the client keeps: without any credential, nor the environment they may come from. */
export type EC2PublicOptions = Readonly<
  Omit<
    EC2Options,
    | 'accessKeyId'
    | 'secretAccessKey'
    | 'sessionToken'
    | 'awsAccessKeyId'
    | 'awsSecretAccessKey'
    | 'securityToken'
    | 'env'
  >
>;

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
/** The limit of an answer held whole (pages and errors) unless the caller sets `maxResponseSize`. */
const DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024;
/** Longest body excerpt put in an error message. */
const EXCERPT = 200;

/**
 * The operations that only read, and so are retried when `retry` allows: every `Describe*` and
 * `Get*` (`GetConsoleOutput`, `GetPasswordData`). Any other operation is a write, sent once, unless
 * its input has a `ClientToken`, which makes it idempotent (boto3's rule).
 */
export function isReadOperation(operation: string): boolean {
  return operation.startsWith('Describe') || operation.startsWith('Get');
}

/** Whether a call is safe to send again: a read, or a write carrying a `ClientToken`. */
export function isIdempotent(operation: string, input: object | undefined): boolean {
  if (isReadOperation(operation)) return true;
  const shape = OPERATIONS[operation as OperationName]?.input;
  if (shape === undefined || INPUT_SHAPES[shape]?.members['ClientToken'] === undefined) return false;
  const token = (input as Record<string, unknown> | undefined)?.['ClientToken'];
  return typeof token === 'string' && token !== '';
}

/** HTTP statuses a read is retried on (botocore's transient ones; 429 and 503 honour Retry-After). */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Error codes a read is retried on besides the throttling ones (botocore's transient codes). */
const TRANSIENT_CODES = new Set(['InternalError', 'ServiceUnavailable', 'Unavailable', 'RequestTimeout']);

/**
 * The runtime's HTTP stack (and undici under it), loaded by the first request rather than by
 * `import '@overcast/ec2'`: a program that only builds clients, or fails before sending, never
 * loads it.
 */
let httpModule: Promise<typeof import('@overcast/runtime/http')> | undefined;

function loadHttp(): Promise<typeof import('@overcast/runtime/http')> {
  httpModule ??= import('@overcast/runtime/http');
  return httpModule;
}

/** What a signed request sends. */
interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** The answer of one attempt. */
interface Attempted<T> {
  output: T;
  requestId: string | undefined;
  status: number;
}

export interface EC2 extends Ec2Operations {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds the table-made methods.
export class EC2 {
  /** The API URL requests are sent (and signed) to. */
  readonly endpoint: string;
  /** The SigV4 credential scope's region (undefined with SigV2 and none configured). */
  readonly region: string | undefined;
  readonly signatureVersion: 2 | 4;
  /** Where the credentials came from: `options`, `environment`, or the file and profile. */
  readonly credentialSource: string;
  /** The options without the credentials. */
  readonly options: EC2PublicOptions;
  readonly #url: URL;
  readonly #resolved: ResolvedClientOptions;
  /** The caller's `maxResponseSize`, if any. */
  readonly #maxResponseSize: number | undefined;
  /** Signing closes over the credentials, so none is a property of the client (nor shows when inspected). */
  readonly #sign: (body: QueryParam[]) => SignedRequest;
  readonly #registerSecrets: () => (() => void)[];
  #forget: (() => void)[];
  #http: HttpClient | undefined;

  constructor(options: EC2Options = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ParameterError('EC2: the options must be an object');
    }
    const env = options.env ?? process.env;
    const {
      accessKeyId: _accessKeyId,
      secretAccessKey: _secretAccessKey,
      sessionToken: _sessionToken,
      awsAccessKeyId: _awsAccessKeyId,
      awsSecretAccessKey: _awsSecretAccessKey,
      securityToken: _securityToken,
      env: _env,
      ...rest
    } = options;
    this.options = rest;
    const signatureVersion = options.signatureVersion ?? 4;
    if (signatureVersion !== 2 && signatureVersion !== 4) {
      throw new ParameterError(`EC2: "signatureVersion" must be 4 or 2, not ${String(signatureVersion)}`);
    }
    this.signatureVersion = signatureVersion;

    const explicitEndpoint = endpointFromOptions(options);
    // Before anything else, so that user info is refused whatever else is wrong.
    if (explicitEndpoint !== undefined) checkEndpoint(explicitEndpoint);

    // The profile is read once, and only when a setting must come from it.
    let profile: Profile | undefined;
    const sources = { env, profile: options.profile };
    const readProfile = () => {
      profile ??= resolveProfile(sources);
      return profile;
    };
    const credentials: ResolvedCredentials = resolveCredentials(
      {
        accessKeyId: alias('accessKeyId', options.accessKeyId, 'awsAccessKeyId', options.awsAccessKeyId),
        secretAccessKey: alias(
          'secretAccessKey',
          options.secretAccessKey,
          'awsSecretAccessKey',
          options.awsSecretAccessKey,
        ),
        sessionToken: alias('sessionToken', options.sessionToken, 'securityToken', options.securityToken),
      },
      sources,
      readProfile,
    );
    this.credentialSource = credentials.source;
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    this.#registerSecrets = () => [registerSecret(secretAccessKey), registerSecret(sessionToken)];
    this.#forget = this.#registerSecrets();

    const endpointFromEnv =
      explicitEndpoint === undefined
        ? (nonEmpty(env['AWS_ENDPOINT_URL_EC2']) ?? nonEmpty(env['AWS_ENDPOINT_URL']))
        : undefined;
    const ignoreConfigured = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true';
    let endpoint = explicitEndpoint ?? (ignoreConfigured ? undefined : endpointFromEnv);
    const profileValue = (key: string) => nonEmpty(readProfile().config?.values.get(key));
    if (endpoint === undefined && !ignoreConfigured) endpoint = profileValue('endpoint_url');
    if (options.region !== undefined && (typeof options.region !== 'string' || options.region === '')) {
      throw new ParameterError('EC2: "region" must be a non-empty string');
    }
    let region =
      options.region ??
      nonEmpty(env['AWS_REGION']) ??
      nonEmpty(env['AWS_DEFAULT_REGION']) ??
      profileValue('region');
    if (region === undefined && endpoint !== undefined && signatureVersion === 4) region = 'us-east-1';
    if (endpoint === undefined) {
      if (region === undefined) {
        throw new ParameterError(
          'EC2: no endpoint and no region: pass endpoint (e.g. http://api-node:8788/services/Cloud) or region, or set AWS_ENDPOINT_URL / AWS_DEFAULT_REGION',
        );
      }
      endpoint = `https://ec2.${region}.amazonaws.com/`;
    }
    this.#url = checkEndpoint(endpoint);
    this.endpoint = this.#url.href;
    this.region = region;

    const maxResponseSize = options.maxResponseSize ?? options.http?.maxResponseSize;
    if (
      maxResponseSize !== undefined &&
      (typeof maxResponseSize !== 'number' || !Number.isSafeInteger(maxResponseSize) || maxResponseSize < 1)
    ) {
      throw new ParameterError(
        `EC2: "maxResponseSize" must be a positive number of bytes, not ${String(maxResponseSize)}`,
      );
    }
    this.#maxResponseSize = maxResponseSize;
    this.#resolved = resolveClientOptions({
      ...rest,
      tls: tlsWithAliases(options),
      http: { ...rest.http, ...(maxResponseSize === undefined ? {} : { maxResponseSize }) },
    });

    const host = this.#url.host;
    const path = this.#url.pathname;
    if (signatureVersion === 4) {
      const scope = region as string;
      this.#sign = (params) => {
        const body = encodeQueryParams(params);
        const signed = signSigV4({
          method: 'POST',
          host,
          path,
          headers: { 'Content-Type': CONTENT_TYPE },
          body,
          region: scope,
          service: 'ec2',
          accessKeyId,
          secretAccessKey,
          sessionToken,
        });
        registerSecret(signed.signature, { ephemeral: true });
        return { headers: { 'content-type': CONTENT_TYPE, ...signed.headers }, body };
      };
    } else {
      this.#sign = (params) => {
        const signed = signSigV2({
          method: 'POST',
          host,
          path,
          params,
          accessKeyId,
          secretAccessKey,
          sessionToken,
        });
        registerSecret(signed.signature, { ephemeral: true });
        return { headers: { 'content-type': CONTENT_TYPE }, body: signed.encoded };
      };
    }
  }

  /** The logger the client writes its debug lines to (redacting). */
  get logger(): Logger {
    return this.#resolved.logger;
  }

  /**
   * Sends any operation of the model by name (`'DescribeInstances'`): what every typed method
   * does.
   *
   * @throws ParameterError for an unknown operation or an input the model does not allow (nothing
   *   is sent), or `retry` asked of a write
   * @throws Ec2Error (of its kind) for an error answer; DecodeError for an answer that cannot be
   *   read; ConnectionError, TimeoutError, AbortError from the transport
   */
  async send<K extends OperationName>(
    operation: K,
    input?: OperationTypes[K]['input'],
    options?: Ec2CallOptions,
  ): Promise<Ec2Output<OperationTypes[K]['output']>>;
  async send(operation: string, input?: object, options?: Ec2CallOptions): Promise<Ec2Output<object>>;
  async send(operation: string, input?: object, options: Ec2CallOptions = {}): Promise<Ec2Output<object>> {
    return this.#send(operation, input, options);
  }

  /** `send`, and `peek` given each successful answer's raw XML before it is decoded (paging ahead). */
  async #send(
    operation: string,
    input: object | undefined,
    options: Ec2CallOptions,
    peek?: (xml: string) => Promise<void>,
  ): Promise<Ec2Output<object>> {
    if (typeof operation !== 'string' || !Object.hasOwn(OPERATIONS, operation)) {
      throw new ParameterError(`EC2: unknown operation ${JSON.stringify(operation)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new ParameterError(`${operation}: the call options must be an object`);
    }
    const params = queryParams(PROTOCOL, operation, input);
    if (options.query !== undefined) addExtraParams(params, options.query);
    const retry = callRetry(
      this.#resolved.retry,
      options.retry,
      isIdempotent(operation, input),
      `${operation} (a write without ClientToken)`,
    );
    // The pool first (the first call loads the HTTP stack): a close() meanwhile is then followed
    // by a new pool and the secrets registered again, as for any call after close().
    await this.#httpClient();
    if (this.#forget.length === 0) this.#forget = this.#registerSecrets();
    let attempts = 0;
    const attempt = () => {
      attempts++;
      return this.#attempt(operation, params, options, peek);
    };
    const answer =
      retry === undefined ? await attempt() : await this.#withRetry(operation, attempt, retry, options);
    const metadata: ResponseMetadata = {
      requestId: answer.requestId,
      httpStatusCode: answer.status,
      attempts,
    };
    return Object.assign(answer.output, { $metadata: metadata });
  }

  /**
   * Every page of a paged operation (`'DescribeInstances'`), as the typed `paginate…` methods.
   *
   * @throws ParameterError for an operation without a paginator
   */
  paginate<K extends PaginatorName>(
    operation: K,
    input?: OperationTypes[K]['input'],
    options: Ec2PaginateOptions = {},
  ): AsyncGenerator<Ec2Output<OperationTypes[K]['output']>, void, undefined> {
    if (!Object.hasOwn(PAGINATORS, operation)) {
      throw new ParameterError(`EC2: ${JSON.stringify(operation)} has no paginator`);
    }
    const { pageSize, signal, ...callOptions } = options;
    const paginator = PAGINATORS[operation];
    return paginatePages(
      paginator,
      outputElementOf(operation, paginator.outputToken),
      (pageInput: object, pageSignal, peek) =>
        this.#send(operation, pageInput, { ...callOptions, signal: pageSignal }, peek),
      (input ?? {}) as object,
      { ...(pageSize === undefined ? {} : { pageSize }), ...(signal === undefined ? {} : { signal }) },
    ) as AsyncGenerator<Ec2Output<OperationTypes[K]['output']>, void, undefined>;
  }

  /**
   * Waits as a botocore waiter (`'InstanceRunning'`), as the typed `waitUntil…` methods: resolves
   * with the answer that satisfied it.
   *
   * @throws Ec2WaiterError (a ConflictError) on a failure state; TimeoutError after `timeout`;
   *   AbortError on `signal`; the call's own error when no acceptor expects it
   */
  async waitUntil<W extends WaiterName>(
    waiter: W,
    input?: OperationTypes[(typeof WAITERS)[W]['operation']]['input'],
    options: Ec2WaiterOptions = {},
  ): Promise<Ec2Output<OperationTypes[(typeof WAITERS)[W]['operation']]['output']>> {
    if (!Object.hasOwn(WAITERS, waiter)) throw new ParameterError(`EC2: no waiter ${JSON.stringify(waiter)}`);
    const spec = WAITERS[waiter] as unknown as WaiterSpec<OperationName, Ec2Output<object>>;
    const { timeout, minDelay, maxDelay, signal, requestTimeout, headers, retry } = options;
    const callOptions: Ec2CallOptions = {
      ...(headers === undefined ? {} : { headers }),
      ...(retry === undefined ? {} : { retry }),
      ...(requestTimeout === undefined ? {} : { timeout: requestTimeout }),
    };
    // Checked now, so that a wrong input fails before the first wait.
    queryParams(PROTOCOL, spec.operation, input);
    const output = await runWaiter(
      waiter,
      spec,
      (attemptSignal) =>
        this.send(spec.operation, input as object, { ...callOptions, signal: attemptSignal }),
      (message, { cause }) =>
        new Ec2WaiterError(message, {
          waiter,
          operation: spec.operation,
          ...(cause === undefined ? {} : { cause }),
        }),
      {
        ...(timeout === undefined ? {} : { timeout }),
        ...(minDelay === undefined ? {} : { minDelay }),
        ...(maxDelay === undefined ? {} : { maxDelay }),
        ...(signal === undefined ? {} : { signal }),
      },
    );
    return output as Ec2Output<OperationTypes[(typeof WAITERS)[W]['operation']]['output']>;
  }

  /**
   * Closes the connection pool (calls in flight fail) and lets the runtime forget the secret key
   * and session token. A later call opens a new pool and registers them again.
   */
  async close(): Promise<void> {
    const http = this.#http;
    this.#http = undefined;
    for (const forget of this.#forget.splice(0)) forget();
    await http?.close();
  }

  async #withRetry<T>(
    operation: string,
    attempt: () => Promise<Attempted<T>>,
    policy: RetryPolicy,
    options: CallOptions,
  ): Promise<Attempted<T>> {
    return withRetry(attempt, {
      policy,
      decide: retryDecision,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onRetry: ({ retry, delay, outcome }) => {
        const reason = outcome.ok ? 'an answer' : String(outcome.error);
        this.#resolved.logger.debug(
          '%s: retry %d of %d in %d ms after %s',
          operation,
          retry,
          policy.retries,
          delay,
          reason,
        );
      },
    });
  }

  /** The connection pool, made on first use (after `close()`, a new one). */
  async #httpClient(): Promise<HttpClient> {
    if (this.#http !== undefined) return this.#http;
    const { HttpClient } = await loadHttp();
    this.#http ??= new HttpClient(this.#resolved.http);
    return this.#http;
  }

  /** Signs, sends and reads one attempt. */
  async #attempt(
    operation: string,
    params: QueryParam[],
    options: CallOptions,
    peek: ((xml: string) => Promise<void>) | undefined,
  ): Promise<Attempted<object>> {
    const signed = this.#sign(params);
    const http = this.#http ?? (await this.#httpClient());
    // Read as it arrives: into the output, or, for a paginator peeking at the end of each page
    // before it reads it, into checked text (a page is bounded by its size, and held).
    const xml = { ...this.#resolved.xml, maxBytes: Number.POSITIVE_INFINITY };
    const sink = ({ status }: { status: number }) => {
      if (status !== 200) return undefined;
      return peek === undefined ? responseSink(PROTOCOL, operation, xml) : xmlTextSink(xml);
    };
    const held = peek === undefined ? {} : { maxResponseSize: this.#heldResponseLimit() };
    let response: HttpResponse;
    try {
      response = await http.request({
        method: 'POST',
        url: this.#url,
        headers: { ...options.headers, ...signed.headers },
        body: signed.body,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...held,
        sink,
      });
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      if (/size limit/.test(error.message)) {
        throw new DecodeError(`${operation}: ${error.message}: raise the client option maxResponseSize`, {
          cause: error,
        });
      }
      throw new DecodeError(
        `${operation}: the answer (HTTP 200) cannot be read as EC2 XML: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    const text = checkedTextOf(response);
    if (peek !== undefined && text !== undefined) await peek(text.text);
    return readAnswer(operation, response, this.#heldResponseLimit());
  }

  /** The most bytes of an answer held whole: the caller's `maxResponseSize`, else 64 MiB. */
  #heldResponseLimit(): number {
    return this.#maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE;
  }
}

// Every operation, paginator and waiter as a method of the prototype, made once from the tables.
function defineMethod(name: string, method: (this: EC2, ...args: never[]) => unknown): void {
  Object.defineProperty(EC2.prototype, name, { value: method, writable: true, configurable: true });
}
for (const operation of Object.keys(OPERATIONS) as OperationName[]) {
  defineMethod(lowerFirst(operation), function (this: EC2, input?: object, options?: Ec2CallOptions) {
    return this.send(operation, input as never, options);
  });
}
for (const operation of Object.keys(PAGINATORS) as PaginatorName[]) {
  defineMethod(`paginate${operation}`, function (this: EC2, input?: object, options?: Ec2PaginateOptions) {
    return this.paginate(operation, input as never, options);
  });
}
for (const waiter of Object.keys(WAITERS) as WaiterName[]) {
  defineMethod(`waitUntil${waiter}`, function (this: EC2, input?: object, options?: Ec2WaiterOptions) {
    return this.waitUntil(waiter, input as never, options);
  });
}

/** The XML element an operation's output member is read from (`NextToken` → `nextToken`). */
function outputElementOf(operation: string, member: string): string {
  const output = PROTOCOL.operations[operation]?.output;
  const shape = output === undefined ? undefined : PROTOCOL.outputShapes[output];
  const element = shape && Object.keys(shape).find((name) => shape[name]?.member === member);
  // The generator checks every paginator's tokens against the model, so this cannot happen.
  if (element === undefined) throw new Error(`EC2 tables: ${operation} has no output member ${member}`);
  return element;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Whether a failed read is tried again: connection failures and timeouts, transient statuses
 * (429, 500, 502, 503, 504; Retry-After honoured) and throttling or transient error codes.
 */
function retryDecision(outcome: Outcome<unknown>): { retry: boolean; after?: number } {
  if (outcome.ok) return { retry: false };
  const { error } = outcome;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return { retry: true };
  if (!(error instanceof Ec2Error)) return { retry: false };
  const transient =
    error instanceof RateLimitError ||
    (error.status !== undefined && TRANSIENT_STATUSES.has(error.status)) ||
    (typeof error.code === 'string' && TRANSIENT_CODES.has(error.code));
  if (!transient) return { retry: false };
  const after = RETRY_AFTER.get(error);
  return after === undefined ? { retry: true } : { retry: true, after };
}

/** The Retry-After an error answer came with, in milliseconds. */
const RETRY_AFTER = new WeakMap<object, number>();

/** The page text an `xmlTextSink` read, if one read the answer. */
function checkedTextOf(response: HttpResponse): CheckedXmlText | undefined {
  const decoded = response.decoded as Partial<CheckedXmlText> | undefined;
  return typeof decoded?.scan === 'function' ? (decoded as CheckedXmlText) : undefined;
}

/**
 * An answer → the operation's output, or the error it stands for: a redirect (never followed), an
 * EC2 error document, a page that is not EC2's, or XML that cannot be read.
 */
function readAnswer(operation: string, response: HttpResponse, maxBytes: number): Attempted<object> {
  const { status } = response;
  const context: AnswerContext = { operation, ...targetOf(response) };
  if (status >= 300 && status < 400) {
    const location = response.header('location');
    throw unusableAnswer(
      `${operation}: HTTP ${status} redirect ${location === undefined ? 'without a Location' : `to ${location}`}; ` +
        'redirects are not followed: make the endpoint the URL the server redirects to',
      context,
    );
  }
  const text = checkedTextOf(response);
  const body = text?.text ?? response.body;
  context.body = body;
  const type = response.header('content-type') ?? 'no content type';
  if (status === 200) {
    let read: StreamedResponse;
    try {
      read =
        text === undefined
          ? ((response.decoded as StreamedResponse | undefined) ??
            readResponse(PROTOCOL, operation, body, { maxBytes }))
          : readResponse(PROTOCOL, operation, text, { maxBytes });
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      throw new DecodeError(
        `${operation}: the answer (HTTP 200, ${type}) cannot be read as EC2 XML: ${error.message}`,
        { cause: error },
      );
    }
    if (read.root === 'Response' || read.root === 'ErrorResponse') {
      const failed = parseErrorResponse(read.errorBody ?? body, { maxBytes });
      if (failed !== undefined)
        throw withRetryAfter(errorFromAnswer({ ...context, requestId: failed.requestId }, failed), response);
    }
    if (!read.root.endsWith('Response')) {
      throw new DecodeError(
        `${operation}: the answer (HTTP 200, ${type}) is <${read.root}>, not <${operation}Response>: is the endpoint an EC2 API URL?`,
      );
    }
    return { output: read.output, requestId: read.requestId, status };
  }
  let failed: ReturnType<typeof parseErrorResponse>;
  try {
    failed = parseErrorResponse(body, { maxBytes });
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    if (looksLikeXml(body)) {
      throw new DecodeError(
        `${operation}: the error answer (HTTP ${status}, ${type}) cannot be read as EC2 XML: ${error.message}`,
        { cause: error },
      );
    }
    failed = undefined;
  }
  if (failed !== undefined) {
    throw withRetryAfter(errorFromAnswer({ ...context, requestId: failed.requestId }, failed), response);
  }
  throw withRetryAfter(
    unusableAnswer(
      `${operation}: HTTP ${status} answer is not an EC2 error (${type}): ${excerpt(body)}; is the endpoint an EC2 API URL?`,
      context,
    ),
    response,
  );
}

/**
 * Whether a body that failed to parse was meant as XML (truncated, or with a DTD): then it is a
 * `DecodeError`; an HTML page or plain text is an answer of its status's kind instead.
 */
function looksLikeXml(body: string): boolean {
  const head = body.trimStart().slice(0, 512);
  if (/<html[\s>]/i.test(head)) return false;
  return (
    /^<\?xml/.test(head) ||
    /^<(?:[\w.-]+:)?(?:Response|ErrorResponse)[\s>]/.test(head) ||
    /^<!DOCTYPE\s/i.test(head)
  );
}

function withRetryAfter(error: Ec2Error, response: HttpResponse): Ec2Error {
  const after = parseRetryAfter(response.header('retry-after'));
  if (after !== undefined) RETRY_AFTER.set(error, after);
  return error;
}

/** The method and redacted URL of an answer (the runtime names every request `METHOD url`). */
function targetOf(response: HttpResponse): Pick<AnswerContext, 'status' | 'method' | 'url'> {
  const space = response.target.indexOf(' ');
  const method = space > 0 ? response.target.slice(0, space) : undefined;
  return {
    status: response.status,
    ...(method === undefined || !/^[A-Z]+$/.test(method)
      ? {}
      : { method, url: response.target.slice(space + 1) }),
  };
}

/** A one-line excerpt, scrubbed before it is cut so that no secret is left in halves. */
function excerpt(text: string): string {
  const oneLine = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT ? `${oneLine.slice(0, EXCERPT)}…` : oneLine || '(empty body)';
}

/** A call's `query` option: parameters the model does not know; the model's own win. */
function addExtraParams(params: QueryParam[], query: NonNullable<CallOptions['query']>): void {
  const present = new Set(params.map(([name]) => name));
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || present.has(name)) continue;
    params.push([name, String(value)]);
  }
}

/** Two spellings of one option: either, or both when they agree. */
function alias<T>(
  name: string,
  value: T | undefined,
  aliasName: string,
  aliasValue: T | undefined,
): T | undefined {
  if (aliasValue === undefined) return value;
  if (value !== undefined && value !== aliasValue) {
    throw new ParameterError(`EC2: "${name}" and "${aliasName}" disagree; give one of them`);
  }
  return aliasValue;
}

/** The endpoint from `endpoint`, or from boto's `host`/`port`/`path`/`isSecure`. */
function endpointFromOptions(options: EC2Options): string | undefined {
  const { endpoint, host, port, path, isSecure } = options;
  const bits = host !== undefined || port !== undefined || path !== undefined || isSecure !== undefined;
  if (endpoint !== undefined) {
    if (typeof endpoint !== 'string' || endpoint === '') {
      throw new ParameterError('EC2: "endpoint" must be a non-empty URL string');
    }
    if (bits) {
      throw new ParameterError(
        'EC2: give either "endpoint" or boto\'s "host"/"port"/"path"/"isSecure", not both',
      );
    }
    return endpoint;
  }
  if (!bits) return undefined;
  if (typeof host !== 'string' || host === '' || /[/@?#\s]/.test(host)) {
    throw new ParameterError(
      'EC2: "host" must be a host name (e.g. api-node), given with port/path/isSecure',
    );
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new ParameterError(`EC2: "port" must be a port number, not ${String(port)}`);
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    throw new ParameterError('EC2: "path" must start with "/" (e.g. /services/Cloud)');
  }
  const scheme = isSecure === false ? 'http' : 'https';
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${scheme}://${hostPart}${port === undefined ? '' : `:${port}`}${path ?? '/'}`;
}

/**
 * An absolute http(s) URL without user info (EC2 authenticates each request with the keys: user
 * info would be silently dropped, so it is refused without being repeated) and without a query
 * string or fragment (the form body carries the parameters).
 */
function checkEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ParameterError(
      'EC2: the endpoint must be an absolute http(s) URL, e.g. http://api-node:8788/services/Cloud',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ParameterError(
      'EC2: the endpoint URL carries user info, which EC2 does not use: remove it, and pass the keys as the "accessKeyId" and "secretAccessKey" options (or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParameterError(`EC2: the endpoint must be an http(s) URL, not ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ParameterError(
      'EC2: the endpoint must not have a query string or fragment: the parameters go in the signed form body',
    );
  }
  return url;
}

/** `tls` with boto's `validateCerts` folded in; both spellings must agree. */
function tlsWithAliases(options: EC2Options): TlsOptions | undefined {
  const { validateCerts } = options;
  if (validateCerts === undefined) return options.tls;
  if (typeof validateCerts !== 'boolean')
    throw new ParameterError('EC2: "validateCerts" must be true or false');
  const insecure = !validateCerts;
  if (options.tls?.insecure !== undefined && options.tls.insecure !== insecure) {
    throw new ParameterError('EC2: "validateCerts" and "tls.insecure" disagree; give one of them');
  }
  return { ...options.tls, insecure };
}
