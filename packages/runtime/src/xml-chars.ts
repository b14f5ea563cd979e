/**
 * The characters an XML 1.0 document may carry (the `Char` production): TAB, LF, CR, U+0020–U+D7FF,
 * U+E000–U+FFFD and U+10000–U+10FFFF. Everything else — the other C0 controls, U+FFFE, U+FFFF and
 * unpaired UTF-16 surrogates — cannot be written even as a character reference, so encoders must
 * refuse it and decoders must reject it.
 */

const CONTROL_OR_NONCHARACTER = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// ES2024, in Node since 20; far faster than LONE_SURROGATE on long two-byte strings.
const isWellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

/** Index of the first code unit of `text` that XML 1.0 cannot carry, or -1 when there is none. */
export function findInvalidXmlChar(text: string): number {
  const control = CONTROL_OR_NONCHARACTER.exec(text)?.index ?? -1;
  if (isWellFormed.call(text)) return control;
  const surrogate = LONE_SURROGATE.exec(text)?.index ?? -1;
  return control === -1 ? surrogate : Math.min(control, surrogate);
}

/** Whether the code point `cp` may appear in an XML 1.0 document (used for numeric references). */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** `U+0001`-style name of the code unit at `index`, for error messages that must not quote the text. */
export function describeCodeUnit(text: string, index: number): string {
  return `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}
