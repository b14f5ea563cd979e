/**
 * CloudStack request signing, as the CloudStack server checks it (`ApiServer.verifyRequest`):
 *
 * 1. every parameter except `signature`, sorted by its original-case name in UTF-16 code-unit order
 *    (Java `Collections.sort` on `String`s, which is also JavaScript's default string order);
 * 2. `name=ENC(value)` joined with `&`, names left as they are, `ENC` being {@link javaUrlEncode};
 * 3. the whole string lower-cased;
 * 4. base64(HMAC-SHA1(secret, that string)).
 *
 * The signature covers the decoded values, so how the request is encoded on the wire does not matter
 * to the server as long as it decodes back to the same values.
 */
import { hash } from 'node:crypto';
import { ParameterError } from './errors.js';

/** A scalar parameter value. Numbers and booleans are sent as `String(value)` (`true`/`false`). */
export type CloudStackScalar = string | number | boolean;

/** One entry of a CloudStack `map` parameter; `null`/`undefined` entries are dropped. */
export type CloudStackMap = Readonly<Record<string, CloudStackScalar | null | undefined>>;

/**
 * A parameter value:
 * - a scalar;
 * - a list of scalars, sent comma-joined (`ids: ['a', 'b']` → `ids=a,b`);
 * - a map as an object, sent as entry 0 (`details: { cpuNumber: 2 }` → `details[0].cpuNumber=2`);
 * - a map as an array of objects (`tags: [{ key: 'env', value: 'prod' }]` → `tags[0].key=env&tags[0].value=prod`);
 * - `null`/`undefined`, or an empty list/object: the parameter is not sent.
 */
export type CloudStackParamValue =
  | CloudStackScalar
  | readonly CloudStackScalar[]
  | CloudStackMap
  | readonly CloudStackMap[]
  | null
  | undefined;

/** A command's parameters by name (the API's own names, e.g. `zoneid`). */
export type CloudStackParams = Readonly<Record<string, CloudStackParamValue>>;

/** One parameter as sent: its name and its value, both unencoded. */
export type CloudStackParam = readonly [name: string, value: string];

/** What {@link signCloudStack} needs. */
export interface CloudStackSignInput {
  /** The API command, e.g. `listVirtualMachines`. */
  command: string;
  /** The command's parameters. */
  params?: CloudStackParams;
  /** The user's API key (sent as `apiKey`). */
  apiKey: string;
  /** The user's secret key. Used only as the HMAC key; it never appears in output or errors. */
  secret: string;
  /**
   * How long the signature stays valid, in milliseconds (default 10 minutes). It is sent as
   * `signatureVersion=3` plus `expires=now+expiration`; a negative value sends neither, and the
   * signed request then never expires (as with `cs`'s `expiration=-1`).
   */
  expiration?: number;
  /** The clock, in epoch milliseconds (default `Date.now`); injectable for tests. */
  now?: () => number;
}

/** A signed request, ready to send as a GET query string or as a POST form body. */
export interface SignedCloudStackRequest {
  /**
   * Every parameter in send order, `signature` last: the caller's scalars and lists in their
   * order, then `apiKey`, `command`, `response`, `signatureVersion`, `expires`, then the expanded
   * maps (the order `cs` sends them in; the server does not care).
   */
  readonly params: readonly CloudStackParam[];
  /** The base64 HMAC-SHA1 signature, not URL-encoded. */
  readonly signature: string;
  /** The exact (lower-cased) string that was signed. Holds the API key but never the secret. */
  readonly stringToSign: string;
  /**
   * `params` encoded as `application/x-www-form-urlencoded` (names and values with
   * {@link javaUrlEncode}, so the signature's `+ / =` become `%2B %2F %3D`). Send it after `?` for
   * GET, or as the body of a POST with `Content-Type: application/x-www-form-urlencoded`.
   */
  readonly queryString: string;
}

