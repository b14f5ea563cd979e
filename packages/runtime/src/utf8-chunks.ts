/**
 * Strict UTF-8 for a body read in chunks: text as the bytes arrive (a character cut between two
 * chunks waits for its end), and a body that is not UTF-8 is a `DecodeError` naming the offset of
 * the first bad byte in the whole body, as the buffered path (`HttpResponse.body`) names it.
 *
 * Each chunk's whole characters are decoded at once, without the decoder's `stream` mode, which
 * is about four times slower on the hundreds of MB of a pool answer.
 */
import { DecodeError } from './errors.js';

// A BOM is text like any other here: the XML reader takes one at the start of the document.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Utf8Chunks {
  /** Bytes received before the current chunk. */
  #offset = 0;
  /** The start of a character the last chunk cut, waiting for its other bytes. */
  #pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly what: string) {}

  /** The text of `chunk`; with `final`, the input ends with it. */
  decode(chunk: Uint8Array, final = false): string {
    let text = '';
    let from = 0;
    if (this.#pending.byteLength > 0) {
      // The cut character, completed from this chunk's first bytes.
      const pending = this.#pending;
      from = Math.min(lengthOf(pending[0] as number) - pending.byteLength, chunk.byteLength);
      const character = concat(pending, chunk.subarray(0, from));
      if (!final && character.byteLength < lengthOf(pending[0] as number)) {
        this.#pending = character;
        this.#offset += chunk.byteLength;
        return '';
      }
      text = this.#whole(character, this.#offset - pending.byteLength);
    }
    const rest = chunk.subarray(from);
    const cut = final ? 0 : cutCharacter(rest);
    text += this.#whole(rest.subarray(0, rest.byteLength - cut), this.#offset + from);
    this.#pending = rest.slice(rest.byteLength - cut);
    this.#offset += chunk.byteLength;
    return text;
  }

  /** Bytes received so far, pending ones included. */
  get received(): number {
    return this.#offset;
  }

  /** The bytes of a character the last chunk cut, taken out of the decoder. */
  takePending(): Uint8Array {
    const pending = this.#pending;
    this.#pending = new Uint8Array(0);
    return pending;
  }

  /** Counts `bytes` read by the caller in place of the decoder (for the offsets of its errors). */
  skip(bytes: number): void {
    this.#offset += bytes;
  }

  /** `bytes`, whole characters found at `offset` of the input, as text. */
  #whole(bytes: Uint8Array, offset: number): string {
    try {
      return STRICT_UTF8.decode(bytes);
    } catch (cause) {
      throw new DecodeError(
        `${this.what} is not valid UTF-8 (first bad byte at offset ${offset + badOffset(bytes)})`,
        { cause },
      );
    }
  }
}

/** Where the first bad sequence of `bytes`, which start with a character, starts. */
export function badOffset(bytes: Uint8Array): number {
  // The shortest prefix the decoder refuses (each longer one is refused too): its last byte is
  // where the decoder saw the error, inside the bad sequence or just after its start.
  let low = 0;
  let high = bytes.byteLength;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isValidPrefix(bytes.subarray(0, middle + 1))) low = middle + 1;
    else high = middle;
  }
  // `low` is the byte refused (or the end, for a character cut short); one cut before it starts earlier.
  return low - cutCharacter(bytes.subarray(0, low));
}

/** Whether `bytes` is UTF-8 up to a character its end may cut. */
function isValidPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The bytes a character of lead byte `lead` takes. */
function lengthOf(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** How many bytes at the end of `bytes` start a character without its end (a character is at most 4). */
export function cutCharacter(bytes: Uint8Array): number {
  const end = bytes.byteLength;
  let lead = end - 1;
  while (lead >= 0 && lead > end - 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  if (lead < 0) return 0;
  return end - lead < lengthOf(bytes[lead] as number) ? end - lead : 0;
}

export function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(first.byteLength + second.byteLength);
  bytes.set(first);
  bytes.set(second, first.byteLength);
  return bytes;
}
