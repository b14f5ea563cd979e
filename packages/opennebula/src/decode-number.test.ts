import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalOf, integerOf } from './decode-number.js';

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Strings that look like numbers, nearly or exactly: the fast paths' edges. */
const numberLike = fc.string({
  unit: fc.constantFrom('0', '1', '5', '9', '-', '+', '.', 'e', ' ', '\u00a0', 'x', '\u0663'),
  maxLength: 20,
});
const digits = fc.stringMatching(/^-?\d{1,18}(\.\d{1,18})?$/);

describe('integerOf', () => {
  it('accepts what the integer pattern accepts and reads it as Number() does (property)', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, digits), (text) => {
        expect(integerOf(text)).toStrictEqual(INTEGER.test(text) ? Number(text) : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads signs, -0, whitespace and numbers past 2^53 as Number() does', () => {
    expect(integerOf('-0')).toBe(-0);
    expect(integerOf(' +5\n')).toBe(5);
    expect(integerOf('\u00a012\u3000')).toBe(12);
    expect(integerOf('9007199254740993')).toBe(9007199254740992);
    expect(integerOf('1.0')).toBeUndefined();
    expect(integerOf('')).toBeUndefined();
  });
});

describe('decimalOf', () => {
  it('is Number() (property)', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, digits), (text) => {
        expect(decimalOf(text)).toStrictEqual(Number(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds as Number() does where digits run out', () => {
    for (const text of ['0.1', '0.3', '123456789.012345', '-0.0', '99999999999999.9', '1234567890123456.7'])
      expect(decimalOf(text)).toBe(Number(text));
  });
});
