/**
 * The EC2 simulator's own signature verifier (SigV2 and SigV4), written from the specifications
 * and from the code that verifies EC2 requests behind OpenStack's ec2-api: ec2-api's
 * `EC2KeystoneAuth` (which forwards `{access, signature, host, verb, path, params, headers,
 * body_hash}` to Keystone's `POST /v3/ec2tokens`) and keystoneclient's `Ec2Signer`. It shares no
 * code with any client's signer.
 *
 * Two rule sets:
 * - `keystone` (the default) verifies exactly what a real ec2-api + Keystone pair accepts:
 *   SigV2 is always computed with HmacSHA256 and `SignatureMethod=HmacSHA256` (a request signed
 *   with HmacSHA1 is refused); SigV4 is computed with an empty canonical query string, because
 *   ec2-api forwards no parameters to Keystone when a SigV4 signature is present, so only a POST
 *   with the parameters in its form body verifies; the `X-Amz-*` query form cannot be verified at
 *   all; header values are only trimmed; a SigV2 host with a port is retried without it.
 * - `aws` verifies what AWS documents: SigV2 with the `SignatureMethod` the request names
 *   (HmacSHA256 or HmacSHA1); SigV4 with the canonical query string of the request (GET works),
 *   the `X-Amz-*` query form (with `X-Amz-Expires`), header values trimmed with inner runs of
 *   spaces collapsed, a doubly encoded canonical path.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Which verifier's rules apply: Keystone's (what ec2-api accepts) or AWS's documented ones. */
export type SignatureRules = 'keystone' | 'aws';

/** The parts of a request a verifier reads. */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The `Host` header as sent (with its port, if any). */
  readonly host: string;
  /** The path as sent, percent-encoding kept, e.g. `/services/Cloud`. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header names lower-cased. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
  /** Every parameter, decoded: the query string's, then the form body's (first value of a name). */
  readonly params: ReadonlyMap<string, string>;
}

export interface VerifyOptions {
  /** The secret key of an access key id, or undefined for an unknown one. */
  secretOf(accessKeyId: string): string | undefined;
  rules: SignatureRules;
  /** The server's clock. */
  now: Date;
  /** How far `Timestamp`/`X-Amz-Date` may lie from `now`, in ms (Keystone's `auth_ttl`: 15 min). */
  maxSkewMs: number;
}

export type Verdict =
  | { ok: true; accessKeyId: string; signatureVersion: 2 | 4 }
  | { ok: false; status: number; code: string; message: string };

const AWS4 = 'AWS4-HMAC-SHA256';

/**
 * Checks a request's signature, its access key and its time as ec2-api and Keystone do, in their
 * order: a missing signature or access key is ec2-api's 400; everything Keystone refuses is a 401
 * with Keystone's message (the real ec2-api puts Keystone's reason phrase, `Unauthorized`, there).
 */
export function verifyRequest(request: SignedRequest, options: VerifyOptions): Verdict {
  const { params } = request;
  const authorization = headerValue(request.headers, 'authorization');
  const v4Header = authorization?.startsWith(AWS4) ? authorization : undefined;

  const signature =
    params.get('Signature') ||
    params.get('X-Amz-Signature') ||
    (v4Header === undefined ? undefined : authField(v4Header, 'Signature'));
  if (!signature) return refuse(400, 'Signature not provided');

  const credential = params.get('X-Amz-Credential');
  const access =
    params.get('AWSAccessKeyId') ??
    (credential ? credential.split('/')[0] : undefined) ??
    (v4Header === undefined ? undefined : authField(v4Header, 'Credential').split('/')[0]);
  if (!access) return refuse(400, 'Access key not provided');

  const secret = options.secretOf(access);
  if (secret === undefined) return refuse(401, 'EC2 access key not found.');

  const v4 = params.has('X-Amz-Signature') || v4Header !== undefined;
  let problem: string | undefined;
  if (v4) {
    problem = checkSigV4(request, secret, signature, v4Header, options.rules);
  } else {
    const version = params.get('SignatureVersion');
    if (version === '2') problem = checkSigV2(request, secret, signature, options.rules);
    else if (version === '0' || version === '1') {
      problem = `SignatureVersion ${version} is not modelled by the simulator: sign with SignatureVersion 2 or SigV4`;
    } else if (version === undefined) problem = 'Unexpected signature format';
    else problem = `Unknown signature version: ${version}`;
  }
  if (problem !== undefined) return refuse(401, problem);

  const late = checkTime(request, v4, options);
  if (late !== undefined) return late;
  return { ok: true, accessKeyId: access, signatureVersion: v4 ? 4 : 2 };
}

function refuse(status: number, message: string, code = 'AuthFailure'): Verdict {
  return { ok: false, status, code, message };
}

// ---------------------------------------------------------------------------------------------
// SigV2

