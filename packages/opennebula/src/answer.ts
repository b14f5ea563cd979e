/**
 * oned's answers, read from the body as it arrives: `[true, value, …]` or `[false, message, code,
 * …]` in an XML-RPC methodResponse. When the method answers an XML document (a VM, a pool), the
 * document is the escaped text of the answer's second value; its text goes piece by piece from
 * the XML-RPC reader into the typed decoder (`DocumentStream`), so a 50,000-VM pool costs its
 * decoded objects and a bounded window, never its hundreds of MB of text as well.
 */
import { DecodeError } from '@overcast/runtime/errors';
import type { BodySink } from '@overcast/runtime/http';
import type { XmlLimits } from '@overcast/runtime/xml';
import {
  type XmlRpcPath,
  XmlRpcResponseStream,
  type XmlRpcStringSink,
  type XmlRpcValue,
} from '@overcast/runtime/xmlrpc';
import { DocumentStream } from './decode.js';
import { type OneErrorContext, oneErrorFor } from './errors.js';
import type { MethodSpec } from './method-spec.js';

/** How much of a string that is no document its error quotes. */
const HEAD_QUOTED = 60;

/**
 * The body sink reading `method`'s answer: its `end()` is the XML-RPC value, the document decoded.
 * `limits` bound the document, and `maxTextLength` any string held whole (a token, a version);
 * the body's size is `maxResponseSize`'s to bound, and the document is never larger.
 */
export function answerReader(method: string, spec: MethodSpec, limits: XmlLimits): BodySink {
  const returns = spec.returns;
  const document = typeof returns === 'object' ? returns : undefined;
  return new XmlRpcResponseStream({
    maxBytes: Number.POSITIVE_INFINITY,
    maxTextLength: limits.maxTextLength,
    ...(document === undefined
      ? {}
      : {
          stringSink: (path, parent) =>
            isDocumentPlace(path, parent) ? new DocumentSink(method, document, limits) : undefined,
        }),
  });
}

/** The answer's value once `[true` has been read: where a document method's document is. */
function isDocumentPlace(path: XmlRpcPath, parent: readonly XmlRpcValue[] | object | undefined): boolean {
  return path.length === 1 && path[0] === 1 && Array.isArray(parent) && parent[0] === true;
}

/** The document a `DocumentSink` decoded, standing for its string in the answer. */
class DecodedDocument {
  constructor(readonly value: unknown) {}
}

/**
 * Takes the document string's text as it arrives. It must be an XML document (its first character
 * other than whitespace `<`); then every piece goes to the decoder. Otherwise the error quotes the
 * string's start, as it would the whole string.
 */
class DocumentSink implements XmlRpcStringSink {
  /** The string's first characters, for the error when it is no document. */
  #head = '';
  /** Whitespace so far, until the first other character says what the string is. */
  #leading: string[] = [];
  #leadingLength = 0;
  #document: DocumentStream | undefined;
  #isText = false;

  constructor(
    private readonly method: string,
    private readonly returns:
      | { readonly document: string; readonly root: string }
      | { readonly untyped: string },
    private readonly limits: XmlLimits,
  ) {}

  write(text: string): void {
    if (this.#document !== undefined) {
      this.#document.write(text);
      return;
    }
    if (this.#head.length < HEAD_QUOTED) this.#head += text.slice(0, HEAD_QUOTED - this.#head.length);
    if (this.#isText) {
      if (this.#head.length >= HEAD_QUOTED) throw this.#notADocument();
      return;
    }
    // `\S` is what `trimStart()` keeps: the rule a whole string was held to.
    const start = text.search(/\S/);
    if (start === -1) {
      this.#holdLeading(text);
    } else if (text[start] === '<') {
      this.#document = this.#newDocument();
      for (const piece of this.#leading.splice(0)) this.#document.write(piece);
      this.#document.write(text);
    } else {
      this.#isText = true;
      if (this.#head.length >= HEAD_QUOTED) throw this.#notADocument();
    }
  }

  end(): DecodedDocument {
    if (this.#document === undefined) throw this.#notADocument();
    return new DecodedDocument(this.#document.end());
  }

  #newDocument(): DocumentStream {
    const { returns } = this;
    const options = { ...this.limits, maxBytes: Number.POSITIVE_INFINITY };
    return 'untyped' in returns
      ? new DocumentStream(undefined, returns.untyped, options)
      : new DocumentStream(returns.document, returns.root, options);
  }

  /** Leading whitespace is text before the root, bounded as any text is. */
  #holdLeading(text: string): void {
    this.#leadingLength += text.length;
    const max = this.limits.maxTextLength;
    if (this.#leadingLength > max) {
      throw new DecodeError(
        `${this.method}: more than ${max} characters of whitespace before the document (option maxTextLength)`,
      );
    }
    this.#leading.push(text);
  }

  #notADocument(): DecodeError {
    return new DecodeError(`${this.method}: expected an XML document, got ${JSON.stringify(this.#head)}`);
  }
}

/**
 * oned answers `[true, value, …]` or `[false, message, code, …]`: the value, decoded as the
 * method's spec says, or the `OneError` of the code.
 */
export function answerOf(
  method: string,
  spec: MethodSpec,
  answer: XmlRpcValue,
  context: OneErrorContext,
): unknown {
  if (!Array.isArray(answer) || typeof answer[0] !== 'boolean') {
    throw new DecodeError(
      `${method}: expected an OpenNebula answer array [success, value, code], got ${describe(answer)}`,
    );
  }
  const [ok, value, code] = answer as unknown[];
  if (!ok) {
    if (typeof value !== 'string' || typeof code !== 'number')
      throw new DecodeError(`${method}: malformed failure answer`);
    // Secrets a hostile server may quote are redacted by the error's constructor.
    throw oneErrorFor(method, value, code, context);
  }
  if (value instanceof DecodedDocument) return value.value;
  const returns = spec.returns;
  if (returns === 'value') return value;
  if (returns === 'id') {
    if (typeof value !== 'number')
      throw new DecodeError(`${method}: expected an integer id, got ${describe(value as XmlRpcValue)}`);
    return value;
  }
  if (typeof value !== 'string')
    throw new DecodeError(`${method}: expected a string, got ${describe(value as XmlRpcValue)}`);
  // 'text': a document method's string went to its DocumentSink, and arrives decoded.
  return value;
}

function describe(value: XmlRpcValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'nil' : typeof value;
}
