/**
 * A string value's text read straight from the body's bytes, for `XmlRpcResponseStream`: while a
 * sink takes a long string (OpenNebula's pool document, hundreds of MB of escaped XML), the bytes
 * up to the next `<` are checked, unescaped and decoded once, instead of being decoded to text,
 * checked and tokenized as XML text, then encoded again to be unescaped. The checks are those of
 * XML text: strict UTF-8, the characters XML allows, references, line ends and `]]>`.
 */
import { isUtf8 } from 'node:buffer';
import { DecodeError } from './errors.js';
import { badOffset, concat, cutCharacter } from './utf8-chunks.js';
import { MAX_REFERENCE_LENGTH, unescapeInPlace } from './xml-text.js';
import type { XmlRpcStringSink } from './xmlrpc-stream.js';

const LT = 0x3c;
const AMPERSAND = 0x26;
const SEMICOLON = 0x3b;
const CR = 0x0d;
const CLOSE_BRACKET = 0x5d;
const EMPTY = new Uint8Array(0);
/** U+FFFE and U+FFFF in UTF-8: characters XML does not allow, which a UTF-8 check lets through. */
const NONCHARACTERS = [Buffer.from('\uFFFE', 'utf8'), Buffer.from('\uFFFF', 'utf8')];

export class StringTextBytes {
  /** Bytes of the text not yet handed over: a reference, CR, `]` or character a chunk cut. */
  #pending: Uint8Array;
  /** Where `#pending` starts in the body. */
  #offset: number;
  #scratch = Buffer.alloc(0);

  constructor(
    private readonly sink: XmlRpcStringSink,
    /** The start of the text, from earlier chunks. */
    pending: Uint8Array,
    /** Where it starts in the body. */
    offset: number,
    /** What the body is, for errors ("the XML-RPC response"). */
    private readonly what: string,
  ) {
    this.#pending = pending;
    this.#offset = offset;
  }

  /**
   * Hands the text at the start of `chunk` (after what was pending) to the sink, up to the first
   * `<`: returns the bytes from that `<` on, for the XML reader, or undefined when all of
   * `chunk` was text.
   */
  read(chunk: Uint8Array): Uint8Array | undefined {
    const data = this.#pending.byteLength === 0 ? chunk : concat(this.#pending, chunk);
    const lt = data.indexOf(LT);
    const end = lt === -1 ? wholeTextEnd(data) : lt;
    if (end > 0) this.sink.write(this.#decode(data.subarray(0, end)));
    this.#offset += end;
    if (lt === -1) {
      this.#pending = data.slice(end);
      return undefined;
    }
    this.#pending = EMPTY;
    return data.subarray(lt);
  }

  /** The bytes still pending, given back to the XML reader (the body ended inside the text). */
  rest(): Uint8Array {
    return this.#pending;
  }

  /** The text of `bytes`, which end where text may end: references decoded, line ends normalized. */
  #decode(bytes: Uint8Array): string {
    // References are ASCII: the bytes are UTF-8 if and only if their unescaped text is.
    if (!isUtf8(bytes)) {
      throw new DecodeError(
        `${this.what} is not valid UTF-8 (first bad byte at offset ${this.#offset + badOffset(bytes)})`,
      );
    }
    // Unescaped in a copy (the chunk is the caller's), in one buffer kept for every chunk.
    if (this.#scratch.byteLength < bytes.byteLength) this.#scratch = Buffer.allocUnsafe(bytes.byteLength);
    const text = this.#scratch.subarray(0, bytes.byteLength);
    text.set(bytes);
    for (const character of NONCHARACTERS) {
      const at = text.indexOf(character);
      if (at !== -1)
        this.#fail(`character U+${character === NONCHARACTERS[0] ? 'FFFE' : 'FFFF'} is not allowed`, at);
    }
    const cdataEnd = text.indexOf(']]>');
    if (cdataEnd !== -1) this.#fail('"]]>" is not allowed in text', cdataEnd);
    const length = unescapeInPlace(text, (reason, at) => this.#fail(reason, at));
    return text.toString('utf8', 0, length);
  }

  #fail(reason: string, at: number): never {
    throw new DecodeError(`Malformed XML: ${reason} (byte ${this.#offset + at} of ${this.what})`);
  }
}

/**
 * Where the text of `bytes` certainly ends whole: before a reference without its `;`, a CR that
 * may be half of a CRLF, a `]` that may start `]]>`, or a character whose bytes are cut.
 */
function wholeTextEnd(bytes: Uint8Array): number {
  let end = bytes.byteLength - cutCharacter(bytes);
  // Held back only as far as a reference can be long, so that an endless `&…` is an error, not a
  // wait that grows with every chunk.
  const ampersand = bytes.lastIndexOf(AMPERSAND, end - 1);
  if (
    ampersand !== -1 &&
    end - ampersand < MAX_REFERENCE_LENGTH &&
    bytes.indexOf(SEMICOLON, ampersand) === -1
  ) {
    end = ampersand;
  }
  // `]]` may be the start of `]]>`, CR the start of CRLF: two bytes at most.
  for (let held = 0; held < 2 && end > 0; held++) {
    const b = bytes[end - 1] as number;
    if (b !== CR && b !== CLOSE_BRACKET) break;
    end--;
  }
  return end;
}
