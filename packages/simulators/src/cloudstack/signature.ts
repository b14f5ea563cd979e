/**
 * The CloudStack management server's request check (`ApiServer.verifyRequest`), written from the
 * server's rules and deliberately independent of any client's signer, so that a bug in one is
 * caught by the other: decode the received parameters, re-encode each value as Java's
 * `URLEncoder` does (then `+` → `%20`), sort by name, join, lower-case, HMAC-SHA1, base64, compare.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** One received parameter, already percent-decoded; the server keeps the first value of a name. */
export interface ReceivedParameter {
  readonly name: string;
  readonly value: string;
}

export type Verdict =
  | { ok: true; apiKey: string }
  | {
      ok: false;
      reason: 'missing-credentials' | 'unknown-key' | 'bad-signature' | 'bad-expires' | 'expired';
    };

// `java.net.URLEncoder` keeps exactly these bytes: A–Z, a–z, 0–9, '.', '-', '*' and '_'.
const KEPT = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_') {
  KEPT[char.charCodeAt(0)] = 1;
}

/**
 * `URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")`: every UTF-8 byte other than the
 * kept ones as upper-case `%XX`, a space as `%20` — so `~` becomes `%7E`, unlike most clients.
 */
export function encodeLikeJava(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    encoded +=
      KEPT[byte] === 1
        ? String.fromCharCode(byte)
        : `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
  }
  return encoded;
}

/**
 * The string the server hashes: every parameter but `signature` (any case), sorted by name with
 * Java's `String.compareTo` (UTF-16 code units, case-sensitive, before lower-casing), as
 * `name=ENC(value)` joined with `&`, names unencoded, then the whole string lower-cased.
 */
export function canonicalString(parameters: readonly ReceivedParameter[]): string {
  return parameters
    .filter((parameter) => parameter.name.toLowerCase() !== 'signature')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((parameter) => `${parameter.name}=${encodeLikeJava(parameter.value)}`)
    .join('&')
    .toLowerCase();
}

/** base64(HMAC-SHA1(secret, canonical string)), as the server computes it for comparison. */
export function expectedSignature(parameters: readonly ReceivedParameter[], secret: string): string {
  return createHmac('sha1', secret).update(canonicalString(parameters), 'utf8').digest('base64');
}

/**
 * Checks one request as `verifyRequest` does: `apiKey` and `signature` are required (names in
 * any case); with `signatureVersion=3`, `expires` is required, must parse and lie after `now`;
 * without it the request never expires. `secretOf` answers undefined for an unknown key.
 */
export function verifyRequest(
  parameters: readonly ReceivedParameter[],
  secretOf: (apiKey: string) => string | undefined,
  now: Date,
): Verdict {
  const find = (name: string) => parameters.find((parameter) => parameter.name.toLowerCase() === name)?.value;
  const apiKey = find('apikey');
  const signature = find('signature');
  if (apiKey === undefined || signature === undefined) return { ok: false, reason: 'missing-credentials' };
  if (find('signatureversion') === '3') {
    const expires = find('expires');
    const deadline = expires === undefined ? undefined : parseExpires(expires);
    if (deadline === undefined) return { ok: false, reason: 'bad-expires' };
    if (deadline.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  }
  const secret = secretOf(apiKey);
  if (secret === undefined) return { ok: false, reason: 'unknown-key' };
  const expected = Buffer.from(expectedSignature(parameters, secret));
  const received = Buffer.from(signature);
  const matches = expected.length === received.length && timingSafeEqual(expected, received);
  return matches ? { ok: true, apiKey } : { ok: false, reason: 'bad-signature' };
}

// The forms `DateUtil.parseTZDateString` accepts: `…+0000` (what cs sends), `…+00:00`, `…Z`,
// fractions of a second, and the legacy `…Z+0000`.
const EXPIRES =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|Z?([+-])(\d{2}):?(\d{2}))$/;

/** The instant an `expires` value names, or undefined when the server could not parse it. */
export function parseExpires(text: string): Date | undefined {
  const match = EXPIRES.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) return undefined;
  const sign = match[9] === '-' ? -1 : 1;
  const offsetMinutes = match[9] === undefined ? 0 : sign * (Number(match[10]) * 60 + Number(match[11]));
  return new Date(utc - offsetMinutes * 60_000);
}