/** Default signature lifetime: 10 minutes, as `cs`. */
export const DEFAULT_CLOUDSTACK_EXPIRATION_MS = 10 * 60 * 1000;

/** Names the signer sets itself; a caller passing one of them (in any case) is an error. */
const RESERVED = new Set(['apikey', 'command', 'response', 'signatureversion', 'expires', 'signature']);

// A UTF-16 surrogate half without its partner. Java's encoder writes such a char as `?`.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;
// The characters URLEncoder leaves as they are, by char code (a table beats a regex on short values).
const URL_ENCODER_SAFE = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.*_-') {
  URL_ENCODER_SAFE[c.charCodeAt(0)] = 1;
}

function isUrlEncoderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (URL_ENCODER_SAFE[value.charCodeAt(i)] !== 1) return false;
  }
  return true;
}

/**
 * Encodes `value` exactly as the CloudStack server does before signing:
 * `java.net.URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")`.
 *
 * `A–Z a–z 0–9 . - * _` stay; a space becomes `%20`; every other UTF-8 byte becomes `%XX` with
 * upper-case hex. This differs from `encodeURIComponent`, which also keeps `! ' ( ) ~`: URLEncoder
 * implements HTML form encoding, not RFC 3986, so `~` (unreserved in RFC 3986) becomes `%7E`.
 * Python's `quote` and Go's `QueryEscape` keep `~` too, which is why `cs` and cloudstack-go sign
 * values with a `~` wrongly. A lone surrogate is written `%3F` (`?`), as Java's UTF-8 encoder does.
 */
export function javaUrlEncode(value: string): string {
  // Most values (ids, names, numbers) need no escaping: skip the encoder for them.
  if (isUrlEncoderSafe(value)) return value;
  const text = SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '?') : value;
  // ASCII escapes come from a table; runs of non-ASCII chars go to encodeURIComponent, which writes
  // their UTF-8 bytes exactly as URLEncoder does (a regex replace after it was twice as slow).
  let out = '';
  let safeFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (URL_ENCODER_SAFE[c] === 1) continue;
    out += text.slice(safeFrom, i);
    if (c < 0x80) {
      out += ASCII_ESCAPES[c];
    } else {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) >= 0x80) end++;
      out += encodeURIComponent(text.slice(i, end));
      i = end - 1;
    }
    safeFrom = i + 1;
  }
  return out + text.slice(safeFrom);
}

