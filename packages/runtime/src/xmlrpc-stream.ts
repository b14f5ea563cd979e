/**
 * The XML-RPC `<methodResponse>` reader for bodies read as they arrive (an `HttpRequest.sink`):
 * `write` each chunk, then `end()` gives the value or throws. It reads the events of `XmlStream`
 * (so the document is checked as fully as any XML the runtime reads) and checks XML-RPC's grammar
 * element by element with the value rules `decodeMethodResponse` uses (xmlrpc-values.ts): the
 * same value types, the same faults, the same refusals, said without a line and column.
 *
 * The point of it is the strings: a `stringSink` may take a string value's text as it arrives,
 * piece by piece, instead of the reader holding it (an OpenNebula pool answer is one string of
 * hundreds of MB), and what its `end()` returns stands in the result for the string. Text the
 * reader does hold — other strings, names, numbers — is bounded by `maxTextLength`. Once the body
 * is past what a fault would quote, a sink's string is read from the bytes themselves
 * (xmlrpc-stream-text.ts), with the checks of XML text, rather than through the XML reader.
 *
 * Where it differs from `decodeMethodResponse`, it is because XML cannot tell the cases apart, or
 * because the scanner checks less of XML: this reader refuses what is not well-formed XML even
 * where the scanner does not look (a `--` inside a comment, a malformed XML declaration, `]]>` in
 * text, a bad reference in an attribute), and it accepts what XML does not distinguish from valid
 * XML-RPC (a processing instruction between tags, whitespace written as CDATA between tags).
 */
import { DecodeError } from './errors.js';
import { concat, Utf8Chunks } from './utf8-chunks.js';
import { type ParseXmlOptions, type XmlEventHandler, type XmlStartTag, XmlStream } from './xml.js';
import { DEFAULT_XML_LIMITS } from './xml-scan.js';
import { XmlRpcFault } from './xmlrpc-fault.js';
import { StringTextBytes } from './xmlrpc-stream-text.js';
import { MAX_XMLRPC_NESTING, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-types.js';
import {
  type FaultFields,
  faultOf,
  isScalarType,
  preview,
  type ScalarType,
  scalarValue,
  setMember,
  valueTypeOf,
  XML_WHITESPACE_ONLY,
} from './xmlrpc-values.js';

/** Where a value sits in the response's value: array indexes and struct member names, from the top. */
export type XmlRpcPath = readonly (number | string)[];

/** Takes one string value's text, piece by piece, in place of the reader. */
export interface XmlRpcStringSink {
  write(text: string): void;
  /** The string is complete; the value returned stands for it in the response's value. */
  end(): unknown;
}

export interface XmlRpcStreamOptions extends ParseXmlOptions {
  /**
   * Called when a string value of the response starts, with its path and the array or struct
   * holding it as decoded so far (`undefined` for the top value); a sink returned takes the
   * string's text as it arrives, `undefined` leaves it to the reader. Strings inside a fault are
   * never offered.
   */
  stringSink?: (
    path: XmlRpcPath,
    parent: readonly XmlRpcValue[] | XmlRpcStruct | undefined,
  ) => XmlRpcStringSink | undefined;
}

/**
 * Element depth a response needs at the nesting `decodeMethodResponse` allows: methodResponse,
 * params, param and value, then array, data and value (or struct, member and value) per level.
 * Deeper, the nesting check refuses the document first, with the same words.
 */
const ENVELOPE_DEPTH = 4 + 3 * (MAX_XMLRPC_NESTING + 1);

/** The body, as errors name it. */
const UTF8_WHAT = 'the XML-RPC response';

/** A fault's body is kept for its error when the whole response is no longer than this (characters). */
const FAULT_BODY_KEPT = 64 * 1024;

/**
 * Reads one `<methodResponse>` as it arrives. `maxBytes` (default 256 MiB) counts the whole body,
 * strings given to a sink included; `maxTextLength` (default 64 Mi) bounds each text the reader
 * holds, not what goes to a sink. The other `ParseXmlOptions` limits apply as in `XmlStream`,
 * with a default `maxDepth` deep enough for XML-RPC's own nesting limit.
 */
export class XmlRpcResponseStream {
  readonly #reader: ResponseReader;
  readonly #stream: XmlStream;
  readonly #utf8 = new Utf8Chunks(UTF8_WHAT);
  /** The text so far while it is short: a fault's error carries it. */
  #kept: string[] | undefined = [];
  #keptLength = 0;
  /** A sink's string being read from the bytes, while it is. */
  #stringText: StringTextBytes | undefined;

  constructor(options: XmlRpcStreamOptions = {}) {
    const { stringSink, ...given } = options;
    // A limit given as `undefined` is its default.
    const limits = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    this.#reader = new ResponseReader(
      limits['maxTextLength'] ?? DEFAULT_XML_LIMITS.maxTextLength,
      stringSink,
    );
    // The reader bounds the text it holds; a string going to a sink is the sink's to bound.
    this.#stream = new XmlStream(this.#reader, {
      maxDepth: ENVELOPE_DEPTH,
      ...limits,
      maxTextLength: Number.POSITIVE_INFINITY,
    });
  }

  /** The next chunk of the body: UTF-8 bytes, or text (one or the other for a whole response). */
  write(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      this.#take(chunk);
      return;
    }
    let rest: Uint8Array | undefined = chunk;
    this.#stringText ??= this.#stringFromBytes();
    if (this.#stringText !== undefined) {
      rest = this.#stringText.read(chunk);
      const read = chunk.byteLength - (rest?.byteLength ?? 0);
      this.#stream.countBytes(read);
      this.#utf8.skip(read);
      if (rest === undefined) return;
      this.#stringText = undefined;
    }
    this.#take(this.#utf8.decode(rest));
  }

  /**
   * Starts reading a string's text from the bytes, when a sink takes the string being read, the
   * XML reader holds nothing but its text, and the body is past what a fault would quote.
   */
  #stringFromBytes(): StringTextBytes | undefined {
    const sink = this.#reader.sinkOfText();
    if (sink === undefined || this.#kept !== undefined) return undefined;
    const held = this.#stream.takeHeldText();
    if (held === undefined) return undefined;
    const heldBytes = Buffer.from(held, 'utf8');
    const cut = this.#utf8.takePending();
    this.#stream.countBytes(cut.byteLength);
    const start = this.#utf8.received - cut.byteLength - heldBytes.byteLength;
    return new StringTextBytes(sink, concat(heldBytes, cut), start, UTF8_WHAT);
  }

  /**
   * The response ends here: its value.
   *
   * @throws XmlRpcFault when it is a well-formed fault
   * @throws DecodeError when it is not a well-formed XML-RPC response
   */
  end(): XmlRpcValue {
    if (this.#stringText !== undefined) {
      // The body ended inside the string: the XML reader says what is missing.
      this.#take(this.#utf8.decode(this.#stringText.rest()));
      this.#stringText = undefined;
    }
    this.#take(this.#utf8.decode(new Uint8Array(0), true));
    this.#stream.end();
    const outcome = this.#reader.outcome();
    if ('value' in outcome) return outcome.value;
    const body = this.#kept?.join('');
    throw new XmlRpcFault(outcome.code, outcome.message, body === undefined ? {} : { body });
  }

  #take(text: string): void {
    if (this.#kept !== undefined) {
      this.#keptLength += text.length;
      if (this.#keptLength <= FAULT_BODY_KEPT) this.#kept.push(text);
      else this.#kept = undefined;
    }
    this.#stream.write(text);
  }
}

