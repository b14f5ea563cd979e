/**
 * XML answers → typed objects, driven by the generated shapes: integers and decimals become
 * numbers, repeatable elements always arrays (empty when absent), TEMPLATE-like elements plain
 * objects (see template-types.ts). Elements the XSD does not declare are ignored outside templates,
 * as a newer server may add them; inside templates everything is kept.
 *
 * Decoding streams: the tokenizer's events fill the objects in one pass (decode-stream.ts), with no
 * element tree in between, from a whole document (`decodeDocument`) or from one arriving in pieces
 * (`DocumentStream`, fed by the client as the answer's body arrives). A document that is not
 * well-formed fails as such even when the decoder found a bad value first, as when the whole
 * document was parsed before decoding.
 */
import {
  type ParseXmlOptions,
  scanXml,
  type XmlElement,
  type XmlEventHandler,
  type XmlStartTag,
  XmlTokenizer,
} from '@overcast/runtime/xml';
import { StreamDecoder, templateOf } from './decode-stream.js';
import type { Template } from './template-types.js';

/** Decodes the XML document `xml`, whose root must be `root`, as the generated type `typeName`. */
export function decodeDocument(xml: string, typeName: string, root: string): unknown {
  return decodeWith(xml, new StreamDecoder(root, typeName));
}

/** Decodes an XML document no XSD describes (quotas, SQL answers) as a free-form object. */
export function decodeUntyped(xml: string, root: string): Template {
  return decodeWith(xml, new StreamDecoder(root, undefined)) as Template;
}

/** A template element as an object: vectors always arrays of objects, single attributes strings. */
export function decodeTemplate(element: XmlElement, path: string): Template {
  return templateOf(element, path);
}

function decodeWith(xml: string, decoder: StreamDecoder): unknown {
  const document = new GuardedDecoder(decoder);
  scanXml(xml, document);
  return document.result();
}

/**
 * Decodes a document that arrives in pieces — `write` each as it comes, then `end()` gives the
 * decoded root — whose root must be `root`, as the generated type `typeName` (`undefined`: as a
 * free-form object), holding only the decoded objects and the token being read. Its failures are
 * `decodeDocument`'s; `options` are the tokenizer's limits. The pieces are the text of an XML-RPC
 * string, whose characters the envelope's reader has checked (and whose references it checked as
 * it decoded them): they go to the tokenizer without a second check.
 */
export class DocumentStream {
  readonly #document: GuardedDecoder;
  readonly #tokenizer: XmlTokenizer;

  constructor(typeName: string | undefined, root: string, options: ParseXmlOptions) {
    this.#document = new GuardedDecoder(new StreamDecoder(root, typeName));
    this.#tokenizer = new XmlTokenizer(this.#document, options);
  }

  write(text: string): void {
    this.#tokenizer.write(text);
  }

  end(): unknown {
    this.#tokenizer.end();
    return this.#document.result();
  }
}

/**
 * Passes events to a `StreamDecoder` until it fails on a bad value, then ignores the rest while
 * the tokenizer reads on: a document that is not well-formed fails as such, and only a
 * well-formed one with a bad value fails with the decoder's error (at `result()`).
 */
class GuardedDecoder implements XmlEventHandler {
  readonly #decoder: StreamDecoder;
  #failed = false;

  constructor(decoder: StreamDecoder) {
    this.#decoder = decoder;
  }

  open(tag: XmlStartTag): void {
    if (this.#failed) return;
    try {
      this.#decoder.open(tag);
    } catch (error) {
      this.#stopOn(error);
    }
  }

  /** The decoder never fails on text alone: a bad value shows when its element closes. */
  text(data: string): void {
    if (!this.#failed) this.#decoder.text(data);
  }

  close(): void {
    if (this.#failed) return;
    try {
      this.#decoder.close();
    } catch (error) {
      this.#stopOn(error);
    }
  }

  result(): unknown {
    if (this.#decoder.failure !== undefined) throw this.#decoder.failure;
    return this.#decoder.result();
  }

  #stopOn(error: unknown): void {
    if (error !== this.#decoder.failure) throw error;
    this.#failed = true;
  }
}
