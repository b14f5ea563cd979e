import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './errors.js';
import { decodeUtf8 } from './http.js';
import { Utf8Chunks } from './utf8-chunks.js';

/** `bytes` cut at `cuts` and decoded chunk by chunk: the text, or the error's message. */
function decodedInChunks(bytes: Uint8Array, cuts: number[]): string {
  const utf8 = new Utf8Chunks('the body');
  const ends = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let text = '';
  let start = 0;
  try {
    for (const end of [...ends, bytes.length]) {
      text += utf8.decode(bytes.subarray(start, end));
      start = end;
    }
    return text + utf8.decode(new Uint8Array(0), true);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return (error as Error).message;
  }
}

/**
 * The whole body at once: the buffered path's error, or the text with any BOM kept (the XML reader
 * takes one at the start of the document).
 */
function decodedWhole(bytes: Uint8Array): string {
  try {
    decodeUtf8(bytes, 'the body');
  } catch (error) {
    return (error as Error).message;
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** Mostly valid UTF-8 (every width), with bad bytes dropped in or the last sequence cut. */
const bodies = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 2 }),
    fc.nat(),
  )
  .map(([text, insertions, cut]) => {
    const bytes = [...Buffer.from(text, 'utf8')];
    for (const [at, byte] of insertions) bytes.splice(at % (bytes.length + 1), 0, byte);
    return new Uint8Array(bytes.slice(0, bytes.length - (cut % 2)));
  });

describe('Utf8Chunks', () => {
  it('decodes text cut anywhere, and names the first bad byte where the whole body would', () => {
    fc.assert(
      fc.property(bodies, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        expect(decodedInChunks(bytes, cuts)).toBe(decodedWhole(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a BOM, at the start and at a chunk boundary', () => {
    const bytes = Buffer.from('\uFEFFa\uFEFFb', 'utf8');
    for (const cut of [0, 1, 3, 4, 5, 7]) expect(decodedInChunks(bytes, [cut])).toBe('\uFEFFa\uFEFFb');
  });

  it('counts the offset over every chunk before the bad one', () => {
    const bytes = Buffer.concat([Buffer.from('é'.repeat(1000)), Buffer.from([0xe9, 0x41])]);
    for (const cut of [0, 1, 1999, 2000, 2001, 2002]) {
      expect(decodedInChunks(bytes, [cut])).toBe(
        'the body is not valid UTF-8 (first bad byte at offset 2000)',
      );
    }
  });
});
