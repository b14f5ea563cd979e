/**
 * XML-RPC's value rules, shared by the whole-string scanner (xmlrpc-scan.ts) and the reader of
 * bodies as they arrive (xmlrpc-stream.ts), so both accept and refuse the same values: the scalar
 * types and their text (int, i8, boolean, double, dateTime, base64, nil, string) and the shape of
 * a fault. Each failure is reported through the caller's `fail`, which says where.
 */
import type { XmlRpcStruct, XmlRpcValue } from './xmlrpc-types.js';

/** Reports a malformed value; the caller adds where it is. Never returns. */
export type ValueFailure = (reason: string) => never;

/** The type elements of a `<value>` that hold text rather than other values. */
export type ScalarType =
  | 'string'
  | 'int'
  | 'i4'
  | 'i8'
  | 'boolean'
  | 'double'
  | 'dateTime.iso8601'
  | 'base64'
  | 'nil';

const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'int',
  'i4',
  'i8',
  'boolean',
  'double',
  'dateTime.iso8601',
  'base64',
  'nil',
]);

/** Whether `type` (a local name) is a scalar type; `struct` and `array` are not, nor unknown names. */
export function isScalarType(type: string): type is ScalarType {
  return SCALAR_TYPES.has(type);
}

/**
 * The value type a type element names. Like Python's xmlrpc.client, a namespace prefix is
 * ignored: `<ex:nil/>` and `<ex:i8>` are the usual extensions.
 */
export function valueTypeOf(elementName: string): string {
  return elementName.slice(elementName.indexOf(':') + 1);
}

/** Whitespace only, as XML defines it: what may stand between XML-RPC's tags. */
export const XML_WHITESPACE_ONLY = /^[ \t\r\n]*$/;

const INTEGER = /^[+-]?[0-9]+$/;
const DOUBLE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const NON_FINITE = /^([+-]?)(inf|infinity|nan)$/i;
const DATE_TIME =
  /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})T([0-9]{2}):?([0-9]{2}):?([0-9]{2})(?:[.,]([0-9]+))?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const XML_WHITESPACE_RUNS = /[ \t\r\n]+/g;
const XML_WHITESPACE_AROUND = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Decimal digits below which a value is certainly inside ±2^53 and `Number()` is exact. */
const SAFE_DIGITS = 15;

/**
 * The value of the scalar element `<elementName>` of type `type` whose whole text content is
 * `text` (references decoded, `''` for an empty element). Numbers, booleans and dates may have
 * whitespace around them; a string is its text as it is.
 */
export function scalarValue(
  type: ScalarType,
  elementName: string,
  text: string,
  fail: ValueFailure,
): XmlRpcValue {
  switch (type) {
    case 'string':
      return text;
    case 'int':
    case 'i4':
      return int32(trimmed(text), elementName, fail);
    case 'i8':
      return int64(trimmed(text), elementName, fail);
    case 'boolean':
      return boolean(trimmed(text), fail);
    case 'double':
      return double(trimmed(text), fail);
    case 'dateTime.iso8601':
      return dateTime(trimmed(text), fail);
    case 'base64':
      return base64(text, fail);
    case 'nil':
      if (text !== '') fail('<nil> must be empty');
      return null;
  }
}

/** What a well-formed fault carries. */
export interface FaultFields {
  readonly code: number | string;
  readonly message: string;
}

/** A fault's value must be a struct with an int (or string) faultCode and a string faultString. */
export function faultOf(value: XmlRpcValue, fail: ValueFailure): FaultFields {
  if (!isStruct(value)) return fail('a <fault> must hold a <struct>');
  const code = value['faultCode'];
  const message = value['faultString'];
  if ((typeof code !== 'number' && typeof code !== 'string') || typeof message !== 'string') {
    return fail('a <fault> struct needs an int faultCode and a string faultString');
  }
  return { code, message };
}

/** A quoted excerpt of text for an error message, cut short when long. */
export function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function trimmed(text: string): string {
  return text.replace(XML_WHITESPACE_AROUND, '');
}

function int32(text: string, type: string, fail: ValueFailure): number {
  if (!INTEGER.test(text)) fail(`bad integer ${preview(text)} in <${type}>`);
  const value = Number(text);
  if (value < INT32_MIN || value > INT32_MAX) fail(`${text} does not fit the 32 bits of <${type}>`);
  return value + 0; // turns -0 into 0
}

/** Within ±2^53 a number, beyond it a bigint. */
function int64(text: string, type: string, fail: ValueFailure): number | bigint {
  if (!INTEGER.test(text)) fail(`bad integer ${preview(text)} in <${type}>`);
  const digits = text.replace(/^[+-]?0*/, '');
  if (digits.length <= SAFE_DIGITS) return Number(text) + 0;
  const value = digits.length > 19 ? INT64_MAX + 1n : BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) fail(`${preview(text)} does not fit the 64 bits of <${type}>`);
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

function boolean(text: string, fail: ValueFailure): boolean {
  if (text === '1') return true;
  if (text === '0') return false;
  return fail(`bad boolean ${preview(text)} (expected 0 or 1)`);
}

function double(text: string, fail: ValueFailure): number {
  if (DOUBLE.test(text)) return Number(text);
  const nonFinite = NON_FINITE.exec(text);
  if (nonFinite === null) return fail(`bad double ${preview(text)}`);
  if (nonFinite[2]?.toLowerCase() === 'nan') return Number.NaN;
  return nonFinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** `19980717T14:08:55` (the spec's form) or extended ISO 8601; without a zone it is UTC. */
function dateTime(text: string, fail: ValueFailure): Date {
  const match = DATE_TIME.exec(text);
  const date = match === null ? undefined : dateOf(match);
  return date ?? fail(`bad dateTime.iso8601 ${preview(text)}`);
}

function base64(text: string, fail: ValueFailure): Uint8Array {
  const compact = text.replace(XML_WHITESPACE_RUNS, '');
  if (!BASE64.test(compact)) fail('bad base64');
  const bytes = Buffer.from(compact, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The UTC instant of a `DATE_TIME` match, or undefined when a field is out of range. */
function dateOf(match: RegExpExecArray): Date | undefined {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = zoneOffsetMinutes(match[8]);
  if (offset === undefined) return undefined;
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, millis);
  return date;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Minutes east of UTC for `Z`, `+01`, `+0100` or `+01:00`; undefined when out of range. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function isStruct(value: XmlRpcValue): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * Stores a struct member; one called `__proto__` is data like any other, not the object's
 * prototype.
 */
export function setMember(struct: XmlRpcStruct, name: string, value: XmlRpcValue): void {
  Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
}
