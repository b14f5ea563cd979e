/**
 * Numbers in element text, read as `Number()` reads them. Most values are short runs of digits
 * (ids, times, sizes, `28.5`): those are read digit by digit, which is exact below 2^53, and a
 * quotient of two exact doubles is rounded as `Number()` rounds; anything else takes `Number()`.
 */

const INTEGER = /^\s*[+-]?\d+\s*$/;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** At most 15 digits: their value stays below 2^53, so the sum is exact. */
const MAX_DIGITS = 15;
/** 10^0 … 10^15, each exact (built by multiplying, which is exact here). */
const POWERS_OF_TEN = [1];
for (let n = 1; n <= MAX_DIGITS; n++) POWERS_OF_TEN.push((POWERS_OF_TEN[n - 1] as number) * 10);

/**
 * `text` as an integer — optional sign, decimal digits, surrounding whitespace — or undefined
 * when it is not one.
 */
export function integerOf(text: string): number | undefined {
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  const end = text.length;
  if (end > start && end - start <= MAX_DIGITS) {
    let value = 0;
    let at = start;
    for (; at < end; at++) {
      const c = text.charCodeAt(at);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    if (at === end) return start === 1 ? -value : value;
  }
  return INTEGER.test(text) ? Number(text) : undefined;
}

/** `Number(text)`, faster for digits with an optional minus and an inner decimal point. */
export function decimalOf(text: string): number {
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  const end = text.length;
  let value = 0;
  let digits = 0;
  let dot = -1;
  let at = start;
  for (; at < end; at++) {
    const c = text.charCodeAt(at);
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
    } else if (c === DOT && dot === -1) {
      dot = at;
    } else {
      break;
    }
  }
  // `.5`, `5.` and `-` are left to Number(), as are long and unusual forms.
  if (at !== end || digits === 0 || digits > MAX_DIGITS || dot === start || dot === end - 1)
    return Number(text);
  const magnitude = dot === -1 ? value : value / (POWERS_OF_TEN[end - dot - 1] as number);
  return start === 1 ? -magnitude : magnitude;
}
