/**
 * OneServer: pyone's client in TypeScript. Every XML-RPC method of the pinned API is a typed
 * positional method under its namespace (`one.vm.info(7)` calls `one.vm.info(session, 7)`);
 * trailing `undefined` arguments are left out so the server's defaults apply.
 *
 * Call options come after the last argument given, by one rule (`#split`): an object in a position
 * whose parameter is a template is that template; an object anywhere else ends the arguments and
 * is the call options.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { HttpClient, type HttpResponse } from '@overcast/runtime/http';
import {
  CALL_OPTION_NAMES,
  type ClientOptions,
  callRetry,
  resolveClientOptions,
  xmlLimits,
} from '@overcast/runtime/options';
import type { RetryPolicy } from '@overcast/runtime/retry';
import { registerSecret } from '@overcast/runtime/secrets';
import type { XmlLimits } from '@overcast/runtime/xml';
import { encodeMethodCall, XmlRpcFault, type XmlRpcInput, type XmlRpcValue } from '@overcast/runtime/xmlrpc';
import { answerOf, answerReader } from './answer.js';
import { httpErrorClass, OneError, type OneErrorContext, oneFaultFor } from './errors.js';
import { METHODS, type OneApi } from './generated/methods.js';
import type { CallOptions, MethodSpec, ParamKind } from './method-spec.js';
import { toTemplate } from './template.js';
import type { TemplateInput } from './template-types.js';

export interface OneServerOptions extends ClientOptions {
  /** `user:password` or `user:token`. Sent first on every call; never logged nor shown in an error. */
  session: string;
}

/**
 * The method names (the part after the namespace) that only read: `one.vm.info`,
 * `one.vmpool.infoextended`, `one.host.monitoring`, `one.system.version`… Only these are retried
 * when the client's or the call's `retry` allows; every other method is sent exactly once.
 * `one.system.sqlquery` runs whatever SQL it is given and `one.user.login` makes a token, so they
 * are not reads here.
 */
const READ_NAMES: ReadonlySet<string> = new Set([
  'info',
  'infoextended',
  'infoset',
  'monitoring',
  'accounting',
  'showback',
  'version',
  'config',
  'raftstatus',
]);

/** Every XML-RPC method this client retries when asked to: the pure reads (see `READ_NAMES`). */
export const READ_METHODS: ReadonlySet<string> = new Set(
  Object.keys(METHODS).filter((method) => READ_NAMES.has(method.split('.')[2] ?? '')),
);

/** The namespace (`vm`) of each method name (`one.vm.info`), and the method's own name (`info`). */
const NAMESPACES: ReadonlyMap<string, ReadonlyArray<[name: string, method: string]>> = (() => {
  const namespaces = new Map<string, Array<[string, string]>>();
  for (const method of Object.keys(METHODS)) {
    const [, namespace = '', name = ''] = method.split('.');
    const list = namespaces.get(namespace) ?? [];
    list.push([name, method]);
    namespaces.set(namespace, list);
  }
  return namespaces;
})();

/** How much of an error answer's body is kept on the error, and quoted in its message. */
const BODY_KEPT = 4000;
const BODY_QUOTED = 300;

export interface OneServer extends OneApi {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the namespaces are defined in the constructor from the generated table
export class OneServer {
  /** The endpoint, without any user info it was given with. */
  readonly uri: string;
  readonly #session: string;
  readonly #http: HttpClient;
  readonly #retry: RetryPolicy;
  /** The XML limits as given, under a call's own; and resolved, for calls that give none. */
  readonly #xmlGiven: Partial<XmlLimits>;
  readonly #xml: XmlLimits;
  /** `Authorization: Basic …` from user info in the endpoint URL, as Python's xmlrpc.client sends it. */
  readonly #authorization: string | undefined;
  readonly #forget: Array<() => void> = [];

