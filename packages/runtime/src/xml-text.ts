/**
 * XML character data ↔ JavaScript strings, fast enough for the tens of MB that OpenNebula sends as
 * one escaped string. Decoding handles exactly what XML 1.0 defines without a DTD: the five
 * predefined entities, numeric character references and line-end normalization (CRLF and lone CR
 * become LF, as every conforming parser does); anything else is an error.
 */
import { describeCodeUnit, findInvalidXmlChar, isXmlChar } from './xml-chars.js';

/** Reports a decoding failure at an offset of the text being decoded; never returns. */
export type TextFailure = (reason: string, offset: number) => never;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const AMP = 0x26;
const SEMICOLON = 0x3b;
/** Where `decodeXmlText` unescapes short text (its UTF-8 is at most 3 bytes a UTF-16 unit). */
const SCRATCH = Buffer.allocUnsafe(16 * 1024);
/** Longest reference accepted, `&` and `;` included; leading zeros could otherwise make it unbounded. */
export const MAX_REFERENCE_LENGTH = 32;

/**
 * Decodes the character data `raw` (text between tags, CDATA excluded); `fail` receives offsets
 * relative to `raw`. Text without `&` or CR is returned as is once its characters are checked.
 * Otherwise the text is encoded to UTF-8 (native), unescaped in place by one loop over the bytes,
 * and decoded back (native). `String.prototype.replace`, with a callback or chained per entity,
 * is 5–20 times slower on the millions of references of an OpenNebula pool answer.
 */
export function decodeXmlText(raw: string, fail: TextFailure): string {
  if (raw.indexOf('&') === -1 && raw.indexOf('\r') === -1) {
    checkXmlChars(raw, fail);
    return raw;
  }
  // Short text (most of it: values with a reference or two) is encoded into a buffer kept for
  // it: a buffer per call cost more than the unescaping.
  const bytes =
    raw.length * 3 <= SCRATCH.length
      ? SCRATCH.subarray(0, SCRATCH.write(raw, 'utf8'))
      : Buffer.from(raw, 'utf8');
  // Non-ASCII text may hide unpaired surrogates, U+FFFE or U+FFFF, which only the string shows.
  if (bytes.length !== raw.length) checkXmlChars(raw, fail);
  const length = unescapeInPlace(bytes, (reason, byteOffset) => fail(reason, charOffset(raw, byteOffset)));
  return bytes.toString('utf8', 0, length);
}

/** The content of a CDATA section: nothing to unescape, but the same checks and line-end normalization. */
export function decodeCdata(raw: string, fail: TextFailure): string {
  checkXmlChars(raw, fail);
  return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
}

function checkXmlChars(raw: string, fail: TextFailure): void {
  const invalid = findInvalidXmlChar(raw);
  if (invalid !== -1) fail(`character ${describeCodeUnit(raw, invalid)} is not allowed in XML`, invalid);
}

