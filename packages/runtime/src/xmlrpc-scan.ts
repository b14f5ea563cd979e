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
import { faultOf, isScalarType, preview, scalarValue, setMember, valueTypeOf } from './xmlrpc-values.js';

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
    const fault = faultOf(value, (reason) => scanner.fail(reason, valueAt));
    response = { fault: true, code: fault.code, message: fault.message };
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

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

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
    const valueType = valueTypeOf(type);
    if (valueType === 'struct') return empty ? {} : this.struct(type, depth);
    if (valueType === 'array') return empty ? [] : this.array(type, depth);
    if (!isScalarType(valueType)) return this.fail(`unknown value type <${type}>`, at);
    return scalarValue(valueType, type, empty ? '' : this.leafText(type), (reason) => this.fail(reason, at));
  }

  private struct(type: string, depth: number): XmlRpcStruct {
    if (depth >= MAX_XMLRPC_NESTING) this.fail(`values nested deeper than ${MAX_XMLRPC_NESTING}`);
    const struct: XmlRpcStruct = {};
    while (!this.atCloseTag()) {
      if (this.expectOpen('member')) this.fail('empty <member/>');
      const name = this.expectOpen('name') ? '' : this.leafText('name');
      const value = this.expectOpen('value') ? '' : this.value(depth + 1);
      this.expectClose('member');
      setMember(struct, name, value);
    }
    this.expectClose(type);
    return struct;
  }

  private array(type: string, depth: number): XmlRpcValue[] {
    if (depth >= MAX_XMLRPC_NESTING) this.fail(`values nested deeper than ${MAX_XMLRPC_NESTING}`);
    const items: XmlRpcValue[] = [];
    // `<array></array>` is `<array/>` to XML, and so to the reader of bodies as they arrive.
    if (!this.atCloseTag() && !this.expectOpen('data')) {
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