  constructor(uri: string, options: OneServerOptions) {
    if (typeof options?.session !== 'string' || options.session === '') {
      throw new ParameterError('OneServer needs a session ("user:password" or "user:token")');
    }
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      // Not kept as the cause: Node's TypeError holds the whole input, user info included.
      throw new ParameterError(
        `OneServer: "${withoutUserInfo(uri)}" is not an absolute URL (e.g. http://one:2633/RPC2)`,
      );
    }
    const user = percentDecode(url.username);
    const password = percentDecode(url.password);
    url.username = '';
    url.password = '';
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ParameterError(`OneServer: ${url.href} is not an http(s) URL`);
    const resolved = resolveClientOptions(options);
    this.#xmlGiven = options.xml ?? {};
    this.#xml = resolved.xml;
    // Reads caFile and certificates now, so it may throw: before any secret is registered.
    this.#http = new HttpClient(resolved.http);
    // Registered once nothing can throw any more, so that close() forgets every one.
    this.#forget.push(registerSecret(options.session));
    // The password or token alone too: a server may quote it without the user name.
    const colon = options.session.indexOf(':');
    if (colon >= 0) this.#forget.push(registerSecret(options.session.slice(colon + 1)));
    if (user.length > 0 || password.length > 0) {
      // As Python's xmlrpc.client (so pyone) does: the URL's user info becomes HTTP Basic.
      const userInfo = password.length === 0 ? user : Buffer.concat([user, Buffer.from(':'), password]);
      this.#forget.push(registerSecret(userInfo.toString('utf8')));
      if (password.length > 0) this.#forget.push(registerSecret(password.toString('utf8')));
      this.#authorization = `Basic ${userInfo.toString('base64')}`;
    }
    this.uri = url.href;
    this.#session = options.session;
    this.#retry = resolved.retry;
    for (const [namespace, methods] of NAMESPACES) {
      let built: Record<string, (...args: unknown[]) => Promise<unknown>> | undefined;
      // Built on first use: constructing a client costs nothing per method.
      Object.defineProperty(this, namespace, {
        enumerable: true,
        get: () => {
          built ??= Object.fromEntries(
            methods.map(([name, method]) => [name, (...args: unknown[]) => this.call(method, ...args)]),
          );
          return built;
        },
      });
    }
  }

