/**
 * The XML tokenizer behind `scanXml`, `parseXml` and `XmlStream`: a strict, non-validating XML 1.0
 * reader that streams start tags, end tags and text to a handler — from a whole document, or from
 * chunks as they arrive.
 *
 * Why hand-written: OpenNebula answers are tens of MB of small elements, and of the parsers that
 * are strict and never expand entities, the fastest (saxes) walks every character through a state
 * machine. This one jumps from `<` to `<` with `indexOf`, slices text as it is and matches the
 * expected end tag with `startsWith`, which reads the same documents about twice as fast
 * (`npm run bench -- xml`). It checks what saxes checks — names, attribute syntax and uniqueness,
 * references, comments, processing instructions, CDATA, the XML declaration, one root, nesting,
 * nothing but whitespace outside the root — and a differential test holds it to saxes on
 * generated and mutated documents, whole and cut into chunks at every offset. It refuses any
 * DOCTYPE, so no DTD is read and no entity other than the five predefined ones exists. The caller
 * checks the characters of each chunk first (`findInvalidXmlChar`). Nesting uses an explicit
 * stack, never recursion.
 *
 * Streaming: each token (a tag, a comment, a run of text) is read whole or not at all. When a
 * chunk ends inside one, the tokenizer stops at the token's start and keeps the rest for the next
 * chunk; events go out only for whole tokens, so nothing is reported twice. Long text goes out in
 * pieces as it arrives (never cut inside a reference or a CRLF), so a text node is never held
 * whole. Limits bound what a hostile stream can make anyone hold: depth, children of one element,
 * elements in all, and the length of one token.
 */
import { emptyArrayOfObjects } from './decoded-objects.js';
import { DecodeError } from './errors.js';
import { decodeCdata, decodeXmlText, MAX_REFERENCE_LENGTH, type TextFailure } from './xml-text.js';

/** A start tag as `scanXml` reports it: its qualified name and its decoded attribute values. */
export interface XmlStartTag {
  name: string;
  /**
   * No `Object.prototype` in its chain (`__proto__` or `toString` is an attribute like any other);
   * the same frozen empty object for every tag without attributes.
   */
  attributes: Record<string, string>;
}

/** Receives a document's events, in order, from `scanXml`. */
export interface XmlEventHandler {
  open(tag: XmlStartTag): void;
  close(): void;
  /** Character data and CDATA content, possibly in several chunks. */
  text(data: string): void;
  /**
   * Whether text at this point of the document would be used, read before each run of character
   * data and each CDATA section. When false, the text is checked as any other but neither copied
   * nor handed over: a reader that ignores the whitespace between elements saves a string for
   * each. Leave it out to be handed all text.
   */
  readonly wantsText?: boolean;
}

/** What one document may make a reader hold or do; each limit's error names its option. */
export interface XmlLimits {
  /** Most elements open at once (default 256). */
  maxDepth: number;
  /** Most child elements of one element (default 1,000,000: no cloud lists a million of anything in one answer). */
  maxChildren: number;
  /** Most elements in the document (default 100,000,000). */
  maxElements: number;
  /** Longest run of text between two tags, in characters, though it goes out in pieces (default 64 Mi). */
  maxTextLength: number;
  /** Longest tag, comment, CDATA section or processing instruction, in characters (default 8 Mi). */
  maxTokenLength: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 256,
  maxChildren: 1_000_000,
  maxElements: 100_000_000,
  maxTextLength: 64 * 1024 * 1024,
  maxTokenLength: 8 * 1024 * 1024,
});

/** The attributes of every tag that has none. */
export const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null));

/**
 * The attributes of a tag that has some: an object whose prototype is an empty one without a
 * prototype. Not `Object.create(null)`, which V8 keeps as a hash table: a tag's two or three
 * attributes cost a small fixed-shape object instead, filled in half the time (most tags of an
 * oVirt answer have attributes).
 */
export const AttributeSet = class AttributeSet {} as unknown as new () => Record<string, string>;
Object.setPrototypeOf(AttributeSet.prototype, null);
delete (AttributeSet.prototype as { constructor?: unknown }).constructor;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const CR = 0x0d;
const CLOSE_BRACKET = 0x5d;