/** What an open element is to the grammar. */
type FrameKind =
  | 'document'
  | 'methodResponse'
  | 'params'
  | 'param'
  | 'fault'
  | 'value'
  | 'scalar'
  | 'struct'
  | 'member'
  | 'name'
  | 'array'
  | 'data';

/** An open element of the response. */
class Frame {
  /** Text held: a value's or a scalar's content, a member's name. */
  text = '';
  /** Where a value (or a scalar in it) sits, when its strings may be offered to `stringSink`. */
  path: XmlRpcPath | undefined = undefined;
  /** The array or struct frame whose value holds this value, if any. */
  holder: Frame | undefined = undefined;
  /** The sink a string's text goes to, once one took it. */
  sink: XmlRpcStringSink | undefined = undefined;
  /** Whether `stringSink` was asked already for this string. */
  offered = false;
  /** A value's content once its type element closed; a struct, an array's items; a param's value. */
  value: XmlRpcValue | undefined = undefined;
  /** For `<value>`: whether a type element was read. */
  typed = false;
  /** How far the content got: params read, or which child comes next. */
  step = 0;
  /** A member's name, once read. */
  memberName = '';
  /** A scalar's type. */
  scalar: ScalarType | undefined = undefined;

  constructor(
    readonly kind: FrameKind,
    /** The element's name as written. */
    readonly name: string,
    /** How deep in arrays and structs (0 for the top value). */
    readonly depth: number,
  ) {}
}

type Outcome = { readonly value: XmlRpcValue } | FaultFields;

/** The grammar, fed by `XmlStream`'s events. */
class ResponseReader implements XmlEventHandler {
  readonly #frames: Frame[] = [new Frame('document', '', 0)];
  #outcome: Outcome | undefined;

