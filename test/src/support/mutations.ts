/**
 * Mutation fuzzing of decoders: a fast-check arbitrary that takes a valid document and breaks it the
 * ways a broken or hostile server would — flipped bytes, cut or repeated spans, stray markup
 * characters, unclosed tags, invalid UTF-8 and truncation — and a check that a decoder either
 * returns or throws one of Overcast's typed errors, and does so quickly.
 */
import { OvercastError } from '@overcast/runtime';
import fc from 'fast-check';
import { expect } from 'vitest';

type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'truncate'; at: number };

const MARKUP = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '/',
  '=',
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '&e;',
  ']]>',
  '<![CDATA[',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\\u',
  '\u0000',
  '😀',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 12 })),
  }),
  fc.record({
    op: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
    times: fc.integer({ min: 2, max: 50 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** `document` with one to four mutations applied, as bytes (so invalid UTF-8 can occur). */
export function mutated(document: string): fc.Arbitrary<Buffer> {
  const original = Buffer.from(document, 'utf8');
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    let bytes = original;
    for (const m of mutations) {
      const at = bytes.length === 0 ? 0 : m.at % bytes.length;
      switch (m.op) {
        case 'flip': {
          bytes = Buffer.from(bytes);
          if (bytes.length > 0) bytes[at] = m.byte;
          break;
        }
        case 'delete':
          bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
          break;
        case 'insert':
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
          break;
        case 'repeat': {
          const span = bytes.subarray(at, at + m.length);
          bytes = Buffer.concat([bytes.subarray(0, at), ...Array(m.times).fill(span), bytes.subarray(at)]);
          break;
        }
        case 'truncate':
          bytes = bytes.subarray(0, at);
          break;
      }
    }
    return bytes;
  });
}

/** Longest a decoder may take on one input. */
export const PER_INPUT_LIMIT_MS = 3000;

/**
 * Runs `decode` on the input: it must return, or throw an OvercastError, within the limit. Anything
 * else (a TypeError, a RangeError, a hang) fails with the input's length and the error.
 */
export async function expectTypedOutcome(decode: () => unknown, input: Buffer): Promise<void> {
  const started = performance.now();
  try {
    await decode();
  } catch (error) {
    if (!(error instanceof OvercastError)) {
      throw new Error(
        `an input of ${input.length} bytes made the decoder throw ${String(error)} instead of an OvercastError: ${JSON.stringify(input.toString('latin1').slice(0, 300))}`,
        { cause: error },
      );
    }
  }
  expect(performance.now() - started).toBeLessThan(PER_INPUT_LIMIT_MS);
}

/** Shared fast-check settings: seeded, and bounded in time as well as in runs. */
export const FUZZ: fc.Parameters<unknown> = { seed: 20261206, numRuns: 150, interruptAfterTimeLimit: 20_000 };
