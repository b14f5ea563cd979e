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
import { createHmac } from 'node:crypto';
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
// The characters URLEncoder leaves as they are.
const URL_ENCODER_SAFE = /^[A-Za-z0-9.*_-]*$/;

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
  if (URL_ENCODER_SAFE.test(value)) return value;
  const wellFormed = SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '?') : value;
  return encodeURIComponent(wellFormed).replace(
    /[!'()~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

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
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/**
 * Signs a CloudStack API call the way the server verifies it, adding `apiKey`, `command`,
 * `response=json` and (unless `expiration` is negative) `signatureVersion=3` with `expires`.
 *
 * @throws ParameterError for an empty command, apiKey or secret, a parameter the signer sets itself,
 *   two parameters whose names differ only in case, a non-finite number, or a value nested deeper
 *   than a map. Messages name the parameter, never a value.
 */
export function signCloudStack(input: CloudStackSignInput): SignedCloudStackRequest {
  const { command, apiKey, secret } = input;
  for (const [name, value] of [
    ['command', command],
    ['apiKey', apiKey],
    ['secret', secret],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ParameterError(`CloudStack signing: "${name}" must be a non-empty string`);
    }
  }

  const { plain, maps } = flattenParams(input.params ?? {});
  const added: CloudStackParam[] = [
    ['apiKey', apiKey],
    ['command', command],
    ['response', 'json'],
  ];
  const expiration = input.expiration ?? DEFAULT_CLOUDSTACK_EXPIRATION_MS;
  if (typeof expiration !== 'number' || Number.isNaN(expiration)) {
    throw new ParameterError('CloudStack signing: "expiration" must be a number of milliseconds');
  }
  if (expiration >= 0) {
    added.push(['signatureVersion', '3'], ['expires', formatExpires((input.now ?? Date.now)() + expiration)]);
  }
  checkNames(plain);
  checkNames(maps);
  const params = plain.concat(added, maps);

  // Each value is encoded once, for both the wire (in send order) and the string to sign (sorted).
  const encoded = params.map(([name, value]) => [name, javaUrlEncode(value)] as const);
  const wire = encoded.map(([name, value]) => `${javaUrlEncode(name)}=${value}`);
  const stringToSign = encoded
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
    .toLowerCase();
  const signature = cloudStackSignature(stringToSign, secret);
  wire.push(`signature=${javaUrlEncode(signature)}`);
  return {
    params: [...params, ['signature', signature]],
    signature,
    stringToSign,
    queryString: wire.join('&'),
  };
}

/**
 * `expires` as `cs` sends it: `strftime("%Y-%m-%dT%H:%M:%S%z")` in UTC, e.g.
 * `2024-01-01T00:10:00+0000` (seconds truncated), one of the forms `DateUtil.parseTZDateString` reads.
 */
function formatExpires(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === lastExpires.second) return lastExpires.text;
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new ParameterError('CloudStack signing: "expiration" and "now" give no valid expiry date');
  }
  lastExpires = { second, text: `${date.toISOString().slice(0, 19)}+0000` };
  return lastExpires.text;
}

// Requests signed within the same second share their `expires` text.
let lastExpires = { second: Number.NaN, text: '' };

const seenNames = new Set<string>();

/**
 * Refuses a caller's parameter named like one the signer sets, or two differing only in case: the
 * server matches names such as apiKey/apikey case-insensitively and a command reads one value per
 * name, so either would be ambiguous. Map entries (`tags[0].key`) never clash with plain names.
 */
function checkNames(fromCaller: readonly CloudStackParam[]): void {
  seenNames.clear();
  for (const [name] of fromCaller) {
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

/** Turns the caller's values into strings: scalars and lists first, expanded maps after (as `cs`). */
function flattenParams(input: CloudStackParams): { plain: CloudStackParam[]; maps: CloudStackParam[] } {
  const plain: CloudStackParam[] = [];
  const maps: CloudStackParam[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (name === '') throw new ParameterError('CloudStack signing: a parameter has an empty name');
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (value.every(isPlainObject)) {
        value.forEach((entry, i) => {
          expandMap(name, i, entry, maps);
        });
      } else {
        plain.push([name, value.map((item, i) => scalar(`${name}[${i}]`, item)).join(',')]);
      }
    } else if (isPlainObject(value)) {
      expandMap(name, 0, value, maps);
    } else {
      plain.push([name, scalar(name, value)]);
    }
  }
  return { plain, maps };
}

function expandMap(name: string, index: number, entry: object, out: CloudStackParam[]): void {
  for (const [key, value] of Object.entries(entry)) {
    const full = `${name}[${index}].${key}`;
    if (key === '') throw new ParameterError(`CloudStack parameter "${full}" has an empty key`);
    if (value === undefined || value === null) continue;
    out.push([full, scalar(full, value)]);
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
