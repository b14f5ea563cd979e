/**
 * The XML-RPC envelope decoder: a purpose-built scanner rather than a generic XML parser.
 *
 * Why hand-written: an OpenNebula pool answer is one escaped string of tens of MB inside a dozen
 * tags. Generic parsers (DOM, SAX or pull) walk that string character by character, accumulate it
 * piecewise and take 5–50 s for 85 MB; no library decodes XML-RPC by jumping from tag to tag. This
 * scanner finds tags with `indexOf`, slices text bodies as they are and unescapes them in a single
 * pass (`decodeXmlText`), which brings 85 MB down to a fraction of a second.
 *
 * It is still strict: the grammar of XML-RPC is checked element by element, and a malformed or
 * truncated envelope, an unknown value type, a bad int, boolean, double, date or base64, a DOCTYPE
 * — anything off — is a `DecodeError` that says what was wrong and at which line and column.
 * Whitespace and comments between tags, an XML declaration, a BOM, CRLF line ends, CDATA in text
 * and attributes on tags (namespace declarations) are accepted. Work is linear in the input and
 * nesting is bounded, so garbage can neither hang it nor overflow the stack.
 */
import { DecodeError } from './errors.js';
import { decodeCdata, decodeXmlText } from './xml-text.js';
import { MAX_XMLRPC_NESTING, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-types.js';

/** What a methodResponse carries: one value, or a fault. */
export type ScannedResponse =
  | { readonly fault: false; readonly value: XmlRpcValue }
  | { readonly fault: true; readonly code: number | string; readonly message: string };

/** What a methodCall carries. */
export interface ScannedCall {
  readonly method: string;
  readonly params: XmlRpcValue[];
}

/** Decodes a `<methodResponse>` document. */
export function scanMethodResponse(text: string): ScannedResponse {
  const scanner: EnvelopeScanner = new EnvelopeScanner(text, 'methodResponse');
  scanner.prolog();
  if (scanner.expectOpen('methodResponse')) scanner.fail('empty <methodResponse/>');
  scanner.skipMisc();
  const bodyAt = scanner.pos;
  const body = scanner.openTag('<params> or <fault>');
  const empty = scanner.selfClosing;
  let response: ScannedResponse;
  if (body === 'params') {
    const params = empty ? [] : scanner.params();
    if (params.length !== 1) {
      scanner.fail(`a methodResponse carries exactly one <param>, this one has ${params.length}`, bodyAt);
    }
    response = { fault: false, value: params[0] as XmlRpcValue };
  } else if (body === 'fault') {
    if (empty) scanner.fail('empty <fault/>', bodyAt);
    const valueAt = scanner.pos;
    const value = scanner.expectOpen('value') ? '' : scanner.value(0);
    scanner.expectClose('fault');
    response = faultOf(value, scanner, valueAt);
  } else {
    scanner.fail(`expected <params> or <fault>, found <${body}>`, bodyAt);
  }
  scanner.expectClose('methodResponse');
  scanner.epilog();
  return response;
}

/** Decodes a `<methodCall>` document. */
export function scanMethodCall(text: string): ScannedCall {
  const scanner: EnvelopeScanner = new EnvelopeScanner(text, 'methodCall');
  scanner.prolog();
  if (scanner.expectOpen('methodCall')) scanner.fail('empty <methodCall/>');
  const nameAt = scanner.pos;
  const method = scanner.expectOpen('methodName') ? '' : scanner.leafText('methodName');
  if (method === '') scanner.fail('empty <methodName>', nameAt);
  let params: XmlRpcValue[] = [];
  if (!scanner.atCloseTag() && !scanner.expectOpen('params')) params = scanner.params();
  scanner.expectClose('methodCall');
  scanner.epilog();
  return { method, params };
}

/** A fault's value must be a struct with an int (or string) faultCode and a string faultString. */
function faultOf(value: XmlRpcValue, scanner: EnvelopeScanner, at: number): ScannedResponse {
  if (!isStruct(value)) return scanner.fail('a <fault> must hold a <struct>', at);
  const code = value['faultCode'];
  const message = value['faultString'];
  if ((typeof code !== 'number' && typeof code !== 'string') || typeof message !== 'string') {
    return scanner.fail('a <fault> struct needs an int faultCode and a string faultString', at);
  }
  return { fault: true, code, message };
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

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

class EnvelopeScanner {
  pos = 0;
  /** Whether the tag `openTag` read last was `<name/>`. */
  selfClosing = false;

  constructor(
    private readonly text: string,
    private readonly document: string,
  ) {}

  fail(reason: string, at: number = this.pos): never {
    const { line, column } = lineAndColumn(this.text, at);
    throw new DecodeError(`Malformed XML-RPC ${this.document}: ${reason} (line ${line}, column ${column})`);
  }

  /** BOM, XML declaration, comments and processing instructions; a DOCTYPE is refused. */
  prolog(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipMiscAndInstructions();
    if (this.text.slice(this.pos, this.pos + 9).toUpperCase() === '<!DOCTYPE') {
      this.fail('DOCTYPE declarations are refused (XML-RPC needs no DTD, and DTD entities could expand)');
    }
  }

  /** After the root element only whitespace, comments and processing instructions may follow. */
  epilog(): void {
    this.skipMiscAndInstructions();
    if (this.pos < this.text.length)
      this.fail(`unexpected ${this.describe(this.pos)} after the root element`);
  }

  /** Skips whitespace and comments. */
  skipMisc(): void {
    const text = this.text;
    for (;;) {
      let p = this.pos;
      while (isWhitespace(text.charCodeAt(p))) p++;
      this.pos = p;
      if (!text.startsWith('<!--', p)) return;
      const end = text.indexOf('-->', p + 4);
      if (end === -1) this.fail('unterminated comment', p);
      this.pos = end + 3;
    }
  }

  private skipMiscAndInstructions(): void {
    for (;;) {
      this.skipMisc();
      if (!this.text.startsWith('<?', this.pos)) return;
      const end = this.text.indexOf('?>', this.pos + 2);
      if (end === -1) this.fail('unterminated processing instruction');
      this.pos = end + 2;
    }
  }

  atCloseTag(): boolean {
    this.skipMisc();
    return this.text.startsWith('</', this.pos);
  }

  /**
   * Reads `<name …>` or `<name …/>` at the cursor and returns the name; `selfClosing` tells which.
   * Attributes are checked for syntax and ignored (XML-RPC has none; servers add namespace
   * declarations). `expected` describes what the grammar wants here, for the error message.
   */
  openTag(expected: string): string {
    const text = this.text;
    const start = this.pos;
    let p = start + 1;
    if (text.charCodeAt(start) === LT) while (isNameChar(text.charCodeAt(p))) p++;
    if (p === start + 1) this.fail(`expected ${expected}, found ${this.describe(start)}`, start);
    const name = text.slice(start + 1, p);
    p = this.skipAttributes(p, name);
    if (text.charCodeAt(p) === SLASH && text.charCodeAt(p + 1) === GT) {
      this.selfClosing = true;
      this.pos = p + 2;
    } else if (text.charCodeAt(p) === GT) {
      this.selfClosing = false;
      this.pos = p + 1;
    } else {
      this.fail(p >= text.length ? `unexpected end of document in <${name}>` : `malformed tag <${name}>`, p);
    }
    return name;
  }

  private skipAttributes(from: number, tag: string): number {
    const text = this.text;
    let p = from;
    for (;;) {
      const spaced = isWhitespace(text.charCodeAt(p));
      while (isWhitespace(text.charCodeAt(p))) p++;
      const nameStart = p;
      while (isNameChar(text.charCodeAt(p))) p++;
      if (p === nameStart) return p;
      if (!spaced) this.fail(`malformed tag <${tag}>`, nameStart);
      while (isWhitespace(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 0x3d /* = */) this.fail(`attribute without a value in <${tag}>`, p);
      p++;
      while (isWhitespace(text.charCodeAt(p))) p++;
      const quote = text[p];
      const end = quote === '"' || quote === "'" ? text.indexOf(quote, p + 1) : -1;
      if (end === -1 || text.slice(p + 1, end).includes('<')) {
        this.fail(`malformed attribute value in <${tag}>`, p);
      }
      p = end + 1;
    }
  }

  /** Skips whitespace and comments, then reads `<name>` or `<name/>`; returns whether it was `<name/>`. */
  expectOpen(name: string): boolean {
    this.skipMisc();
    const at = this.pos;
    const found = this.openTag(`<${name}>`);
    if (found !== name) this.fail(`expected <${name}>, found <${found}>`, at);
    return this.selfClosing;
  }

  /** Skips whitespace and comments, then reads `</name>`. */
  expectClose(name: string): void {
    this.skipMisc();
    this.closeTagAt(this.pos, name);
  }

  private closeTagAt(at: number, name: string): void {
    const text = this.text;
    let p = at + 2 + name.length;
    if (text.startsWith('</', at) && text.startsWith(name, at + 2)) {
      while (isWhitespace(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) === GT) {
        this.pos = p + 1;
        return;
      }
    }
    this.fail(`expected </${name}>, found ${this.describe(at)}`, at);
  }

  /**
   * The text content of the element `name` whose start tag was just read, up to and including its
   * end tag. The common case — plain text, then the end tag — is one `indexOf` and one slice.
   */
  leafText(name: string): string {
    const text = this.text;
    const start = this.pos;
    const lt = text.indexOf('<', start);
    if (lt === -1) this.fail(`unterminated <${name}>`, start);
    if (text.charCodeAt(lt + 1) !== SLASH) return this.mixedText(name, start);
    const raw = text.slice(start, lt);
    this.closeTagAt(lt, name);
    return this.decodeText(raw, start);
  }

  /** Text content with CDATA sections or comments in it. */
  private mixedText(name: string, start: number): string {
    const text = this.text;
    const parts: string[] = [];
    let p = start;
    for (;;) {
      const lt = text.indexOf('<', p);
      if (lt === -1) this.fail(`unterminated <${name}>`, start);
      parts.push(this.decodeText(text.slice(p, lt), p));
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) this.fail('unterminated CDATA section', lt);
        parts.push(
          decodeCdata(text.slice(lt + 9, end), (reason, offset) => this.fail(reason, lt + 9 + offset)),
        );
        p = end + 3;
      } else if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) this.fail('unterminated comment', lt);
        p = end + 3;
      } else {
        this.closeTagAt(lt, name);
        return parts.join('');
      }
    }
  }

  private decodeText(raw: string, at: number): string {
    return decodeXmlText(raw, (reason, offset) => this.fail(reason, at + offset));
  }

  /** `<param><value>…</value></param>`… up to `</params>`, the start tag having been read. */
  params(): XmlRpcValue[] {
    const params: XmlRpcValue[] = [];
    while (!this.atCloseTag()) {
      if (this.expectOpen('param')) this.fail('empty <param/>');
      params.push(this.expectOpen('value') ? '' : this.value(0));
      this.expectClose('param');
    }
    this.expectClose('params');
    return params;
  }

  /** The content of a `<value>` whose start tag was just read, up to and including `</value>`. */
  value(depth: number): XmlRpcValue {
    const start = this.pos;
    this.skipMisc();
    const text = this.text;
    if (text.charCodeAt(this.pos) !== LT || !isNameStartChar(text.charCodeAt(this.pos + 1))) {
      // No type element: the content is a string, whitespace included.
      this.pos = start;
      return this.leafText('value');
    }
    const typeAt = this.pos;
    const type = this.openTag('a value type');
    const value = this.typed(type, typeAt, depth);
    this.expectClose('value');
    return value;
  }

  private typed(type: string, at: number, depth: number): XmlRpcValue {
    const empty = this.selfClosing;
    // Like Python's xmlrpc.client, a namespace prefix is ignored: <ex:nil/> and <ex:i8> are extensions.
    switch (type.slice(type.indexOf(':') + 1)) {
      case 'string':
        return empty ? '' : this.leafText(type);
      case 'int':
      case 'i4':
        return this.int32(this.scalar(type, empty), type, at);
      case 'i8':
        return this.int64(this.scalar(type, empty), type, at);
      case 'boolean':
        return this.boolean(this.scalar(type, empty), at);
      case 'double':
        return this.double(this.scalar(type, empty), at);
      case 'dateTime.iso8601':
        return this.dateTime(this.scalar(type, empty), at);
      case 'base64':
        return this.base64(empty ? '' : this.leafText(type), at);
      case 'nil':
        if (!empty && this.leafText(type) !== '') this.fail('<nil> must be empty', at);
        return null;
      case 'struct':
        return empty ? {} : this.struct(type, depth);
      case 'array':
        return empty ? [] : this.array(type, depth);
      default:
        return this.fail(`unknown value type <${type}>`, at);
    }
  }

  private scalar(type: string, empty: boolean): string {
    return empty ? '' : this.leafText(type).replace(XML_WHITESPACE_AROUND, '');
  }

  private int32(text: string, type: string, at: number): number {
    if (!INTEGER.test(text)) this.fail(`bad integer ${preview(text)} in <${type}>`, at);
    const value = Number(text);
    if (value < INT32_MIN || value > INT32_MAX)
      this.fail(`${text} does not fit the 32 bits of <${type}>`, at);
    return value + 0; // turns -0 into 0
  }

  /** Within ±2^53 a number, beyond it a bigint. */
  private int64(text: string, type: string, at: number): number | bigint {
    if (!INTEGER.test(text)) this.fail(`bad integer ${preview(text)} in <${type}>`, at);
    const digits = text.replace(/^[+-]?0*/, '');
    if (digits.length <= SAFE_DIGITS) return Number(text) + 0;
    const value = digits.length > 19 ? INT64_MAX + 1n : BigInt(text);
    if (value < INT64_MIN || value > INT64_MAX)
      this.fail(`${preview(text)} does not fit the 64 bits of <${type}>`, at);
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value;
  }

  private boolean(text: string, at: number): boolean {
    if (text === '1') return true;
    if (text === '0') return false;
    return this.fail(`bad boolean ${preview(text)} (expected 0 or 1)`, at);
  }

  private double(text: string, at: number): number {
    if (DOUBLE.test(text)) return Number(text);
    const nonFinite = NON_FINITE.exec(text);
    if (nonFinite === null) return this.fail(`bad double ${preview(text)}`, at);
    if (nonFinite[2]?.toLowerCase() === 'nan') return Number.NaN;
    return nonFinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** `19980717T14:08:55` (the spec's form) or extended ISO 8601; without a zone it is UTC. */
  private dateTime(text: string, at: number): Date {
    const match = DATE_TIME.exec(text);
    const date = match === null ? undefined : dateOf(match);
    return date ?? this.fail(`bad dateTime.iso8601 ${preview(text)}`, at);
  }

  private base64(text: string, at: number): Uint8Array {
    const compact = text.replace(XML_WHITESPACE_RUNS, '');
    if (!BASE64.test(compact)) this.fail('bad base64', at);
    const bytes = Buffer.from(compact, 'base64');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private struct(type: string, depth: number): XmlRpcStruct {
    if (depth >= MAX_XMLRPC_NESTING) this.fail(`values nested deeper than ${MAX_XMLRPC_NESTING}`);
    const struct: XmlRpcStruct = {};
    while (!this.atCloseTag()) {
      if (this.expectOpen('member')) this.fail('empty <member/>');
      const name = this.expectOpen('name') ? '' : this.leafText('name');
      const value = this.expectOpen('value') ? '' : this.value(depth + 1);
      this.expectClose('member');
      // A member called "__proto__" is data like any other, not the object's prototype.
      Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
    }
    this.expectClose(type);
    return struct;
  }

  private array(type: string, depth: number): XmlRpcValue[] {
    if (depth >= MAX_XMLRPC_NESTING) this.fail(`values nested deeper than ${MAX_XMLRPC_NESTING}`);
    const items: XmlRpcValue[] = [];
    if (!this.expectOpen('data')) {
      while (!this.atCloseTag()) items.push(this.expectOpen('value') ? '' : this.value(depth + 1));
      this.expectClose('data');
    }
    this.expectClose(type);
    return items;
  }

  /** A short description of what sits at `at`, for "expected X, found Y" messages. */
  private describe(at: number): string {
    const text = this.text;
    if (at >= text.length) return 'the end of the document';
    if (text.charCodeAt(at) !== LT) return `text ${preview(text.slice(at, at + 20))}`;
    const end = text.indexOf('>', at);
    return end === -1 || end - at > 60 ? preview(text.slice(at, at + 20)) : text.slice(at, end + 1);
  }
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

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Letters, `_` and `:` (and anything non-ASCII, left for the name comparison to reject). */
function isNameStartChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStartChar(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** A quoted excerpt of scanned text for an error message, cut short when long. */
function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** 1-based line and column of `offset`; only computed when reporting an error. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
