/**
 * AWS request signing for EC2-compatible endpoints, as the verifiers check it:
 *
 * - **SigV4** (`AWS4-HMAC-SHA256`, {@link signSigV4}): botocore's `SigV4Auth` rules, which Keystone's
 *   `Ec2Signer` (behind OpenStack ec2-api's `POST /v3/ec2tokens`) recomputes. Against ec2-api the
 *   request must be a POST with the parameters in an `application/x-www-form-urlencoded` body:
 *   ec2-api forwards no query parameters to Keystone once an `Authorization` header is present.
 * - **SigV2** with HmacSHA256 ({@link signSigV2}): `SignatureVersion=2`, `SignatureMethod=HmacSHA256`
 *   (Keystone always verifies with SHA-256, so HmacSHA1 never verifies there), `Timestamp` and
 *   `AWSAccessKeyId` added to the parameters; the signature is one more parameter, in the query
 *   string or in the form body.
 *
 * Pure functions over node:crypto, with an injectable clock. The secret key is only ever an HMAC key:
 * it appears in no output. The signature a request carries is a per-request secret: a client
 * registers it with `registerSecret(signature, { ephemeral: true })`.
 *
 * node:crypto is taken on the first signature (`process.getBuiltinModule`), not when this module
 * loads: a client importing the signer (and its `awsUriEncode`) does not pay for it at import.
 */
import type * as NodeCrypto from 'node:crypto';
import { ParameterError } from './errors.js';

let loadedCrypto: typeof NodeCrypto | undefined;

function crypto(): typeof NodeCrypto {
  loadedCrypto ??= process.getBuiltinModule('node:crypto');
  return loadedCrypto;
}

/** node:crypto's one-shot `hash`, as `hash(algorithm, data, outputEncoding)`. */
function hash(algorithm: string, data: string | NodeJS.ArrayBufferView, encoding: 'hex' | 'latin1'): string;
function hash(algorithm: string, data: string | NodeJS.ArrayBufferView, encoding: 'buffer'): Buffer;
function hash(
  algorithm: string,
  data: string | NodeJS.ArrayBufferView,
  encoding: 'hex' | 'latin1' | 'buffer',
): string | Buffer {
  return crypto().hash(algorithm, data, encoding as 'hex');
}

function createHmac(algorithm: string, key: NodeCrypto.BinaryLike): NodeCrypto.Hmac {
  return crypto().createHmac(algorithm, key);
}

/** One query or form parameter, unencoded. */
export type AwsParam = readonly [name: string, value: string];

/** Parameters as pairs (kept in order) or as an object (its own enumerable string values). */
export type AwsParams = Iterable<AwsParam> | Readonly<Record<string, string>>;

/** The credentials a request is signed with. */
export interface AwsCredentials {
  accessKeyId: string;
  /** Used only as an HMAC key; never in any output or error. */
  secretAccessKey: string;
  /** A temporary credential's session token (sent as `X-Amz-Security-Token` / `SecurityToken`). */
  sessionToken?: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Encoding

// RFC 3986 unreserved characters: A-Z a-z 0-9 - _ . ~
const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') {
  UNRESERVED[c.charCodeAt(0)] = 1;
}
const HEX_ESCAPES = Array.from(
  { length: 0x80 },
  (_, c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `value` percent-encoded per RFC 3986, as AWS signs it: the unreserved `A–Z a–z 0–9 - _ . ~` stay,
 * every other UTF-8 byte becomes `%XX` with upper-case hex (a space is `%20`, never `+`). This is
 * botocore's `quote(value, safe='-_.~')` and keystoneclient's encoding of SigV2 parameters.
 *
 * @throws ParameterError for a string with a lone UTF-16 surrogate (it has no UTF-8 form)
 */
export function awsUriEncode(value: string): string {
  let i = 0;
  while (i < value.length && UNRESERVED[value.charCodeAt(i)] === 1) i++;
  if (i === value.length) return value;
  let out = value.slice(0, i);
  let safeFrom = i;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80 && UNRESERVED[c] === 1) continue;
    out += value.slice(safeFrom, i);
    if (c < 0x80) {
      out += HEX_ESCAPES[c];
    } else {
      let end = i + 1;
      while (end < value.length && value.charCodeAt(end) >= 0x80) end++;
      const run = value.slice(i, end);
      if (LONE_SURROGATE.test(run)) {
        throw new ParameterError('a value to sign holds a lone UTF-16 surrogate, which has no UTF-8 form');
      }
      out += encodeURIComponent(run);
      i = end - 1;
    }
    safeFrom = i + 1;
  }
  return out + value.slice(safeFrom);
}