// URLEncoder's escape of each ASCII char: `%XX` with upper-case hex, but `%20` for a space.
const ASCII_ESCAPES = Array.from(
  { length: 0x80 },
  (_, c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);

/**
 * The server's canonical string, before lower-casing: the parameters (any `signature` excluded,
 * whatever its case) sorted by name in UTF-16 code-unit order, as `name=javaUrlEncode(value)`
 * joined with `&`. Names are not encoded (`details[0].memory` keeps its brackets).
 */
export function cloudStackCanonicalString(params: Iterable<CloudStackParam>): string {
  return [...params]
    .filter(([name]) => name.toLowerCase() !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${javaUrlEncode(value)}`)
    .join('&');
}

/**
 * The string the server signs: {@link cloudStackCanonicalString}, lower-cased as a whole,
 * percent-escapes included (`%C3%A9` → `%c3%a9`). The server lower-cases before hashing, so the
 * client must too; only the case-insensitive content is authenticated.
 */
export function cloudStackStringToSign(params: Iterable<CloudStackParam>): string {
  return cloudStackCanonicalString(params).toLowerCase();
}

/** base64(HMAC-SHA1(secret, stringToSign)), standard alphabet with `=` padding. */
export function cloudStackSignature(stringToSign: string, secret: string): string {
  const key = hmacKeyFor(secret);
  key.reserve(Buffer.byteLength(stringToSign, 'utf8'));
  return key.signBase64(key.inner.write(stringToSign, SHA1_BLOCK, 'utf8'));
}

/**
 * Signs a CloudStack API call the way the server verifies it, adding `apiKey`, `command`,
 * `response=json` and (unless `expiration` is negative) `signatureVersion=3` with `expires`.
 *
 * Written for throughput, since a client may sign thousands of requests a second: parallel arrays
 * rather than tuples, each value encoded once for both the wire and the string to sign, an insertion
 * sort of indices, the string to sign written lower-cased straight into the HMAC's buffer, and
 * `params` and `stringToSign` assembled only when read.
 *
 * @throws ParameterError for an empty command, apiKey or secret, a parameter the signer sets itself,
 *   two parameters whose names differ only in case, a non-finite number, or a value nested deeper
 *   than a map. Messages name the parameter, never a value.
 */
export function signCloudStack(input: CloudStackSignInput): SignedCloudStackRequest {
  const { command, apiKey, secret } = input;
  requireNonEmpty('command', command);
  requireNonEmpty('apiKey', apiKey);
  requireNonEmpty('secret', secret);
  const expiration = input.expiration ?? DEFAULT_CLOUDSTACK_EXPIRATION_MS;
  if (typeof expiration !== 'number' || Number.isNaN(expiration)) {
    throw new ParameterError('CloudStack signing: "expiration" must be a number of milliseconds');
  }

  const names: string[] = [];
  const values: string[] = [];
  const maps = input.params === undefined ? undefined : flattenParams(input.params, names, values);
  checkNames(names);
  names.push('apiKey', 'command', 'response');
  values.push(apiKey, command, 'json');
  const encoded = values.map(javaUrlEncode);
  if (expiration >= 0) {
    const expires = formatExpires((input.now ?? Date.now)() + expiration);
    names.push('signatureVersion', 'expires');
    values.push('3', expires.text);
    encoded.push('3', expires.encoded);
  }
  if (maps !== undefined) {
    checkNames(maps.names);
    for (let i = 0; i < maps.names.length; i++) {
      names.push(maps.names[i] as string);
      values.push(maps.values[i] as string);
      encoded.push(javaUrlEncode(maps.values[i] as string));
    }
  }

  const canonical = new CanonicalRequest(names, values, encoded);
  const key = hmacKeyFor(secret);
  const signature = key.signBase64(canonical.writeStringToSign(key));
  let queryString = '';
  for (let i = 0; i < names.length; i++) {
    queryString += `${javaUrlEncode(names[i] as string)}=${encoded[i]}&`;
  }
  // encodeURIComponent writes base64's `+ / =` as URLEncoder does (`%2B %2F %3D`).
  queryString += `signature=${encodeURIComponent(signature)}`;
  return new SignedRequest(canonical, signature, queryString);
}

/** A request's parameters in send order, with their encoded values and the server's sort order. */
class CanonicalRequest {
  /** Indices of `names` in UTF-16 code-unit order of the names (insertion sort: there are ~10). */
  readonly order: number[] = [];

  constructor(
    readonly names: readonly string[],
    readonly values: readonly string[],
    readonly encoded: readonly string[],
  ) {
    const { order } = this;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      let j = order.length;
      while (j > 0 && (names[order[j - 1] as number] as string) > name) {
        order[j] = order[j - 1] as number;
        j--;
      }
      order[j] = i;
    }
  }

  /** The string to sign: see {@link cloudStackStringToSign}. */
  stringToSign(): string {
    let canonical = '';
    for (let k = 0; k < this.order.length; k++) {
      const i = this.order[k] as number;
      canonical += `${k === 0 ? '' : '&'}${this.names[i]}=${this.encoded[i]}`;
    }
    return canonical.toLowerCase();
  }

  /**
   * Writes the string to sign into `key`'s message buffer, returning its length in bytes. Encoded
   * values are ASCII, and names almost always are: those are lower-cased byte by byte, which spares
   * building the string; a non-ASCII name falls back to `toLowerCase` and a UTF-8 write.
   */
  writeStringToSign(key: HmacSha1Key): number {
    const { names, encoded, order } = this;
    let chars = 0;
    for (let i = 0; i < names.length; i++) {
      chars += (names[i] as string).length + (encoded[i] as string).length + 2;
    }
    key.reserve(chars * 3);
    const buffer = key.inner;
    let at = SHA1_BLOCK;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      if (k > 0) buffer[at++] = AMPERSAND;
      at = writeLowerAscii(buffer, at, names[i] as string);
      if (at < 0) return buffer.write(this.stringToSign(), SHA1_BLOCK, 'utf8');
      buffer[at++] = EQUALS;
      at = writeLowerAscii(buffer, at, encoded[i] as string);
    }
    return at - SHA1_BLOCK;
  }
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;

/** Writes `text` lower-cased at `at` and returns the next offset, or -1 at the first non-ASCII char. */
function writeLowerAscii(buffer: Buffer, at: number, text: string): number {
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c > 0x7f) return -1;
    buffer[at++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  }
  return at;
}

/** The result of {@link signCloudStack}; the client reads only `queryString`, so the rest is lazy. */
class SignedRequest implements SignedCloudStackRequest {
  #params: readonly CloudStackParam[] | undefined;
  #stringToSign: string | undefined;

  constructor(
    private readonly canonical: CanonicalRequest,
    readonly signature: string,
    readonly queryString: string,
  ) {}

  get params(): readonly CloudStackParam[] {
    const { names, values } = this.canonical;
    this.#params ??= [
      ...names.map((name, i): CloudStackParam => [name, values[i] as string]),
      ['signature', this.signature],
    ];
    return this.#params;
  }

  get stringToSign(): string {
    this.#stringToSign ??= this.canonical.stringToSign();
    return this.#stringToSign;
  }
}

function requireNonEmpty(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new ParameterError(`CloudStack signing: "${name}" must be a non-empty string`);
  }
}

const SHA1_BLOCK = 64;
const SHA1_DIGEST = 20;

/**
 * HMAC-SHA1 (RFC 2104) on node:crypto's one-shot `hash`, with the key's pads derived once per
 * secret: `createHmac` builds a native object and re-derives the pads on every call, which made it
 * the largest cost of signing. The message is written into `inner` after the pad. Only the key of
 * the secret last used is kept. Tested against `createHmac`.
 */
class HmacSha1Key {
  /** K ⊕ ipad, then the message. */
  inner = Buffer.alloc(SHA1_BLOCK + 1024);
  /** K ⊕ opad, then the inner digest. */
  private readonly outer = Buffer.alloc(SHA1_BLOCK + SHA1_DIGEST);

  constructor(readonly secret: string) {
    const raw = Buffer.from(secret, 'utf8');
    const key = Buffer.alloc(SHA1_BLOCK);
    (raw.length > SHA1_BLOCK ? hash('sha1', raw, 'buffer') : raw).copy(key);
    for (let i = 0; i < SHA1_BLOCK; i++) {
      this.inner[i] = (key[i] as number) ^ 0x36;
      this.outer[i] = (key[i] as number) ^ 0x5c;
    }
  }

  /** Makes room for a message of `bytes` bytes after the pad. */
  reserve(bytes: number): void {
    if (SHA1_BLOCK + bytes <= this.inner.length) return;
    const grown = Buffer.alloc(SHA1_BLOCK + bytes);
    this.inner.copy(grown, 0, 0, SHA1_BLOCK);
    this.inner = grown;
  }

  /** base64 HMAC of the `length` message bytes written into `inner`. */
  signBase64(length: number): string {
    hash('sha1', this.inner.subarray(0, SHA1_BLOCK + length), 'buffer').copy(this.outer, SHA1_BLOCK);
    return hash('sha1', this.outer, 'base64');
  }
}

let lastHmacKey: HmacSha1Key | undefined;

function hmacKeyFor(secret: string): HmacSha1Key {
  if (lastHmacKey?.secret !== secret) lastHmacKey = new HmacSha1Key(secret);
  return lastHmacKey;
}

/**
 * `expires` as `cs` sends it: `strftime("%Y-%m-%dT%H:%M:%S%z")` in UTC, e.g.
 * `2024-01-01T00:10:00+0000` (seconds truncated), one of the forms `DateUtil.parseTZDateString` reads.
 */
function formatExpires(epochMs: number): ExpiresText {
  const second = Math.floor(epochMs / 1000);
  if (second === lastExpires.second) return lastExpires;
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new ParameterError('CloudStack signing: "expiration" and "now" give no valid expiry date');
  }
  const text = `${date.toISOString().slice(0, 19)}+0000`;
  lastExpires = { second, text, encoded: javaUrlEncode(text) };
  return lastExpires;
}

interface ExpiresText {
  readonly second: number;
  readonly text: string;
  readonly encoded: string;
}

// Requests signed within the same second share their `expires` text.
let lastExpires: ExpiresText = { second: Number.NaN, text: '', encoded: '' };

const seenNames = new Set<string>();

/**
 * Refuses a caller's parameter named like one the signer sets, or two differing only in case: the
 * server matches names such as apiKey/apikey case-insensitively and a command reads one value per
 * name, so either would be ambiguous. Map entries (`tags[0].key`) never clash with plain names.
 */
function checkNames(fromCaller: readonly string[]): void {
  seenNames.clear();
  for (const name of fromCaller) {
    const key = name.toLowerCase();
    if (RESERVED.has(key)) {
      throw new ParameterError(`CloudStack parameter "${name}" is set by the signer and cannot be passed`);
    }
    if (seenNames.has(key)) {
      throw new ParameterError(`CloudStack parameter "${name}" is given twice (names are case-insensitive)`);
    }
    seenNames.add(key);
  }
}

/** Expanded map entries, sent after everything else (as `cs`). */
interface MapEntries {
  readonly names: string[];
  readonly values: string[];
}

/**
 * Turns the caller's values into strings: scalars and lists go to `names`/`values` in the caller's
 * order; expanded maps are returned apart (or `undefined` when there are none).
 */
function flattenParams(input: CloudStackParams, names: string[], values: string[]): MapEntries | undefined {
  let maps: MapEntries | undefined;
  for (const name in input) {
    if (!Object.hasOwn(input, name)) continue;
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (name === '') throw new ParameterError('CloudStack signing: a parameter has an empty name');
    if (typeof value === 'string') {
      names.push(name);
      values.push(value);
    } else if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (value.every(isPlainObject)) {
        maps ??= { names: [], values: [] };
        const out = maps;
        value.forEach((entry, i) => {
          expandMap(name, i, entry, out);
        });
      } else {
        names.push(name);
        values.push(value.map((item, i) => scalar(`${name}[${i}]`, item)).join(','));
      }
    } else if (isPlainObject(value)) {
      maps ??= { names: [], values: [] };
      expandMap(name, 0, value, maps);
    } else {
      names.push(name);
      values.push(scalar(name, value));
    }
  }
  return maps;
}

function expandMap(name: string, index: number, entry: object, out: MapEntries): void {
  for (const [key, value] of Object.entries(entry)) {
    const full = `${name}[${index}].${key}`;
    if (key === '') throw new ParameterError(`CloudStack parameter "${full}" has an empty key`);
    if (value === undefined || value === null) continue;
    out.names.push(full);
    out.values.push(scalar(full, value));
  }
}

function scalar(name: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ParameterError(`CloudStack parameter "${name}" must be a finite number`);
      }
      return String(value);
    default:
      throw new ParameterError(
        `CloudStack parameter "${name}" must be a string, number or boolean, a list of them, ` +
          'a map (object) or a list of maps; nothing nested deeper',
      );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