  constructor(
    private readonly maxTextLength: number,
    private readonly stringSink: XmlRpcStreamOptions['stringSink'],
  ) {}

  /** The sink taking the text being read, if any. */
  sinkOfText(): XmlRpcStringSink | undefined {
    const top = this.#top();
    return top.kind === 'value' || top.kind === 'scalar' ? top.sink : undefined;
  }

  /** The response's value or fault: set by the time the document is complete. */
  outcome(): Outcome {
    return this.#outcome as Outcome;
  }

  open(tag: XmlStartTag): void {
    const top = this.#top();
    const name = tag.name;
    switch (top.kind) {
      case 'document':
        this.#expect(name, 'methodResponse');
        this.#push('methodResponse', name, 0);
        return;
      case 'methodResponse':
        if (top.step > 0) this.#unexpected(top, name);
        if (name !== 'params' && name !== 'fault')
          this.#fail(`expected <params> or <fault>, found <${name}>`);
        top.step = 1;
        this.#push(name, name, 0);
        return;
      case 'params':
        this.#expect(name, 'param');
        this.#push('param', name, 0);
        return;
      case 'param':
      case 'fault': {
        if (top.step > 0) this.#unexpected(top, name);
        this.#expect(name, 'value');
        const value = this.#push('value', name, 0);
        // Only the first param can be the answer; a fault's strings are the reader's own.
        const first = top.kind === 'param' && this.#below(top).step === 0;
        if (first && this.stringSink !== undefined) value.path = [];
        return;
      }
      case 'value':
        this.#openType(top, name);
        return;
      case 'scalar':
      case 'name':
        this.#unexpected(top, name);
        return;
      case 'struct':
        this.#expect(name, 'member');
        this.#push('member', name, top.depth);
        return;
      case 'member':
        if (top.step === 0) {
          this.#expect(name, 'name');
          this.#push('name', name, top.depth);
        } else if (top.step === 1) {
          this.#expect(name, 'value');
          this.#pushItem(this.#below(top), name, top.memberName);
        } else {
          this.#unexpected(top, name);
        }
        return;
      case 'array':
        if (top.step > 0) this.#unexpected(top, name);
        this.#expect(name, 'data');
        top.step = 1;
        this.#push('data', name, top.depth);
        return;
      case 'data': {
        this.#expect(name, 'value');
        const array = this.#below(top);
        this.#pushItem(array, name, (array.value as XmlRpcValue[]).length);
        return;
      }
    }
  }

  text(data: string): void {
    const top = this.#top();
    switch (top.kind) {
      case 'value':
        if (top.typed) this.#whitespaceOnly(top, data);
        else if (top.sink !== undefined) top.sink.write(data);
        else {
          // Until text other than whitespace comes, a type element may still follow.
          const sink = XML_WHITESPACE_ONLY.test(data) ? undefined : this.#offer(top);
          if (sink === undefined) this.#hold(top, data);
          else sink.write(data);
        }
        return;
      case 'scalar':
        if (top.sink !== undefined) top.sink.write(data);
        else this.#hold(top, data);
        return;
      case 'name':
        this.#hold(top, data);
        return;
      default:
        this.#whitespaceOnly(top, data);
    }
  }

  close(): void {
    const frame = this.#frames.pop() as Frame;
    const parent = this.#top();
    switch (frame.kind) {
      case 'methodResponse':
        if (frame.step === 0) this.#fail(`expected <params> or <fault>, found </${frame.name}>`);
        return;
      case 'params':
        if (frame.step !== 1)
          this.#fail(`a methodResponse carries exactly one <param>, this one has ${frame.step}`);
        this.#outcome = { value: frame.value as XmlRpcValue };
        return;
      case 'param':
        if (frame.step === 0) this.#fail(`expected <value>, found </${frame.name}>`);
        if (parent.step === 0) parent.value = frame.value as XmlRpcValue;
        parent.step++;
        return;
      case 'fault':
        if (frame.step === 0) this.#fail(`expected <value>, found </${frame.name}>`);
        this.#outcome = faultOf(frame.value as XmlRpcValue, (reason) => this.#fail(reason));
        return;
      case 'value':
        this.#delivered(parent, this.#valueOf(frame));
        return;
      case 'scalar':
        parent.typed = true;
        parent.value = this.#scalarOf(frame);
        return;
      case 'struct':
      case 'array':
        parent.typed = true;
        parent.value = frame.value as XmlRpcValue;
        return;
      case 'member':
        if (frame.step < 2)
          this.#fail(`expected <${frame.step === 0 ? 'name' : 'value'}>, found </${frame.name}>`);
        setMember(parent.value as XmlRpcStruct, frame.memberName, frame.value as XmlRpcValue);
        return;
      case 'name':
        parent.memberName = frame.text;
        parent.step = 1;
        return;
      case 'data':
      case 'document':
        return;
    }
  }

