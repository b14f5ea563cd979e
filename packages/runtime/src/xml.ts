/**
 * Safe XML: parsing into a small, predictable tree, and building documents with xmlbuilder2.
 *
 * Parsing uses the tokenizer of xml-scan.ts. Measured on a 50 MB VM_POOL (`bench/src/xml-bench.ts`),
 * the libraries that are strict and never expand entities were all slower: saxes, the fastest of
 * them, at half the tokenizer's speed, fast-xml-parser made strict with its validator slower
 * still; txml is fast but lenient (a truncated answer quietly parses into half a tree). The
 * tokenizer checks well-formedness fully (tags, attributes, characters, line ends), knows only the
 * five predefined entities and numeric character references, and refuses any DOCTYPE, so no DTD
 * is read, no external entity fetched and nothing expanded. Every failure is a `DecodeError`.
 */

import { createRequire } from 'node:module';
import type { create as createDocument } from 'xmlbuilder2';
import { DecodeError, ParameterError } from './errors.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { describeCodeUnit, findInvalidXmlChar } from './xml-chars.js';
import {
  AttributeSet,
  NO_ATTRIBUTES,
  tokenizeXml,
  type XmlEventHandler,
  type XmlLimits,
  type XmlStartTag,
  XmlTokenizer,
} from './xml-scan.js';

export { emptyArrayOfObjects, settledObject } from './decoded-objects.js';
export {
  DEFAULT_XML_LIMITS,
  type XmlEventHandler,
  type XmlLimits,
  type XmlStartTag,
  /** The tokenizer alone: for text whose characters are already checked (a document carried in another's text). */
  XmlTokenizer,
} from './xml-scan.js';

/**
 * An element. `name` is the qualified name as written (`ex:nil`), `localName` the part after any
 * prefix (`nil`): match on `localName` when a document may or may not use a prefix. Namespace
 * declarations stay among the attributes; no namespace is resolved.
 */
export interface XmlElement {
  name: string;
  localName: string;
  /** Attribute values with references decoded and XML's whitespace normalization applied. */
  attributes: Record<string, string>;
  children: XmlNode[];
}

/**
 * A child of an element: an element, or text. Adjacent character data and CDATA sections come
 * as one string; whitespace-only text between child elements (indentation) is dropped; comments
 * and processing instructions are dropped.
 */
export type XmlNode = XmlElement | string;

/** Limits of one document: its size, and what its structure may make a reader hold (`XmlLimits`). */
export interface ParseXmlOptions extends Partial<XmlLimits> {
  /** Largest document accepted, in bytes of UTF-8 (default `DEFAULT_MAX_XML_BYTES`). */
  maxBytes?: number;
}

/** 256 MiB: above the largest pool answers OpenNebula sends, below what would exhaust memory. */
export const DEFAULT_MAX_XML_BYTES = 256 * 1024 * 1024;

/** A node of an xmlbuilder2 document under construction. */
type XMLBuilder = ReturnType<typeof createDocument>;