/** The string offset of a UTF-8 byte offset of `raw` (only computed to report an error). */
function charOffset(raw: string, byteOffset: number): number {
  return Buffer.from(raw, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

/**
 * Unescapes the UTF-8 text in `bytes`, writing the result over it (it never grows: every reference
 * is at least as long as the UTF-8 of its character), and returns the decoded length. C0 controls
 * other than TAB, LF and CR are rejected; `fail` receives byte offsets.
 */
export function unescapeInPlace(bytes: Uint8Array, fail: TextFailure): number {
  const length = bytes.length;
  let written = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[i] as number;
    // Hot path: letters, digits, most punctuation and every byte of a multi-byte character.
    if (b > AMP) {
      bytes[written++] = b;
    } else if (b === AMP) {
      // &lt; &gt; &amp; make up nearly all references in practice: match them without a call.
      const b1 = bytes[i + 1];
      const b2 = bytes[i + 2];
      const b3 = bytes[i + 3];
      if (b2 === 0x74 /* t */ && b3 === SEMICOLON && (b1 === 0x6c /* l */ || b1 === 0x67) /* g */) {
        bytes[written++] = b1 === 0x6c ? 0x3c : 0x3e;
        i += 3;
      } else if (
        b1 === 0x61 /* a */ &&
        b2 === 0x6d /* m */ &&
        b3 === 0x70 /* p */ &&
        bytes[i + 4] === SEMICOLON
      ) {
        bytes[written++] = AMP;
        i += 4;
      } else {
        const end = bytes.indexOf(SEMICOLON, i + 1);
        if (end === -1 || end - i + 1 > MAX_REFERENCE_LENGTH) {
          fail('"&" does not start an entity or character reference', i);
        }
        const cp = referencedCodePoint(bytes, i + 1, end);
        if (cp === -1) {
          fail(
            `unknown or invalid reference "${Buffer.from(bytes.subarray(i, end + 1)).toString('latin1')}"`,
            i,
          );
        }
        written = writeUtf8(bytes, written, cp);
        i = end;
      }
    } else if (b === CR) {
      bytes[written++] = LF;
      if (bytes[i + 1] === LF) i++;
    } else if (b >= 0x20 || b === TAB || b === LF) {
      bytes[written++] = b;
    } else {
      fail(`character U+${b.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, i);
    }
  }
  return written;
}

function writeUtf8(bytes: Uint8Array, at: number, cp: number): number {
  let i = at;
  if (cp < 0x80) {
    bytes[i++] = cp;
  } else if (cp < 0x800) {
    bytes[i++] = 0xc0 | (cp >> 6);
    bytes[i++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    bytes[i++] = 0xe0 | (cp >> 12);
    bytes[i++] = 0x80 | ((cp >> 6) & 0x3f);
    bytes[i++] = 0x80 | (cp & 0x3f);
  } else {
    bytes[i++] = 0xf0 | (cp >> 18);
    bytes[i++] = 0x80 | ((cp >> 12) & 0x3f);
    bytes[i++] = 0x80 | ((cp >> 6) & 0x3f);
    bytes[i++] = 0x80 | (cp & 0x3f);
  }
  return i;
}

/** The code point named by the reference body `bytes[start, end)` (between `&` and `;`), or -1. */
function referencedCodePoint(bytes: Uint8Array, start: number, end: number): number {
  if (bytes[start] === HASH) return numericReference(bytes, start + 1, end);
  const name = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  return PREDEFINED_ENTITIES.get(name) ?? -1;
}

const PREDEFINED_ENTITIES = new Map([
  ['lt', 0x3c],
  ['gt', 0x3e],
  ['amp', 0x26],
  ['quot', 0x22],
  ['apos', 0x27],
]);

/** `x1F600` / `128512` bodies (after the `#`): the code point if it is one XML may carry, else -1. */
function numericReference(bytes: Uint8Array, start: number, end: number): number {
  const hex = bytes[start] === 0x78; /* x */
  const base = hex ? 16 : 10;
  let i = hex ? start + 1 : start;
  if (i === end) return -1;
  let cp = 0;
  for (; i < end; i++) {
    const digit = digitValue(bytes[i] as number, hex);
    if (digit === -1) return -1;
    cp = cp * base + digit;
    if (cp > 0x10ffff) return -1;
  }
  return isXmlChar(cp) ? cp : -1;
}

function digitValue(c: number, hex: boolean): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!hex) return -1;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const TEXT_SPECIALS = /[&<>\r]/g;
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#13;',
};
const escapeTextChar = (c: string): string => TEXT_ESCAPES[c] ?? c;

/**
 * Escapes `text` for use as element content: `&`, `<` and `>` become entities and CR becomes
 * `&#13;` (a raw CR would reach the peer as LF after line-end normalization). The caller checks
 * first that the text holds only characters XML can carry (`findInvalidXmlChar`).
 */
export function escapeXmlText(text: string): string {
  return text.replace(TEXT_SPECIALS, escapeTextChar);
}