  /** A type element inside `<value>`: only whitespace may come before it. */
  #openType(value: Frame, name: string): void {
    if (value.typed || value.sink !== undefined || !XML_WHITESPACE_ONLY.test(value.text)) {
      this.#unexpected(value, name);
    }
    value.text = '';
    const type = valueTypeOf(name);
    if (type === 'struct' || type === 'array') {
      if (value.depth >= MAX_XMLRPC_NESTING) this.#fail(`values nested deeper than ${MAX_XMLRPC_NESTING}`);
      const container = this.#push(type, name, value.depth);
      container.value = type === 'struct' ? {} : [];
      container.path = value.path;
      return;
    }
    if (!isScalarType(type)) this.#fail(`unknown value type <${name}>`);
    const scalar = this.#push('scalar', name, value.depth);
    scalar.scalar = type;
    scalar.path = value.path;
    scalar.holder = value.holder;
    if (type === 'string') this.#offer(scalar);
  }

  /** A `<value>` inside the array or struct `container`, at `key` (an index or a member name). */
  #pushItem(container: Frame, name: string, key: number | string): void {
    const value = this.#push('value', name, container.depth + 1);
    value.holder = container;
    if (container.path !== undefined) value.path = [...container.path, key];
  }

  /** Asks the caller, once, for a sink to take the string of `frame`; the sink that took it. */
  #offer(frame: Frame): XmlRpcStringSink | undefined {
    if (!frame.offered && frame.path !== undefined && this.stringSink !== undefined) {
      frame.offered = true;
      const holder = frame.holder?.value as XmlRpcValue[] | XmlRpcStruct | undefined;
      frame.sink = this.stringSink(frame.path, holder);
      if (frame.sink !== undefined && frame.text !== '') {
        frame.sink.write(frame.text);
        frame.text = '';
      }
    }
    return frame.sink;
  }

  /** What a closing `<value>` holds: its type element's value, or its text as a string. */
  #valueOf(frame: Frame): XmlRpcValue {
    if (frame.typed) return frame.value as XmlRpcValue;
    const sink = this.#offer(frame);
    return sink === undefined ? frame.text : (sink.end() as XmlRpcValue);
  }

  #scalarOf(frame: Frame): XmlRpcValue {
    if (frame.sink !== undefined) return frame.sink.end() as XmlRpcValue;
    return scalarValue(frame.scalar as ScalarType, frame.name, frame.text, (reason) => this.#fail(reason));
  }

  /** A value is complete: it goes to the param, the fault, the member or the array holding it. */
  #delivered(parent: Frame, value: XmlRpcValue): void {
    if (parent.kind === 'data') {
      (this.#below(parent).value as XmlRpcValue[]).push(value);
      return;
    }
    parent.value = value;
    parent.step = parent.kind === 'member' ? 2 : 1;
  }

  #hold(frame: Frame, data: string): void {
    if (frame.text.length + data.length > this.maxTextLength) {
      this.#fail(
        `a text longer than ${this.maxTextLength} characters in <${frame.name}> (option maxTextLength)`,
      );
    }
    frame.text += data;
  }

  #whitespaceOnly(frame: Frame, data: string): void {
    if (!XML_WHITESPACE_ONLY.test(data)) {
      const text = preview(data.replace(/^[ \t\r\n]+/, ''));
      this.#fail(`unexpected text ${text} in <${frame.name}>${frame.typed ? ' after its value' : ''}`);
    }
  }

  #expect(name: string, expected: string): void {
    if (name !== expected) this.#fail(`expected <${expected}>, found <${name}>`);
  }

  #unexpected(frame: Frame, name: string): never {
    return this.#fail(`expected </${frame.name}>, found <${name}>`);
  }

  #push(kind: FrameKind, name: string, depth: number): Frame {
    const frame = new Frame(kind, name, depth);
    this.#frames.push(frame);
    return frame;
  }

  #top(): Frame {
    return this.#frames[this.#frames.length - 1] as Frame;
  }

  /** The frame under `frame`, which is at the top or just under it. */
  #below(frame: Frame): Frame {
    return this.#frames[this.#frames.lastIndexOf(frame) - 1] as Frame;
  }

  #fail(reason: string): never {
    throw new DecodeError(`Malformed XML-RPC methodResponse: ${reason}`);
  }
}