// ASCII name characters (1: may start a name, 2: may only continue one); non-ASCII names go to NAME.
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}
// The Name production of XML 1.0 (fifth edition).
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*`, 'uy');
const XML_DECLARATION = new RegExp(
  '<\\?xml(?:[ \\t\\r\\n]+version[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"1\\.[0-9]+"|\'1\\.[0-9]+\'))' +
    '(?:[ \\t\\r\\n]+encoding[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|\'[A-Za-z][A-Za-z0-9._-]*\'))?' +
    '(?:[ \\t\\r\\n]+standalone[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"(?:yes|no)"|\'(?:yes|no)\'))?' +
    '[ \\t\\r\\n]*\\?>',
  'y',
);
const ATTRIBUTE_WHITESPACE = /\r\n|[\r\n\t]/g;

/** What may follow `<!` (a DOCTYPE only to be refused), to know whether a cut `<!…` can still become one. */
const MARKUP_STARTS = ['<!--', '<![CDATA[', '<!DOCTYPE'];

/** A character that keeps a value from going out as it is (`XmlTokenizer.noneBefore`). */
interface Special {
  char: string;
  slot: number;
}
/** The characters `noneBefore` looks for, each in the slot of its index. */
const SPECIAL_CHARACTERS = ['<', '&', '\n', '\r', '\t', ']'];
const SPECIAL_SLOTS = SPECIAL_CHARACTERS.length;
const specials = (chars: string[]): readonly Special[] =>
  chars.map((char) => ({ char, slot: SPECIAL_CHARACTERS.indexOf(char) }));
/** What makes an attribute value need more than slicing: markup, references, whitespace to normalize. */
const ATTRIBUTE_SPECIALS = specials(['<', '&', '\n', '\r', '\t']);
/** What makes text need more than slicing: references, line ends to normalize, a possible `]]>`. */
const TEXT_SPECIALS = specials(['&', '\r', ']']);

/** Thrown inside the tokenizer when a chunk ends inside a token; never leaves it. */
const NEED_MORE: unique symbol = Symbol('need more input');

/**
 * `text` as a string of its own. V8 makes a slice of 13 characters or more a view of the string it
 * was cut from, so a value kept from a chunk (an id, an href, a name) would keep the whole chunk —
 * and a decoded answer all of its body — alive; the copy costs far less than that.
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Reads `text`, a whole document whose characters are already checked, into `handler`. */
export function tokenizeXml(text: string, handler: XmlEventHandler, limits?: Partial<XmlLimits>): void {
  new XmlTokenizer(handler, limits).write(text, true);
}

/** Where the tokenizer is in the document. */
type Phase = 'start' | 'prolog' | 'content' | 'epilog' | 'done';

/**
 * The tokenizer: `write` each chunk of checked characters as it arrives, the last one with
 * `final` (or `end()` after it); events go to the handler as tokens complete.
 */
export class XmlTokenizer {
  /** The characters not yet read, from the start of the token being read. */
  private text = '';
  private pos = 0;
  private final = false;
  private phase: Phase = 'start';
  /** The names of the open elements. */
  private readonly open: string[] = emptyArrayOfObjects();
  /** The child elements seen so far of each open element, and of the document (index 0). */
  private readonly children: number[] = [0];
  private elements = 0;
  /** Characters of the current element's text already handed out in pieces. */
  private textSoFar = 0;
  /** Characters dropped from the front of `text`, and the line ends among them (for messages). */
  private consumed = 0;
  private consumedLines = 0;
  private lastLineStart = 0;
  private readonly limits: XmlLimits;
  /** Where each special character (`Special.slot`) next occurs in `text`, as last searched for. */
  private readonly nextSpecial: number[] = new Array(SPECIAL_SLOTS).fill(-1);

  constructor(
    private readonly handler: XmlEventHandler,
    limits: Partial<XmlLimits> = {},
  ) {
    this.limits = { ...DEFAULT_XML_LIMITS, ...limits };
  }

  /** Reads `chunk`; with `final`, the document must end with it. */
  write(chunk: string, final = false): void {
    if (this.isDone()) {
      if (chunk === '' && final) return;
      throw new DecodeError('Malformed XML: text after the end of the document');
    }
    if (this.pos > 0) this.dropRead();
    this.text += chunk;
    this.findSpecials();
    this.final = final;
    try {
      this.run();
    } catch (error) {
      if (error !== NEED_MORE) throw error;
    }
    // A token still arriving is read again from its start with the next chunk: bounded, so that
    // neither its memory nor the rereading can grow without end.
    if (!this.isDone() && this.text.length - this.pos > this.limits.maxTokenLength) {
      this.fail(
        `a token longer than ${this.limits.maxTokenLength} characters (option maxTokenLength)`,
        this.pos,
      );
    }
  }

  /**
   * The characters of a run of text that the tokenizer holds back at the end of what it was given
   * (a reference, a CR or a `]` a chunk cut), taken out of it: the caller reads the rest of that
   * text itself and hands the tokenizer what follows it. Undefined, and nothing taken, unless the
   * tokenizer is inside an element holding nothing but such text. The lines and columns of later
   * errors do not count the text read elsewhere.
   */
  takeHeldText(): string | undefined {
    if (this.phase !== 'content') return undefined;
    const held = this.text.slice(this.pos);
    if (held.includes('<')) return undefined;
    this.pos = this.text.length;
    return held;
  }

  /** The document ends here. */
  end(): void {
    this.write('', true);
  }

  private isDone(): boolean {
    return this.phase === 'done';
  }

  private run(): void {
    for (;;) {
      switch (this.phase) {
        case 'start':
          this.declaration();
          this.phase = 'prolog';
          break;
        case 'prolog':
          if (!this.misc()) this.endOfInput('the document has no root element', this.pos);
          this.startTag();
          this.phase = this.open.length > 0 ? 'content' : 'epilog';
          break;
        case 'content':
          this.content(this.text, this.handler, this.open);
          this.phase = 'epilog';
          break;
        case 'epilog':
          if (this.misc()) this.fail('a document has only one root element', this.pos);
          if (!this.final) throw NEED_MORE;
          this.phase = 'done';
          return;
        case 'done':
          return;
      }
    }
  }

  /**
   * Where each special character first occurs in `text` from `pos`. Searched for here rather than
   * on first use, so that the search in `noneBefore` runs only when one is passed: code V8 compiled
   * for the middle of one document runs unchanged at the start of the next.
   */
  private findSpecials(): void {
    const { text, pos, nextSpecial } = this;
    for (let slot = 0; slot < SPECIAL_SLOTS; slot++) {
      nextSpecial[slot] = text.indexOf(SPECIAL_CHARACTERS[slot] as string, pos);
    }
  }

  /**
   * Whether none of `specials` occurs in `text` from `from` to `end`. Each one's next occurrence is
   * kept and searched for again only once passed, so checking every value of a document costs
   * about one native search of it per character, not a loop over every character of every value.
   */
  private noneBefore(specials: readonly Special[], from: number, end: number): boolean {
    const next = this.nextSpecial;
    for (let i = 0; i < specials.length; i++) {
      const special = specials[i] as Special;
      let at = next[special.slot] as number;
      if (at !== -1 && at < from) {
        at = this.text.indexOf(special.char, from);
        next[special.slot] = at;
      }
      if (at !== -1 && at < end) return false;
    }
    return true;
  }

  /** Drops what was read from the front of `text`, counting its line ends for messages. */
  private dropRead(): void {
    const { text, pos } = this;
    for (let at = text.indexOf('\n'); at !== -1 && at < pos; at = text.indexOf('\n', at + 1)) {
      this.consumedLines++;
      this.lastLineStart = this.consumed + at + 1;
    }
    this.consumed += pos;
    this.text = text.slice(pos);
    this.pos = 0;
  }

  /** A byte order mark and the XML declaration, at the very start. */
  private declaration(): void {
    const { text } = this;
    if (!this.final && text.length < 6) throw NEED_MORE;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (text.startsWith('<?xml', this.pos) && this.isNameEnd(this.pos + 5)) {
      if (!this.final && text.indexOf('?>', this.pos) === -1) throw NEED_MORE;
      XML_DECLARATION.lastIndex = this.pos;
      if (!XML_DECLARATION.test(text)) this.fail('malformed XML declaration', this.pos);
      this.pos = XML_DECLARATION.lastIndex;
    }
  }

  /**
   * Skips whitespace, comments and processing instructions outside the root. Returns whether an
   * element starts at `pos`, false at the end of the text; fails on anything else.
   */
  private misc(): boolean {
    const { text } = this;
    for (;;) {
      while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= text.length) return false;
      if (text.charCodeAt(this.pos) !== LT) this.fail('text outside of root element', this.pos);
      if (this.pos + 1 >= text.length) this.endOfInput('unexpected end of the document', this.pos);
      const next = text.charCodeAt(this.pos + 1);
      if (next === BANG) this.markupDeclaration();
      else if (next === QUESTION) this.processingInstruction();
      else return true;
    }
  }

  /**
   * Everything inside the root element, until it closes. Given the tokenizer's fields rather than
   * reading them: it is called once a document, and V8 would compile reads it had not seen yet.
   */
  private content(text: string, handler: XmlEventHandler, open: string[]): void {
    while (open.length > 0) {
      const lt = text.indexOf('<', this.pos);
      if (lt === -1) {
        if (this.final) this.fail(`unclosed tag: ${open[open.length - 1]}`, text.length);
        this.partialText();
        throw NEED_MORE;
      }
      if (lt > this.pos) this.characterData(this.pos, lt);
      this.pos = lt;
      if (lt + 1 >= text.length) this.endOfInput(`unclosed tag: ${open[open.length - 1]}`, lt);
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        const name = open[open.length - 1] as string;
        // Nearly always `</NAME>`, the name we expect: no need to scan it.
        const end = lt + 2 + name.length;
        if (text.charCodeAt(end) === GT && text.startsWith(name, lt + 2)) this.pos = end + 1;
        else this.endTag(name);
        open.pop();
        this.children.pop();
        this.textSoFar = 0;
        handler.close();
      } else if (next === BANG) {
        this.markupDeclaration();
      } else if (next === QUESTION) {
        this.processingInstruction();
      } else {
        this.startTag();
      }
    }
  }

  /** `<name attributes…>` or `<name attributes…/>` at `pos`. */
  private startTag(): void {
    const { text } = this;
    const name = this.name(this.pos + 1, 'an element name after "<"');
    let at = this.pos + 1 + name.length;
    let attributes = NO_ATTRIBUTES;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === GT) {
        this.opened(name, attributes, at + 1);
        this.open.push(name);
        this.children.push(0);
        return;
      }
      if (c === SLASH) {
        if (at + 1 >= text.length) this.endOfInput(`unclosed tag: ${name}`, at);
        if (text.charCodeAt(at + 1) !== GT) this.fail('expected ">" after "/" in a start tag', at + 1);
        this.opened(name, attributes, at + 2);
        this.handler.close();
        return;
      }
      if (at >= text.length) this.endOfInput(`unclosed tag: ${name}`, at);
      if (!isWhitespace(c)) this.fail(`expected whitespace, ">" or "/>" in the start tag of ${name}`, at);
      while (isWhitespace(text.charCodeAt(at))) at++;
      if (at >= text.length) this.endOfInput(`unclosed tag: ${name}`, at);
      const next = text.charCodeAt(at);
      if (next === GT || next === SLASH) continue;
      if (attributes === NO_ATTRIBUTES) attributes = new AttributeSet();
      at = this.attribute(at, name, attributes);
    }
  }

  /** A whole start tag was read (ending before `end`): counted against the limits, then reported. */
  private opened(name: string, attributes: Record<string, string>, end: number): void {
    const { limits, children } = this;
    if (this.open.length >= limits.maxDepth) {
      this.fail(`elements nested deeper than ${limits.maxDepth} (option maxDepth)`, this.pos);
    }
    const parent = children.length - 1;
    const siblings = (children[parent] as number) + 1;
    if (siblings > limits.maxChildren) {
      this.fail(
        `more than ${limits.maxChildren} child elements in one element (option maxChildren)`,
        this.pos,
      );
    }
    children[parent] = siblings;
    if (++this.elements > limits.maxElements) {
      this.fail(`more than ${limits.maxElements} elements (option maxElements)`, this.pos);
    }
    this.pos = end;
    this.textSoFar = 0;
    this.handler.open({ name, attributes });
  }

  /** `name = "value"` at `at`, stored in `attributes`; returns the offset after it. */
  private attribute(start: number, element: string, attributes: Record<string, string>): number {
    const { text } = this;
    const name = this.name(start, `an attribute name in the start tag of ${element}`);
    let at = start + name.length;
    while (isWhitespace(text.charCodeAt(at))) at++;
    if (at >= text.length) this.endOfInput(`unclosed tag: ${element}`, at);
    if (text.charCodeAt(at) !== EQUALS) this.fail(`attribute ${name} without a value`, at);
    at++;
    while (isWhitespace(text.charCodeAt(at))) at++;
    if (at >= text.length) this.endOfInput(`unclosed tag: ${element}`, at);
    const quote = text.charCodeAt(at);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE)
      this.fail(`unquoted value of attribute ${name}`, at);
    const close = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", at + 1);
    if (close === -1) {
      const lt = text.indexOf('<', at + 1);
      if (lt !== -1) this.fail(`"<" in the value of attribute ${name}`, lt);
      this.endOfInput(`unclosed value of attribute ${name}`, at);
    }
    if (Object.hasOwn(attributes, name)) this.fail(`duplicate attribute: ${name}`, start);
    // Most values hold no `<`, reference, line end or tab, and then the value goes out as it is
    // (its characters were checked with the chunk's).
    const value = text.slice(at + 1, close);
    if (this.noneBefore(ATTRIBUTE_SPECIALS, at + 1, close)) {
      attributes[name] = detached(value);
      return close + 1;
    }
    const lt = value.indexOf('<');
    if (lt !== -1) this.fail(`"<" in the value of attribute ${name}`, at + 1 + lt);
    // Attribute-value normalization: literal line ends and tabs become spaces, references do not.
    attributes[name] = decodeXmlText(value.replace(ATTRIBUTE_WHITESPACE, ' '), this.failAt(at + 1));
    return close + 1;
  }

  /** `</name>` at `pos`, when the fast path did not match: the name must be `expected`. */
  private endTag(expected: string): void {
    const { text } = this;
    const name = this.name(this.pos + 2, 'an element name after "</"');
    let at = this.pos + 2 + name.length;
    while (isWhitespace(text.charCodeAt(at))) at++;
    if (at >= text.length && !this.final) throw NEED_MORE;
    if (name !== expected) this.fail(`unexpected close tag: ${name}, expected ${expected}`, this.pos);
    if (text.charCodeAt(at) !== GT) this.fail(`expected ">" to close the end tag of ${name}`, at);
    this.pos = at + 1;
  }

  /** Text between `start` and the next `<`: references decoded, line ends normalized. */
  private characterData(start: number, end: number): void {
    const { text } = this;
    this.countText(end - start, start);
    const wanted = this.handler.wantsText !== false;
    // Most text holds no `&`, CR or `]`.
    if (this.noneBefore(TEXT_SPECIALS, start, end)) {
      // Characters are checked for the whole document up front: plain text goes out as it is.
      if (wanted) this.handler.text(detached(text.slice(start, end)));
      return;
    }
    const raw = text.slice(start, end);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd !== -1) this.fail('"]]>" is not allowed in text', start + cdataEnd);
    const decoded = decodeXmlText(raw, this.failAt(start));
    if (wanted) this.handler.text(decoded === raw ? detached(raw) : decoded);
  }

  /**
   * The chunk ended inside text: hands out what is certainly whole — not a reference without its
   * `;`, not a CR that may be half of a CRLF, not `]` that may start `]]>` — and keeps the rest.
   */
  private partialText(): void {
    const { text, pos } = this;
    let end = text.length;
    // Held back only as far as a reference can be long: an endless `&…` fails as the reference it
    // cannot be, rather than waiting for a `;` while it grows.
    const ampersand = text.lastIndexOf('&', end - 1);
    if (ampersand >= pos && end - ampersand < MAX_REFERENCE_LENGTH && text.indexOf(';', ampersand) === -1)
      end = ampersand;
    // A high surrogate, then `]]` or a CR, at most: however long a run of `]` is, it goes out.
    for (let held = 0; held < 3 && end > pos; held++) {
      const c = text.charCodeAt(end - 1);
      if (c !== CR && c !== CLOSE_BRACKET && !(c >= 0xd800 && c <= 0xdbff)) break;
      end--;
    }
    if (end > pos) {
      this.characterData(pos, end);
      this.textSoFar += end - pos;
      this.pos = end;
    }
  }

  /** Counts `length` more characters of the current run of text against `maxTextLength`. */
  private countText(length: number, at: number): void {
    if (this.textSoFar + length > this.limits.maxTextLength) {
      this.fail(`a text longer than ${this.limits.maxTextLength} characters (option maxTextLength)`, at);
    }
  }

  /** `<!--…-->`, `<![CDATA[…]]>` (only inside the root) or a refused `<!DOCTYPE`, at `pos`. */
  private markupDeclaration(): void {
    const { text, pos } = this;
    if (!this.final && text.length - pos < 9) {
      const start = text.slice(pos).toUpperCase();
      if (!start.startsWith('<!--') && MARKUP_STARTS.some((markup) => markup.startsWith(start)))
        throw NEED_MORE;
    }
    if (text.startsWith('<!--', pos)) {
      const dashes = text.indexOf('--', pos + 4);
      if (dashes === -1 || dashes + 2 >= text.length) this.endOfInput('unclosed comment', pos);
      if (text.charCodeAt(dashes + 2) !== GT) this.fail('"--" is not allowed inside a comment', dashes);
      this.pos = dashes + 3;
    } else if (text.startsWith('<![CDATA[', pos) && this.open.length > 0) {
      const end = text.indexOf(']]>', pos + 9);
      if (end === -1) this.endOfInput('unclosed CDATA section', pos);
      this.countText(end - pos - 9, pos);
      const content = text.slice(pos + 9, end);
      const decoded = decodeCdata(content, this.failAt(pos + 9));
      if (this.handler.wantsText !== false)
        this.handler.text(decoded === content ? detached(content) : decoded);
      this.textSoFar += end - pos - 9;
      this.pos = end + 3;
    } else if (/^<!doctype/i.test(text.slice(pos, pos + 9))) {
      throw new DecodeError(
        `XML documents with a DOCTYPE are refused (line ${this.lineOf(pos)}): DTDs and their entities are never processed`,
      );
    } else {
      this.fail('unexpected "<!"', pos);
    }
  }

  /** `<?target data?>` at `pos`; the target cannot be `xml` in any case. */
  private processingInstruction(): void {
    const { text, pos } = this;
    const target = this.name(pos + 2, 'a processing instruction target after "<?"');
    const after = pos + 2 + target.length;
    const end = text.indexOf('?>', after);
    if (end === -1) this.endOfInput('unclosed processing instruction', pos);
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration is only allowed at the start', pos);
    if (end !== after && !isWhitespace(text.charCodeAt(after))) {
      this.fail('expected whitespace after a processing instruction target', after);
    }
    this.pos = end + 2;
  }

  /** The XML name starting at `start`; fails naming `what` when there is none. */
  private name(start: number, what: string): string {
    const { text } = this;
    let at = start;
    let c = text.charCodeAt(at);
    if (c < 128 && ASCII_NAME[c] === 1) {
      do c = text.charCodeAt(++at);
      while (c < 128 && ASCII_NAME[c] !== 0);
      // It ends at an ASCII character or the end of the text (NaN); otherwise it goes on in Unicode.
      if (!(c >= 128)) {
        if (at >= text.length && !this.final) throw NEED_MORE;
        return text.slice(start, at);
      }
    }
    if (start >= text.length) this.endOfInput(`expected ${what}`, start);
    // A name with non-ASCII characters, or no name.
    NAME.lastIndex = start;
    const match = NAME.exec(text);
    if (match === null) this.fail(`expected ${what}`, start);
    if (start + match[0].length >= text.length && !this.final) throw NEED_MORE;
    return match[0];
  }

  /** Whether no name character follows at `at` (so `<?xml` is not `<?xml-stylesheet`). */
  private isNameEnd(at: number): boolean {
    const c = this.text.charCodeAt(at);
    if (Number.isNaN(c)) return true;
    return c < 128 && ASCII_NAME[c] === 0;
  }

  /** The text ran out inside a token: wait for the next chunk, or fail when there is none. */
  private endOfInput(reason: string, offset: number): never {
    if (!this.final) throw NEED_MORE;
    return this.fail(reason, offset);
  }

  private failAt(offset: number): TextFailure {
    return (reason, at) => this.fail(reason, offset + at);
  }

  private fail(reason: string, offset: number): never {
    throw new DecodeError(
      `Malformed XML: ${reason} (line ${this.lineOf(offset)}, column ${this.columnOf(offset)})`,
    );
  }

  private lineOf(offset: number): number {
    let line = 1 + this.consumedLines;
    for (let at = this.text.indexOf('\n'); at !== -1 && at < offset; at = this.text.indexOf('\n', at + 1))
      line++;
    return line;
  }

  private columnOf(offset: number): number {
    const newline = this.text.lastIndexOf('\n', offset - 1);
    if (newline !== -1) return offset - newline;
    return this.consumed + offset - this.lastLineStart + 1;
  }
}