// xmlbuilder2 (CommonJS) is loaded on the first build, not at import: it is most of this module's
// import time, and readers never need it.
let loadedCreate: typeof createDocument | undefined;
function newDocument(): XMLBuilder {
  loadedCreate ??= (createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2')).create;
  return loadedCreate({ version: '1.0' });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an XML document (a string, or UTF-8 bytes) into its root element. Throws `DecodeError`
 * when the document is larger than `maxBytes`, is not valid UTF-8, has a DOCTYPE, or is not
 * well-formed (the message gives the parser's line, column and reason).
 */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlElement {
  const builder = new TreeBuilder();
  scanXml(input, builder, options);
  return builder.root();
}

/**
 * Streams a document's events to `handler` without building a tree, with the same safety and
 * errors as `parseXml` (size limit, UTF-8, no DOCTYPE, well-formedness): for decoders that fill
 * typed objects in one pass. A `DecodeError` thrown by the handler passes through as it is.
 */
export function scanXml(
  input: string | Uint8Array,
  handler: XmlEventHandler,
  options: ParseXmlOptions = {},
): void {
  const text = decodeInput(input, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  // Checked once for the whole document, so the tokenizer can pass text on as it is.
  const invalid = findInvalidXmlChar(text);
  if (invalid !== -1) {
    throw new DecodeError(
      `Malformed XML: character ${describeCodeUnit(text, invalid)} at offset ${invalid} is not allowed`,
    );
  }
  tokenizeXml(text, handler, options);
}

/**
 * Text of a document from chunks as they arrive — UTF-8 bytes (a response body) or strings —
 * strictly decoded, its characters checked, its bytes counted against `maxBytes`: what `scanXml`
 * checks of a whole document, chunk by chunk, with errors naming offsets in the whole.
 */
class CheckedXmlChunks {
  readonly #maxBytes: number;
  readonly #utf8 = new Utf8Chunks('the XML document');
  #bytes = 0;
  #characters = 0;
  /** A high surrogate that ended a string chunk, waiting for its pair. */
  #carry = '';

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The checked text of `chunk`; with `final`, the document ends with it. */
  take(chunk: Uint8Array | string, final: boolean): string {
    let text: string;
    if (typeof chunk === 'string') {
      this.count(Buffer.byteLength(chunk, 'utf8'));
      text = this.#carry + chunk;
      this.#carry = '';
      const last = text.charCodeAt(text.length - 1);
      if (!final && last >= 0xd800 && last <= 0xdbff) {
        this.#carry = text.slice(-1);
        text = text.slice(0, -1);
      }
    } else {
      this.count(chunk.byteLength);
      text = this.#utf8.decode(chunk, false);
    }
    if (final) text += this.#carry + this.#utf8.decode(new Uint8Array(0), true);
    const invalid = findInvalidXmlChar(text);
    if (invalid !== -1) {
      throw new DecodeError(
        `Malformed XML: character ${describeCodeUnit(text, invalid)} at offset ${this.#characters + invalid} is not allowed`,
      );
    }
    this.#characters += text.length;
    return text;
  }

  /** Counts `bytes` more against `maxBytes`. */
  count(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes > this.#maxBytes) {
      throw new DecodeError(
        `XML document of more than ${this.#maxBytes} bytes exceeds the limit (option maxBytes)`,
      );
    }
  }
}

/**
 * Reads a document from chunks as they arrive — UTF-8 bytes (a response body) or strings — with
 * the same checks and errors as `scanXml`, holding only the token being read: `write` each chunk,
 * then `end()`. `maxBytes` counts every byte written.
 */
export class XmlStream {
  readonly #tokenizer: XmlTokenizer;
  readonly #chunks: CheckedXmlChunks;

  constructor(handler: XmlEventHandler, options: ParseXmlOptions = {}) {
    this.#tokenizer = new XmlTokenizer(handler, options);
    this.#chunks = new CheckedXmlChunks(options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  }

  write(chunk: Uint8Array | string): void {
    this.#tokenizer.write(this.#chunks.take(chunk, false));
  }

  /** `XmlTokenizer.takeHeldText`. */
  takeHeldText(): string | undefined {
    return this.#tokenizer.takeHeldText();
  }

  /** Counts `bytes` read by the caller in place of the stream against `maxBytes`. */
  countBytes(bytes: number): void {
    this.#chunks.count(bytes);
  }

  /** The document ends here: what is missing from it is a `DecodeError`. */
  end(): void {
    this.#tokenizer.write(this.#chunks.take('', true), true);
  }
}

/** A whole document whose characters were checked as it arrived (`xmlTextSink`). */
export interface CheckedXmlText {
  readonly text: string;
  /** Reads it into `handler` as `scanXml` would, without checking its characters again. */
  scan(handler: XmlEventHandler, limits?: Partial<XmlLimits>): void;
}

/**
 * A response body taken as XML text as it arrives (an `HttpRequest.sink`), for a caller that needs
 * the whole text before it reads it (to look at its end first): the bytes are decoded and their
 * characters checked chunk by chunk while the rest is still on its way, rather than all at once
 * after it. `maxBytes` counts every byte.
 */
export function xmlTextSink(options: Pick<ParseXmlOptions, 'maxBytes'> = {}): {
  write(chunk: Uint8Array): void;
  end(): CheckedXmlText;
} {
  const chunks = new CheckedXmlChunks(options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  const pieces: string[] = [];
  return {
    write(chunk) {
      pieces.push(chunks.take(chunk, false));
    },
    end() {
      pieces.push(chunks.take('', true));
      const text = pieces.join('');
      return { text, scan: (handler, limits) => tokenizeXml(text, handler, limits) };
    },
  };
}

/** Reads a document from `chunks` (a response body as it arrives) into `handler`: `XmlStream` over an iterable. */
export async function scanXmlStream(
  chunks: AsyncIterable<Uint8Array | string>,
  handler: XmlEventHandler,
  options: ParseXmlOptions = {},
): Promise<void> {
  const stream = new XmlStream(handler, options);
  for await (const chunk of chunks) stream.write(chunk);
  stream.end();
}

function decodeInput(input: string | Uint8Array, maxBytes: number): string {
  const tooLarge = (bytes: number) =>
    new DecodeError(
      `XML document of ${bytes} bytes exceeds the limit of ${maxBytes} bytes (option maxBytes)`,
    );
  if (typeof input !== 'string') {
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength);
    try {
      return utf8.decode(input);
    } catch (error) {
      throw new DecodeError('XML document is not valid UTF-8', { cause: error });
    }
  }
  // A UTF-16 code unit takes 1 to 3 bytes of UTF-8: count exactly only when it could matter.
  if (input.length > maxBytes) throw tooLarge(Buffer.byteLength(input, 'utf8'));
  if (input.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(input, 'utf8');
    if (bytes > maxBytes) throw tooLarge(bytes);
  }
  return input;
}

const XML_WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** Builds the element tree from parser events, without recursion, so any depth is safe. */
class TreeBuilder implements XmlEventHandler {
  private readonly stack: XmlElement[] = [];
  private rootElement: XmlElement | undefined;

  open(tag: XmlStartTag): void {
    const element: XmlElement = {
      name: tag.name,
      localName: localNameOf(tag.name),
      // Prototype-less, so an attribute named `__proto__` is data; each element gets its own.
      attributes: tag.attributes === NO_ATTRIBUTES ? new AttributeSet() : tag.attributes,
      children: [],
    };
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.rootElement = element;
    else parent.children.push(element);
    this.stack.push(element);
  }

  close(): void {
    const element = this.stack.pop();
    if (element === undefined || element.children.length < 2) return;
    let hasElements = false;
    let hasIndentation = false;
    for (const child of element.children) {
      if (typeof child !== 'string') hasElements = true;
      else if (XML_WHITESPACE_ONLY.test(child)) hasIndentation = true;
    }
    if (hasElements && hasIndentation) {
      element.children = element.children.filter(
        (child) => typeof child !== 'string' || !XML_WHITESPACE_ONLY.test(child),
      );
    }
  }

  /** Text outside the root element is never reported (only whitespace is allowed there). */
  text(data: string): void {
    const children = this.stack[this.stack.length - 1]?.children;
    if (children === undefined || data === '') return;
    const last = children.length - 1;
    if (typeof children[last] === 'string') children[last] += data;
    else children.push(data);
  }

  root(): XmlElement {
    if (this.rootElement === undefined)
      throw new DecodeError('Malformed XML: the document has no root element');
    return this.rootElement;
  }
}

/** The part of a qualified name after its prefix: `one:VM` → `VM`, `VM` → `VM`. */
export function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** The concatenated text children of `element` (its own text, not its descendants'). */
export function textOf(element: XmlElement): string {
  let text = '';
  for (const child of element.children) if (typeof child === 'string') text += child;
  return text;
}

/** The child elements of `element`, only those with local name `localName` when given. */
export function childElements(element: XmlElement, localName?: string): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && (localName === undefined || child.localName === localName)) {
      elements.push(child);
    }
  }
  return elements;
}

/** An element to build. A parsed `XmlElement` is one too, so parsed trees can be written back. */
export interface XmlBuildElement {
  name: string;
  attributes?: Readonly<Record<string, string | number | boolean>>;
  children?: readonly XmlBuildNode[];
}

/** Text to write as CDATA sections; make one with `cdata()`. */
export interface XmlCdata {
  readonly kind: 'cdata';
  /** The sections, none containing `]]>`. */
  readonly sections: readonly string[];
}

export type XmlBuildNode = XmlBuildElement | XmlCdata | string;

/**
 * `text` as CDATA (OpenNebula's templates use it). `]]>` cannot occur inside a section, so the
 * text is split there: `a]]>b` becomes the sections `a]]` and `>b`, which parse back to `a]]>b`.
 */
export function cdata(text: string): XmlCdata {
  const parts = text.split(']]>');
  const sections = parts.map((part, i) => (i > 0 ? '>' : '') + part + (i < parts.length - 1 ? ']]' : ''));
  return { kind: 'cdata', sections };
}

export interface BuildXmlOptions {
  /** Begin with `<?xml version="1.0"?>` (default true). */
  declaration?: boolean;
  /** Indent the output (default false). Indentation adds whitespace text, so leave it off for data. */
  pretty?: boolean;
}

/**
 * Writes the document whose root is `root`. Text and attribute values are escaped so that any
 * parser reads back exactly the strings given; characters XML 1.0 cannot carry, and names that are
 * not XML names, throw a `ParameterError` naming the element.
 */
export function buildXml(root: XmlBuildElement, options: BuildXmlOptions = {}): string {
  const document = newDocument();
  writeElement(document, root, `/${root.name}`);
  try {
    return document.end({
      headless: options.declaration === false,
      prettyPrint: options.pretty ?? false,
      wellFormed: true,
    });
  } catch (error) {
    throw new ParameterError(`Cannot build XML: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function writeElement(parent: XMLBuilder, element: XmlBuildElement, path: string): void {
  let node: XMLBuilder;
  try {
    node = parent.ele(element.name);
    for (const [name, value] of Object.entries(element.attributes ?? {})) {
      node.att(name, escapeAttribute(checked(String(value), `${path}/@${name}`)));
    }
  } catch (error) {
    if (error instanceof ParameterError) throw error;
    throw new ParameterError(
      `Cannot build XML element ${path}: ${error instanceof Error ? error.message : error}`,
      {
        cause: error,
      },
    );
  }
  for (const child of element.children ?? []) {
    if (typeof child === 'string') {
      node.txt(escapeText(checked(child, path)));
    } else if ('kind' in child) {
      for (const section of child.sections) writeCdataSection(node, checked(section, path));
    } else {
      writeElement(node, child, `${path}/${child.name}`);
    }
  }
}

/** A CR inside CDATA would be read back as LF, so CRs go between sections as references. */
function writeCdataSection(node: XMLBuilder, section: string): void {
  section.split('\r').forEach((piece, i) => {
    if (i > 0) node.txt(escapeText('\r'));
    if (piece !== '') node.dat(piece);
  });
}

function checked(text: string, path: string): string {
  const invalid = findInvalidXmlChar(text);
  if (invalid !== -1) {
    throw new ParameterError(
      `Cannot build XML: ${path} has ${describeCodeUnit(text, invalid)} at index ${invalid}, which XML 1.0 cannot carry`,
    );
  }
  return text;
}

// xmlbuilder2 escapes `<`, `>` (and `"` in attributes) but leaves any `&` that starts something
// shaped like a reference alone, so `&amp;` in a string would be written as is and read back as `&`.
// Escaping every `&` first (and the characters line-end and attribute-value normalization would
// change) makes the output exact; the round-trip tests guard this against a change of behaviour.
function escapeText(text: string): string {
  return text.replace(/[&\r]/g, (c) => (c === '&' ? '&amp;' : '&#13;'));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};
