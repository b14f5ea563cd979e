/**
 * OneServer: pyone's client in TypeScript. Every XML-RPC method of the pinned API is a typed
 * positional method under its namespace (`one.vm.info(7)` calls `one.vm.info(session, 7)`);
 * trailing `undefined` arguments are left out so the server's defaults apply.
 */
import { ApiError, DecodeError, ParameterError } from '@overcast/runtime/errors';
import { HttpClient, type HttpClientOptions, type TlsOptions } from '@overcast/runtime/http';
import type { Logger } from '@overcast/runtime/log';
import {
  decodeMethodResponse,
  encodeMethodCall,
  type XmlRpcInput,
  type XmlRpcValue,
} from '@overcast/runtime/xmlrpc';
import { decodeDocument, decodeUntyped } from './decode.js';
import { oneErrorFor } from './errors.js';
import { METHODS, type OneApi } from './generated/methods.js';
import type { CallOptions, MethodSpec, ParamKind } from './method-spec.js';
import { toTemplate } from './template.js';
import type { TemplateInput } from './template-types.js';

export interface OneServerOptions {
  /** `user:password` or `user:token`. Sent first on every call; never logged. */
  session: string;
  /** Milliseconds for a whole call (default: the HTTP client's limits only). */
  timeout?: number;
  /** CA, client certificate, or an explicit `insecure: true`; verification is on by default. */
  tls?: TlsOptions;
  /** Receives one debug line per call (method, URL, status, duration) — never the session. */
  logger?: Logger;
  /** Further HTTP settings (connections, proxy, size limit…). */
  http?: Omit<HttpClientOptions, keyof TlsOptions | 'timeout' | 'logger'>;
}

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

export interface OneServer extends OneApi {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the namespaces are defined in the constructor from the generated table
export class OneServer {
  readonly uri: string;
  readonly #session: string;
  readonly #http: HttpClient;

  constructor(uri: string, options: OneServerOptions) {
    if (typeof options?.session !== 'string' || options.session === '') {
      throw new ParameterError('OneServer needs a session ("user:password" or "user:token")');
    }
    let url: URL;
    try {
      url = new URL(uri);
    } catch (cause) {
      throw new ParameterError(`OneServer: "${uri}" is not an absolute URL (e.g. http://one:2633/RPC2)`, {
        cause,
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ParameterError(`OneServer: ${uri} is not an http(s) URL`);
    this.uri = uri;
    this.#session = options.session;
    this.#http = new HttpClient({
      ...options.http,
      ...options.tls,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
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
   * Calls `method` (`one.vm.info`) with positional `args` (the session is added first), and an
   * optional `CallOptions` after the method's last parameter. The answer is decoded as the
   * generated method does; failures throw the `OneError` class of their code.
   */
  async call(method: string, ...args: unknown[]): Promise<unknown> {
    const spec = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (spec === undefined)
      throw new ParameterError(`${method} is not an OpenNebula XML-RPC method of this client`);
    const { params, options } = this.#split(method, spec, args);
    const body = encodeMethodCall(method, [this.#session, ...params]);
    const response = await this.#http.request({
      method: 'POST',
      url: this.uri,
      headers: { 'content-type': 'text/xml' },
      body,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
    if (response.status !== 200) {
      throw new ApiError(`${method}: HTTP ${response.status} from ${this.uri}`, {
        status: response.status,
        body: response.body.slice(0, 2000),
      });
    }
    return answerOf(method, spec, decodeMethodResponse(response.body), this.#session);
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.#http.close();
  }

  #split(method: string, spec: MethodSpec, args: unknown[]): { params: XmlRpcInput[]; options: CallOptions } {
    if (args.length > spec.params.length + 1) {
      throw new ParameterError(
        `${method} takes ${spec.params.length} parameters (and call options), got ${args.length} arguments`,
      );
    }
    const options = (args.length > spec.params.length ? args[spec.params.length] : undefined) ?? {};
    if (typeof options !== 'object') throw new ParameterError(`${method}: call options must be an object`);
    const given = args.slice(0, spec.params.length);
    // Trailing undefined arguments are not sent: the server's defaults apply (as with pyone).
    while (given.length > 0 && given.at(-1) === undefined) given.pop();
    if (given.length < spec.required) {
      throw new ParameterError(`${method} needs at least ${spec.required} parameters, got ${given.length}`);
    }
    const params = given.map((value, i) => paramValue(method, i, spec.params[i] as ParamKind, value));
    return { params, options: options as CallOptions };
  }
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

/** oned answers `[true, value, …]` or `[false, message, code, …]`. */
function answerOf(method: string, spec: MethodSpec, answer: XmlRpcValue, session: string): unknown {
  if (!Array.isArray(answer) || typeof answer[0] !== 'boolean') {
    throw new DecodeError(
      `${method}: expected an OpenNebula answer array [success, value, code], got ${describe(answer)}`,
    );
  }
  const [ok, value, code] = answer;
  if (!ok) {
    if (typeof value !== 'string' || typeof code !== 'number')
      throw new DecodeError(`${method}: malformed failure answer`);
    // A message never echoes the session in oned, but the client's promise is that it never shows.
    throw oneErrorFor(method, value.split(session).join('[REDACTED]'), code);
  }
  const returns = spec.returns;
  if (returns === 'value') return value;
  if (returns === 'id') {
    if (typeof value !== 'number')
      throw new DecodeError(`${method}: expected an integer id, got ${describe(value)}`);
    return value;
  }
  if (typeof value !== 'string')
    throw new DecodeError(`${method}: expected a string, got ${describe(value)}`);
  if (returns === 'text') return value;
  if (!value.trimStart().startsWith('<'))
    throw new DecodeError(`${method}: expected an XML document, got ${JSON.stringify(value.slice(0, 60))}`);
  if ('untyped' in returns) return decodeUntyped(value, returns.untyped);
  return decodeDocument(value, returns.document, returns.root);
}

function describe(value: XmlRpcValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'nil' : typeof value;
}