/** The SigV2 string to sign: `VERB\nhost\npath\n` + the sorted, RFC 3986-encoded parameters. */
export function sigV2StringToSign(
  method: string,
  host: string,
  path: string,
  params: Iterable<readonly [string, string]>,
): string {
  const pairs = [...params]
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`);
  return `${method}\n${host}\n${path}\n${pairs.join('&')}`;
}

/** base64(HMAC(secret, stringToSign)) with SHA-256 or SHA-1. */
export function sigV2Signature(
  secret: string,
  stringToSign: string,
  method: 'HmacSHA256' | 'HmacSHA1',
): string {
  return createHmac(method === 'HmacSHA1' ? 'sha1' : 'sha256', secret)
    .update(stringToSign, 'utf8')
    .digest('base64');
}

function checkSigV2(
  request: SignedRequest,
  secret: string,
  signature: string,
  rules: SignatureRules,
): string | undefined {
  const params = new Map(request.params);
  params.delete('Signature');
  if (rules === 'keystone') {
    // Ec2Signer._calc_signature_2 forces HmacSHA256, whatever the request says.
    params.set('SignatureMethod', 'HmacSHA256');
    const tryHost = (host: string) =>
      sameText(
        sigV2Signature(secret, sigV2StringToSign(request.method, host, request.path, params), 'HmacSHA256'),
        signature,
      );
    if (tryHost(request.host)) return undefined;
    // Keystone retries without the port: some clients sign the bare host name.
    const colon = request.host.lastIndexOf(':');
    if (colon > 0 && !request.host.endsWith(']') && tryHost(request.host.slice(0, colon))) return undefined;
    return request.params.get('SignatureMethod') === 'HmacSHA1'
      ? 'Invalid EC2 signature. (Keystone verifies SignatureVersion 2 with HmacSHA256 only: sign with SignatureMethod=HmacSHA256)'
      : 'Invalid EC2 signature.';
  }
  const method = request.params.get('SignatureMethod');
  if (method !== 'HmacSHA256' && method !== 'HmacSHA1') {
    return `SignatureMethod must be HmacSHA256 or HmacSHA1, not ${method ?? 'missing'}`;
  }
  const expected = sigV2Signature(
    secret,
    sigV2StringToSign(request.method, request.host.toLowerCase(), request.path, params),
    method,
  );
  return sameText(expected, signature) ? undefined : 'Invalid EC2 signature.';
}

// ---------------------------------------------------------------------------------------------
// SigV4

export interface SigV4CanonicalParts {
  method: string;
  /** The canonical URI. */
  path: string;
  canonicalQuery: string;
  /** Signed headers in order, as `name:value` lines are to be written. */
  headers: readonly (readonly [name: string, value: string])[];
  signedHeaders: string;
  payloadHash: string;
}

/** `Method\nURI\nQuery\nheader:value\n…\n\nSignedHeaders\nPayloadHash`. */
export function sigV4CanonicalRequest(parts: SigV4CanonicalParts): string {
  const headerLines = parts.headers.map(([name, value]) => `${name}:${value}\n`).join('');
  return [
    parts.method.toUpperCase(),
    parts.path,
    parts.canonicalQuery,
    headerLines,
    parts.signedHeaders,
    parts.payloadHash,
  ].join('\n');
}

export function sigV4StringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [AWS4, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

/** kSigning = HMAC(HMAC(HMAC(HMAC('AWS4' + secret, date), region), service), 'aws4_request'). */
export function sigV4SigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date, 'utf8').digest();
  const kRegion = createHmac('sha256', kDate).update(region, 'utf8').digest();
  const kService = createHmac('sha256', kRegion).update(service, 'utf8').digest();
  return createHmac('sha256', kService).update('aws4_request', 'utf8').digest();
}

export function sigV4Signature(signingKey: Uint8Array, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function checkSigV4(
  request: SignedRequest,
  secret: string,
  signature: string,
  v4Header: string | undefined,
  rules: SignatureRules,
): string | undefined {
  const queryForm = v4Header === undefined;
  if (queryForm && rules === 'keystone') {
    return (
      'Invalid EC2 signature. (ec2-api forwards no parameters to Keystone for SigV4, so the X-Amz-* query ' +
      'form cannot be verified: sign the Authorization header of a POST whose form body holds the parameters)'
    );
  }
  const field = (name: string): string | undefined =>
    queryForm ? request.params.get(`X-Amz-${name}`) : authField(v4Header as string, name);

  const credential = field('Credential') ?? '';
  const scopeParts = credential.split('/');
  if (scopeParts.length < 5) return 'Invalid EC2 signature. (malformed Credential scope)';
  const [, date = '', region = '', service = ''] = scopeParts;
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? request.params.get('X-Amz-Date') ?? '';
  if (!amzDate.startsWith(date)) return 'Request date mismatch error';

  const signedHeaders = field('SignedHeaders') ?? '';
  const headers: [string, string][] = [];
  for (const name of signedHeaders.split(';')) {
    const value = headerValue(request.headers, name);
    if (rules === 'keystone') {
      // Ec2Signer skips a signed header the request does not carry and only strips values.
      if (value !== undefined) headers.push([name, value.trim()]);
    } else {
      headers.push([name, (value ?? '').trim().replace(/ {2,}/g, ' ')]);
    }
  }

  let path: string;
  let canonicalQuery: string;
  let payloadHash: string;
  if (rules === 'keystone') {
    path = request.path;
    canonicalQuery = '';
    payloadHash = sha256Hex(request.body);
  } else {
    path = canonicalUri(request.path);
    canonicalQuery = canonicalQueryString(request.query);
    payloadHash = headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(request.body);
  }
  const canonical = sigV4CanonicalRequest({
    method: request.method,
    path,
    canonicalQuery,
    headers,
    signedHeaders,
    payloadHash,
  });
  const scope = scopeParts.slice(1).join('/');
  const expected = sigV4Signature(
    sigV4SigningKey(secret, date, region, service),
    sigV4StringToSign(amzDate, scope, canonical),
  );
  if (sameText(expected, signature)) return undefined;
  if (rules === 'keystone' && request.method !== 'POST' && request.query !== '') {
    return (
      'Invalid EC2 signature. (ec2-api forwards no parameters to Keystone for SigV4, so a signed query ' +
      'string cannot be verified: POST the parameters in a form body)'
    );
  }
  return 'Invalid EC2 signature.';
}

/** AWS's canonical URI for services other than S3: dot segments removed, each segment encoded again. */
function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/').slice(1)) {
    if (segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.map(rfc3986).join('/')}`;
  return path;
}