  /**
   * Calls `method` (`one.vm.info`) with positional `args` (the session is added first), and call
   * options after the last argument given (see the module comment for the rule). The answer is
   * decoded as the generated method does; failures throw the `OneError` class of their code.
   */
  async call(method: string, ...args: unknown[]): Promise<unknown> {
    const spec = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (spec === undefined)
      throw new ParameterError(`${method} is not an OpenNebula XML-RPC method of this client`);
    const { params, options } = this.#split(method, spec, args);
    const retry = callRetry(this.#retry, options.retry, READ_METHODS.has(method), method);
    const limits = options.xml === undefined ? this.#xml : xmlLimits({ ...this.#xmlGiven, ...options.xml });
    const body = encodeMethodCall(method, [this.#session, ...params]);
    let response: HttpResponse;
    try {
      response = await this.#http.request({
        method: 'POST',
        url: this.uri,
        headers: {
          'content-type': 'text/xml',
          ...options.headers,
          ...(this.#authorization === undefined ? {} : { authorization: this.#authorization }),
        },
        body,
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.maxResponseSize === undefined ? {} : { maxResponseSize: options.maxResponseSize }),
        ...(retry === undefined ? {} : { retry }),
        // A 200 answer is decoded as it arrives; any other status is read whole, for its error.
        sink: ({ status }) => (status === 200 ? answerReader(method, spec, limits) : undefined),
      });
    } catch (error) {
      if (error instanceof XmlRpcFault) {
        const body = error.body === undefined ? {} : { body: error.body };
        throw oneFaultFor(method, error.serverMessage, error.code, { url: this.uri, status: 200, ...body });
      }
      throw error;
    }
    const context: OneErrorContext = { url: this.uri, status: response.status };
    if (response.status !== 200) throw httpError(method, response, context);
    return answerOf(method, spec, response.decoded as XmlRpcValue, context);
  }

  /** Closes the connections, and forgets the secrets this client registered. */
  async close(): Promise<void> {
    try {
      await this.#http.close();
    } finally {
      for (const forget of this.#forget.splice(0)) forget();
    }
  }

  /**
   * The one rule: arguments are the method's parameters in order; an object in a position whose
   * parameter is a template is that template; an object anywhere else (past the last parameter
   * too) ends the arguments and is the call options. `undefined` arguments are placeholders, and
   * trailing ones are not sent (the server's defaults apply, as with pyone).
   */
  #split(method: string, spec: MethodSpec, args: unknown[]): { params: XmlRpcInput[]; options: CallOptions } {
    const given: unknown[] = [];
    let options: CallOptions = {};
    for (let i = 0; i < args.length; i++) {
      const value = args[i];
      const kind = spec.params[i];
      if (isObjectArgument(value) && kind !== 'template') {
        if (i < args.length - 1) {
          throw new ParameterError(
            `${method}: argument ${i + 1} is an object, so it must be the call options, the last argument; got ${args.length} arguments`,
          );
        }
        options = callOptions(method, i, kind, value);
        break;
      }
      if (kind === undefined) {
        // An explicit `undefined` in the options' place is no options.
        if (value === undefined && i === args.length - 1) break;
        throw new ParameterError(
          `${method} takes ${spec.params.length} parameters (and call options), got ${args.length} arguments`,
        );
      }
      given.push(value);
    }
    while (given.length > 0 && given.at(-1) === undefined) given.pop();
    if (given.length < spec.required) {
      throw new ParameterError(`${method} needs at least ${spec.required} parameters, got ${given.length}`);
    }
    const params = given.map((value, i) => paramValue(method, i, spec.params[i] as ParamKind, value));
    return { params, options };
  }
}

/** Objects are templates or call options; arrays (int[] parameters) and bytes are neither. */
function isObjectArgument(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** The runtime's call options, and the limits on reading this call's answer. */
const ONE_CALL_OPTION_NAMES: readonly (keyof CallOptions)[] = [
  ...CALL_OPTION_NAMES,
  'maxResponseSize',
  'xml',
];
const CALL_OPTION_SET: ReadonlySet<string> = new Set(ONE_CALL_OPTION_NAMES);

/** `value` as call options, refusing names that are none (a template in the wrong place). */
function callOptions(method: string, index: number, kind: ParamKind | undefined, value: object): CallOptions {
  const unknown = Object.keys(value).filter((name) => !CALL_OPTION_SET.has(name));
  if (unknown.length > 0) {
    const position =
      kind === undefined ? '' : ` (parameter ${index + 1} takes ${KIND_TEXT[kind]}, not an object)`;
    throw new ParameterError(
      `${method}: argument ${index + 1} is taken as call options${position}, but ${unknown.map((n) => JSON.stringify(n)).join(', ')} ${unknown.length === 1 ? 'is not one' : 'are not'}; call options are ${ONE_CALL_OPTION_NAMES.join(', ')}`,
    );
  }
  const { maxResponseSize } = value as CallOptions;
  if (maxResponseSize !== undefined && (typeof maxResponseSize !== 'number' || !(maxResponseSize > 0))) {
    throw new ParameterError(
      `${method}: maxResponseSize must be a number of bytes > 0, not ${String(maxResponseSize)}`,
    );
  }
  return value as CallOptions;
}

const KIND_TEXT: Readonly<Record<ParamKind, string>> = {
  int: 'a 32-bit integer',
  i8: 'an integer or a bigint',
  bool: 'a boolean',
  string: 'a string',
  template: 'template text or an object',
  'int[]': 'an array of 32-bit integers',
};

/** The error for an HTTP answer other than 200; a redirect names where it pointed. */
function httpError(method: string, response: HttpResponse, context: OneErrorContext): OneError {
  const status = response.status;
  const target = response.target;
  let text: string | undefined;
  try {
    text = response.body;
  } catch {
    // Not UTF-8: the status says what happened; the bytes are not worth a second error.
    text = undefined;
  }
  const excerpt = text?.replace(/\s+/g, ' ').trim().slice(0, BODY_QUOTED);
  const details = {
    ...context,
    httpMethod: 'POST',
    method,
    ...(text === undefined ? {} : { body: text.slice(0, BODY_KEPT) }),
    ...(excerpt ? { serverMessage: excerpt } : {}),
  };
  if (status >= 300 && status < 400) {
    const location = response.header('location');
    return new OneError(
      `${method}: ${target} answered ${status} redirecting to ${location ?? '(no Location)'}; redirects are not followed: use that URL as the endpoint if it is the right server`,
      { ...details, ...(location === undefined ? {} : { location }) },
    );
  }
  const ErrorClass = httpErrorClass(status);
  return new ErrorClass(
    `${method}: ${target} answered HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`,
    details,
  );
}

function paramValue(method: string, index: number, kind: ParamKind, value: unknown): XmlRpcInput {
  const where = `${method} parameter ${index + 1}`;
  const wrong = (expected: string) =>
    new ParameterError(
      `${where} must be ${expected}, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    );
  switch (kind) {
    case 'int':
      if (!isInt32(value)) throw wrong('a 32-bit integer');
      return value;
    case 'i8':
      if (typeof value === 'bigint') return value;
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrong('an integer or a bigint');
      // oned reads these with getI8, which wants <i8> whatever the magnitude.
      return BigInt(value);
    case 'bool':
      if (typeof value !== 'boolean') throw wrong('a boolean');
      return value;
    case 'string':
      if (typeof value !== 'string') throw wrong('a string');
      return value;
    case 'template':
      if (typeof value !== 'string' && (typeof value !== 'object' || value === null))
        throw wrong('template text or an object');
      return toTemplate(value as string | TemplateInput, where);
    case 'int[]':
      if (!Array.isArray(value) || !value.every(isInt32)) throw wrong('an array of 32-bit integers');
      return value;
  }
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
}

/** `http://user:pass@host/` → `http://host/`, for messages about a URL that did not parse. */
function withoutUserInfo(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/**
 * Percent-decoding to bytes, as Python's `urllib.parse.unquote_to_bytes` does for the user info
 * xmlrpc.client turns into a Basic header (a `%` not followed by two hex digits stays as is).
 */
function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (
      byte === 0x25 &&
      i + 2 < raw.length &&
      /^[0-9a-f]{2}$/i.test(raw.subarray(i + 1, i + 3).toString('latin1'))
    ) {
      bytes.push(Number.parseInt(raw.subarray(i + 1, i + 3).toString('latin1'), 16));
      i += 2;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes);
}