function paramsOf(params: AwsParams | undefined): AwsParam[] {
  if (params === undefined) return [];
  if (Symbol.iterator in params) return [...(params as Iterable<AwsParam>)];
  const pairs: AwsParam[] = [];
  for (const name of Object.keys(params)) {
    const value = (params as Record<string, unknown>)[name];
    if (typeof value !== 'string') {
      throw new ParameterError(`signing: parameter "${name}" must be a string`);
    }
    pairs.push([name, value]);
  }
  return pairs;
}

/** UTF-16 code-unit order, which is byte order for the ASCII names EC2 uses. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// SigV4

/** What {@link signSigV4} needs. */
export interface SigV4Input extends AwsCredentials {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /**
   * The `Host` header as sent: lower-case host, with `:port` unless it is the scheme's default
   * (`new URL(endpoint).host` gives exactly that).
   */
  host: string;
  /** The request path, e.g. `/` or `/services/Cloud` (default `/`). */
  path?: string;
  /** Query-string parameters (none for an EC2 POST). */
  query?: AwsParams;
  /**
   * Further headers to sign, sent as given (e.g. `Content-Type`). `Host`, `X-Amz-Date` and
   * `X-Amz-Security-Token` are set by the signer and may not be passed; neither may `Authorization`.
   */
  headers?: Readonly<Record<string, string>>;
  /** The request body (UTF-8 for a string); its SHA-256 is signed. Default empty. */
  body?: string | Uint8Array;
  /** The credential scope's region, e.g. `us-east-1` or `RegionOne`. */
  region: string;
  /** The credential scope's service (default `ec2`). */
  service?: string;
  /** The clock, in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** A SigV4-signed request's headers and the intermediate strings. */
export interface SignedSigV4Request {
  /** The headers to add to the request: `Authorization`, `X-Amz-Date`, and `X-Amz-Security-Token` with a session token. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
  /** Hex HMAC-SHA256: a per-request secret, register it as ephemeral. */
  readonly signature: string;
  /** `yyyymmdd/region/service/aws4_request`. */
  readonly credentialScope: string;
  /** `host;x-amz-date;…`, sorted. */
  readonly signedHeaders: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SET_BY_SIGNER = new Set(['host', 'x-amz-date', 'x-amz-security-token', 'authorization']);

/**
 * Signs a request with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), as botocore's `SigV4Auth`:
 * the canonical request is `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED\nsha256(body)`, with header names
 * lower-cased and sorted, values trimmed and inner whitespace runs collapsed, the URI's segments
 * RFC 3986-encoded (dot segments removed), and the query's pairs encoded then sorted.
 *
 * @throws ParameterError for a missing credential, region or method, a header the signer sets
 *   itself, or a clock giving no valid date
 */
export function signSigV4(input: SigV4Input): SignedSigV4Request {
  requireText('accessKeyId', input.accessKeyId);
  requireText('secretAccessKey', input.secretAccessKey);
  requireText('region', input.region);
  requireText('method', input.method);
  requireText('host', input.host);
  const service = input.service ?? 'ec2';
  requireText('service', service);
  // As botocore: an empty token is no token.
  const sessionToken = input.sessionToken === '' ? undefined : input.sessionToken;
  if (sessionToken !== undefined) requireText('sessionToken', sessionToken);

  const amzDate = formatAmzDate((input.now ?? Date.now)());
  const day = amzDate.slice(0, 8);

  // Header names lower-cased, sorted; values as botocore: trimmed, whitespace runs made one space.
  const names: string[] = ['host', 'x-amz-date'];
  const values: string[] = [input.host.toLowerCase(), amzDate];
  if (sessionToken !== undefined) {
    names.push('x-amz-security-token');
    values.push(sessionToken);
  }
  if (input.headers !== undefined) {
    for (const name of Object.keys(input.headers)) {
      const lower = name.toLowerCase();
      if (SET_BY_SIGNER.has(lower)) {
        throw new ParameterError(
          `SigV4 signing: the "${name}" header is set by the signer and cannot be passed`,
        );
      }
      if (names.includes(lower))
        throw new ParameterError(`SigV4 signing: the "${name}" header is given twice`);
      const value = input.headers[name];
      if (typeof value !== 'string')
        throw new ParameterError(`SigV4 signing: header "${name}" must be a string`);
      names.push(lower);
      values.push(value);
    }
  }
  // Insertion sort of indices: there are three to five headers.
  const order: number[] = [];
  for (let i = 0; i < names.length; i++) {
    let j = order.length;
    while (j > 0 && (names[order[j - 1] as number] as string) > (names[i] as string)) {
      order[j] = order[j - 1] as number;
      j--;
    }
    order[j] = i;
  }
  let canonicalHeaders = '';
  let signedHeaders = '';
  for (const i of order) {
    canonicalHeaders += `${names[i]}:${canonicalHeaderValue(values[i] as string)}\n`;
    signedHeaders += signedHeaders === '' ? names[i] : `;${names[i]}`;
  }

  const body = input.body;
  const payloadHash = body === undefined || body.length === 0 ? EMPTY_SHA256 : hash('sha256', body, 'hex');
  const canonicalRequest =
    `${input.method.toUpperCase()}\n${canonicalUri(input.path ?? '/')}\n${canonicalQuery(input.query)}\n` +
    `${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const credentialScope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${credentialScope}\n${hash('sha256', canonicalRequest, 'hex')}`;
  const signature = signingKey(input.secretAccessKey, day, input.region, service).hex(stringToSign);
  const authorization =
    `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const headers: Record<string, string> = { Authorization: authorization, 'X-Amz-Date': amzDate };
  if (sessionToken !== undefined) headers['X-Amz-Security-Token'] = sessionToken;
  return {
    headers,
    authorization,
    amzDate,
    signature,
    credentialScope,
    signedHeaders,
    canonicalRequest,
    stringToSign,
  };
}

// What Python's `str.split()` splits on (`str.isspace`), which differs from JavaScript's `\s`.
const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const HAS_PY_SPACE = new RegExp(`[${PY_SPACE}]`);
const PY_SPACE_RUNS = new RegExp(`[${PY_SPACE}]+`);

/** botocore's `_header_value`: `' '.join(value.split())`, Python's notion of whitespace included. */
function canonicalHeaderValue(value: string): string {
  if (isCanonicalAscii(value)) return value;
  return HAS_PY_SPACE.test(value)
    ? value
        .split(PY_SPACE_RUNS)
        .filter((word) => word !== '')
        .join(' ')
    : value;
}

/**
 * Whether `value` is printable ASCII already in canonical form (single spaces between words, none
 * at either end): the Host, the date and the Content-Type of every request, checked without a
 * regular expression. Anything else takes the general path.
 */
function isCanonicalAscii(value: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (c < 0x20 || c > 0x7e) {
      return false;
    } else {
      afterSpace = false;
    }
  }
  return !afterSpace || value.length === 0;
}

/**
 * The canonical URI: dot segments removed and each segment RFC 3986-encoded (as botocore:
 * `quote(normalize_url_path(path), safe='/~')`). An already-encoded `%XX` is encoded again, as AWS
 * wants for every service but S3.
 */
function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  if (path === lastUri.path) return lastUri.canonical;
  const canonical = normalizedUri(path);
  lastUri = { path, canonical };
  return canonical;
}

// A client signs every request for the same path.
let lastUri = { path: '/', canonical: '/' };

function normalizedUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(awsUriEncode(segment));
  }
  const joined = `/${segments.join('/')}`;
  return path.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}

/** `k=v` pairs, both RFC 3986-encoded, sorted by key then value, joined with `&`. */
function canonicalQuery(query: AwsParams | undefined): string {
  if (query === undefined) return '';
  const pairs = paramsOf(query);
  if (pairs.length === 0) return '';
  return pairs
    .map(([name, value]) => [awsUriEncode(name), awsUriEncode(value)] as const)
    .sort(([a, x], [b, y]) => compareStrings(a, b) || compareStrings(x, y))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const SHA256_BLOCK = 64;
const SHA256_DIGEST = 32;

/**
 * HMAC-SHA256 (RFC 2104) with the key's pads derived once, on node:crypto's one-shot `hash`:
 * `createHmac` builds a native object and re-derives the pads on every call, which made it the
 * largest cost of signing. Tested against `createHmac` through the published vectors and botocore.
 */
class HmacSha256Key {
  /** K ⊕ ipad, then the message. */
  private inner = Buffer.alloc(SHA256_BLOCK + 512);
  /** K ⊕ opad, then the inner digest. */
  private readonly outer = Buffer.alloc(SHA256_BLOCK + SHA256_DIGEST);

  constructor(readonly key: Buffer) {
    const block = Buffer.alloc(SHA256_BLOCK);
    (key.length > SHA256_BLOCK ? hash('sha256', key, 'buffer') : key).copy(block);
    for (let i = 0; i < SHA256_BLOCK; i++) {
      this.inner[i] = (block[i] as number) ^ 0x36;
      this.outer[i] = (block[i] as number) ^ 0x5c;
    }
  }

  /** Hex HMAC of `message` (UTF-8). */
  hex(message: string): string {
    const most = message.length * 3;
    if (SHA256_BLOCK + most > this.inner.length) {
      const grown = Buffer.alloc(SHA256_BLOCK + most);
      this.inner.copy(grown, 0, 0, SHA256_BLOCK);
      this.inner = grown;
    }
    const length = SHA256_BLOCK + this.inner.write(message, SHA256_BLOCK, 'utf8');
    // A scope's strings to sign all have one length: the view of the pad and message is kept.
    if (this.view.length !== length || this.view.buffer !== this.inner.buffer) {
      this.view = this.inner.subarray(0, length);
    }
    // The inner digest as a latin1 string written into place: cheaper than a Buffer result copied.
    this.outer.write(hash('sha256', this.view, 'latin1'), SHA256_BLOCK, 'latin1');
    return hash('sha256', this.outer, 'hex');
  }

  /** `inner` up to the end of the last message. */
  private view: Buffer = Buffer.alloc(0);
}

interface CachedKey {
  secret: string;
  scope: string;
  key: HmacSha256Key;
}
let lastKey: CachedKey | undefined;

/**
 * `kSigning = HMAC(HMAC(HMAC(HMAC('AWS4' + secret, day), region), service), 'aws4_request')`.
 */
export function sigV4SigningKey(secret: string, day: string, region: string, service: string): Buffer {
  return signingKey(secret, day, region, service).key;
}

/** The signing key for a secret and scope; the last one is kept (the scope changes once a day). */
function signingKey(secret: string, day: string, region: string, service: string): HmacSha256Key {
  const scope = `${day}/${region}/${service}`;
  if (lastKey !== undefined && lastKey.secret === secret && lastKey.scope === scope) return lastKey.key;
  const kDate = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  const key = new HmacSha256Key(createHmac('sha256', kService).update('aws4_request').digest());
  lastKey = { secret, scope, key };
  return key;
}

// Requests signed within the same second share their date text.
let lastAmzDate = { second: Number.NaN, text: '' };

/** `YYYYMMDDTHHMMSSZ` in UTC. */
function formatAmzDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === lastAmzDate.second) return lastAmzDate.text;
  const iso = isoSeconds(epochMs, 'SigV4');
  const text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastAmzDate = { second, text };
  return text;
}

/** `YYYY-MM-DDTHH:MM:SSZ` (seconds truncated). */
function isoSeconds(epochMs: number, scheme: string): string {
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new ParameterError(`${scheme} signing: the clock gives no valid date`);
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}

// ---------------------------------------------------------------------------------------------
// SigV2

/** What {@link signSigV2} needs. */
export interface SigV2Input extends AwsCredentials {
  /** `GET` (parameters in the query string) or `POST` (parameters in the form body). */
  method: string;
  /** The `Host` header as sent: host with `:port` unless it is the scheme's default. */
  host: string;
  /** The request path (default `/`). */
  path?: string;
  /** The request's parameters (`Action`, `Version`, …), without the ones the signer adds. */
  params?: AwsParams;
  /** The clock, in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** A SigV2-signed request: every parameter to send, the signature last. */
export interface SignedSigV2Request {
  /** The caller's parameters, then `AWSAccessKeyId`, `SignatureVersion`, `SignatureMethod`, `Timestamp`, `SecurityToken` (with a session token), `Signature`. */
  readonly params: readonly AwsParam[];
  /** base64 HMAC-SHA256: a per-request secret, register it as ephemeral. */
  readonly signature: string;
  /** `METHOD\nhost\npath\n` + the sorted, RFC 3986-encoded parameters. */
  readonly stringToSign: string;
  /** `params` RFC 3986-encoded as `k=v&…` (signature last): the query string (GET) or form body (POST). */
  readonly encoded: string;
}

/** Names the SigV2 signer sets; a caller passing one of them is an error. */
const SIGV2_NAMES = new Set([
  'AWSAccessKeyId',
  'SignatureVersion',
  'SignatureMethod',
  'Timestamp',
  'SecurityToken',
  'Signature',
]);

/**
 * Signs a request with AWS Signature Version 2 and HmacSHA256, as botocore's `SigV2Auth` and
 * keystoneclient's `Ec2Signer` compute it: the string to sign is `METHOD\nhost\npath\n` followed by
 * every parameter but `Signature`, sorted by name, as RFC 3986-encoded `name=value` joined by `&`.
 *
 * @throws ParameterError for a missing credential, method or host, or a parameter the signer sets
 */
export function signSigV2(input: SigV2Input): SignedSigV2Request {
  requireText('accessKeyId', input.accessKeyId);
  requireText('secretAccessKey', input.secretAccessKey);
  requireText('method', input.method);
  requireText('host', input.host);
  const sessionToken = input.sessionToken === '' ? undefined : input.sessionToken;
  if (sessionToken !== undefined) requireText('sessionToken', sessionToken);
  const params = paramsOf(input.params);
  for (const [name] of params) {
    if (SIGV2_NAMES.has(name)) {
      throw new ParameterError(
        `SigV2 signing: parameter "${name}" is set by the signer and cannot be passed`,
      );
    }
  }
  params.push(
    ['AWSAccessKeyId', input.accessKeyId],
    ['SignatureVersion', '2'],
    ['SignatureMethod', 'HmacSHA256'],
    ['Timestamp', isoSeconds((input.now ?? Date.now)(), 'SigV2')],
  );
  if (sessionToken !== undefined) params.push(['SecurityToken', sessionToken]);
  const encoded = params.map(([name, value]) => `${awsUriEncode(name)}=${awsUriEncode(value)}`);
  const sorted = params
    .map((_pair, i) => i)
    .sort((a, b) => compareStrings((params[a] as AwsParam)[0], (params[b] as AwsParam)[0]))
    .map((i) => encoded[i]);
  const path = input.path === undefined || input.path === '' ? '/' : input.path;
  const stringToSign = `${input.method.toUpperCase()}\n${input.host}\n${path}\n${sorted.join('&')}`;
  const signature = sigV2Signature(stringToSign, input.secretAccessKey);
  params.push(['Signature', signature]);
  encoded.push(`Signature=${awsUriEncode(signature)}`);
  return { params, signature, stringToSign, encoded: encoded.join('&') };
}

/** base64(HMAC-SHA256(secret, stringToSign)). */
export function sigV2Signature(stringToSign: string, secretAccessKey: string): string {
  return createHmac('sha256', secretAccessKey).update(stringToSign).digest('base64');
}

/** The SigV2 string to sign for already-complete parameters (any `Signature` among them is skipped). */
export function sigV2StringToSign(method: string, host: string, path: string, params: AwsParams): string {
  const sorted = paramsOf(params)
    .filter(([name]) => name !== 'Signature')
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, value]) => `${awsUriEncode(name)}=${awsUriEncode(value)}`);
  return `${method.toUpperCase()}\n${host}\n${path === '' ? '/' : path}\n${sorted.join('&')}`;
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new ParameterError(`AWS signing: "${name}" must be a non-empty string`);
  }
}