/** The query string's pairs (without `X-Amz-Signature`), decoded, re-encoded and sorted. */
function canonicalQueryString(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (key === 'X-Amz-Signature') continue;
    pairs.push([rfc3986(key), rfc3986(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Time

/** Keystone's `auth_ttl` and ec2-api's `Timestamp`/`Expires` checks, with `maxSkewMs` both ways. */
function checkTime(request: SignedRequest, v4: boolean, options: VerifyOptions): Verdict | undefined {
  const { params } = request;
  const now = options.now.getTime();
  const timestamp = v4
    ? (headerValue(request.headers, 'x-amz-date') ?? params.get('X-Amz-Date'))
    : params.get('Timestamp');
  const expires = v4 ? undefined : params.get('Expires');
  if (timestamp !== undefined && expires !== undefined) {
    return refuse(
      400,
      'Request must include either Timestamp or Expires, but cannot contain both',
      'InvalidRequest',
    );
  }
  if (timestamp !== undefined) {
    const time = parseTimestamp(timestamp);
    if (time === undefined) return refuse(401, `Credential timestamp is invalid: ${timestamp}`);
    if (now - time > options.maxSkewMs) return refuse(401, 'Credential is expired');
    if (time - now > options.maxSkewMs) return refuse(401, 'Timestamp failed validation.');
    if (v4 && params.has('X-Amz-Expires')) {
      const seconds = Number(params.get('X-Amz-Expires'));
      if (!Number.isFinite(seconds) || now > time + seconds * 1000) return refuse(401, 'Request has expired');
    }
  }
  if (expires !== undefined) {
    const time = parseTimestamp(expires);
    if (time === undefined) return refuse(401, `Credential timestamp is invalid: ${expires}`);
    if (time < now) return refuse(401, 'Timestamp failed validation.');
  }
  return undefined;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
const BASIC_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** ISO 8601 times as clients send them (`2014-06-20T08:40:23Z`, `….123Z`, `20150830T123600Z`). */
export function parseTimestamp(text: string): number | undefined {
  const basic = BASIC_TIME.exec(text);
  if (basic) {
    const [, y, mo, d, h, mi, s] = basic.map(Number) as number[];
    return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  }
  const iso = ISO_TIME.exec(text);
  if (!iso) return undefined;
  const [, y, mo, d, h, mi, s] = iso.slice(0, 7).map(Number) as number[];
  const ms = Math.floor(Number(`0.${iso[7] ?? '0'}`) * 1000);
  let time = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  const zone = iso[8] as string;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isNaN(time) ? undefined : time;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** RFC 3986 percent-encoding of UTF-8: only `A-Z a-z 0-9 - _ . ~` stay as they are. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** One field of an `Authorization: AWS4-HMAC-SHA256 A=…, B=…` header, as ec2-api cuts it. */
function authField(authorization: string, name: string): string {
  const at = authorization.indexOf(`${name}=`);
  if (at < 0) return '';
  return authorization.slice(at + name.length + 1).split(',')[0] ?? '';
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
