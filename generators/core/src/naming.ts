/**
 * Names: splitting schema names into words, re-casing them, and making them safe to print as
 * TypeScript identifiers, property keys and string literals.
 */

/**
 * One word of a name, tried in order at each position:
 * - an acronym with a plural `s` or a version (`IPs`, `VMs`, `IPv6`), kept whole;
 * - a run of capitals and digits (`HTTPS` in `HTTPSProxy`, `VM` in `VM_POOL`, `2FA`), never ending
 *   on the capital that starts the next word, nor between two digits;
 * - an optional capital, digits, then lower-case letters and digits (`ipv6` in `ipv6Address`,
 *   `Server2`, `6to4`): inside lower-case text there is no boundary to find;
 * - digits alone.
 * Every word keeps its shape when upper- or lower-cased, so re-casing finds the same words.
 */
const WORD =
  /\p{Lu}{2,}(?:s|v\p{N}+)(?![\p{Ll}\p{Lo}])|[\p{Lu}\p{N}]*\p{Lu}\p{N}*(?![\p{Ll}\p{Lo}\p{N}])|\p{Lu}?\p{N}*[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}]*|\p{N}+/gu;

/** The words of a camelCase, PascalCase, snake_case, kebab-case or UPPER_SNAKE name. */
export function splitWords(name: string): string[] {
  return name.match(WORD) ?? [];
}

export function camelCase(name: string): string {
  const [first = '', ...rest] = pascalParts(name);
  return first.toLowerCase() + rest.join('');
}

export function pascalCase(name: string): string {
  return pascalParts(name).join('');
}

export function snakeCase(name: string): string {
  return splitWords(name)
    .map((word) => word.toLowerCase())
    .join('_');
}

export function upperSnake(name: string): string {
  return splitWords(name)
    .map((word) => word.toUpperCase())
    .join('_');
}

/**
 * The capitalised words of a PascalCase name, chosen so that the name reads back as itself: where
 * a boundary would be lost (`A` + `B` reads as the acronym `AB`), the word is appended in lower case
 * instead. Appending can hide an earlier boundary in turn (`A` + `Xs` reads as `AXs`), hence the
 * rounds until nothing changes. camelCase shares these parts, so the cases convert without loss.
 */
function pascalParts(name: string): string[] {
  let parts = joinedParts(splitWords(name));
  for (let round = 0; round < parts.length; round++) {
    const again = joinedParts(splitWords(parts.join('')));
    if (again.join('') === parts.join('')) break;
    parts = again;
  }
  return parts;
}

function joinedParts(words: string[]): string[] {
  const parts: string[] = [];
  for (const part of words.map(capitalise)) {
    const previous = parts.at(-1);
    if (previous !== undefined && !keepsBoundary(previous, part)) {
      parts[parts.length - 1] = previous + part.toLowerCase();
    } else {
      parts.push(part);
    }
  }
  return parts;
}

function keepsBoundary(before: string, word: string): boolean {
  return splitWords(before + word).at(-1) === word;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * Words that cannot name a declaration: JavaScript's reserved words (strict mode and modules
 * included, since generated code is ES modules), the names TypeScript keeps for its own types, and
 * the globals a module may not redeclare.
 */
const RESERVED = new Set([
  ...['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do'],
  ...['else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import'],
  ...['in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true'],
  ...['try', 'typeof', 'var', 'void', 'while', 'with'],
  ...['implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static'],
  ...['yield', 'await', 'arguments', 'eval'],
  ...['any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown'],
  ...['undefined', 'globalThis'],
]);

/**
 * `name` as an identifier that can name any declaration: characters outside `[A-Za-z0-9_$]`
 * become `_` (ASCII only, so the result never depends on which Unicode tables a tool ships), a
 * leading digit or an empty name gets a `_` prefix, and a reserved word gets a `_` suffix.
 */
export function safeIdentifier(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_$]/gu, '_');
  if (replaced === '' || /^[0-9]/.test(replaced)) return `_${replaced}`;
  return RESERVED.has(replaced) ? `${replaced}_` : replaced;
}

/** True when `name` may stand bare as a property name (reserved words may: `{ default: 1 }`). */
export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/**
 * A property name for an interface member or object literal: bare when it can be, else a quoted
 * string literal (`'cpu-number'`).
 */
export function propertyKey(name: string): string {
  return isIdentifierName(name) ? name : stringLiteral(name);
}

/**
 * `text` as a single-quoted TypeScript string literal. Quotes, backslashes and every invisible or
 * line-breaking character are escaped, so the literal is one line and reads back as `text` exactly
 * (lone surrogates included, which could not be written to a UTF-8 file as they are).
 */
export function stringLiteral(text: string): string {
  const escaped = text.replace(/[\\']|(?! )[\p{C}\p{Z}]/gu, (char) =>
    char === '\\' || char === "'" ? `\\${char}` : codeUnitEscapes(char),
  );
  return `'${escaped}'`;
}

/** `\uXXXX` per UTF-16 code unit, so astral characters and lone surrogates both survive. */
function codeUnitEscapes(char: string): string {
  let escapes = '';
  for (let index = 0; index < char.length; index++) {
    escapes += `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`;
  }
  return escapes;
}
