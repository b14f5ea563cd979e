/**
 * Plain values printed as TypeScript literals: the operation tables of `operations.ts`, and the
 * type literals of `types.ts` (a string is then a string literal type, `TypeText` a type as
 * written, and object members are separated by `;`).
 */
import { GeneratorError, propertyKey, stringLiteral } from '@overcast/generator-core';

/** Generated lines stay within this width (JSDoc is wrapped at 100 by jsDocs). */
export const LINE_WIDTH = 110;

/** A type written as it is in a type literal (`Unwrap<Schemas['X'], 'x'>`), where a string would be quoted. */
export class TypeText {
  constructor(readonly text: string) {}
}

/** What ends an object's members: `,` in a value, `;` in a type literal. */
export type MemberSeparator = ',' | ';';

/**
 * A plain value as a TypeScript literal, one line when it fits in the width at `indent`, else one
 * member a line (string arrays filled line by line).
 */
export function pretty(
  value: unknown,
  indent: number,
  prefixLength = 0,
  separator: MemberSeparator = ',',
): string {
  const flat = flatText(value, separator);
  if (indent + prefixLength + flat.length + 1 <= LINE_WIDTH) return flat;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      const lines: string[] = [];
      let line = '';
      for (const item of value.map((each) => flatText(each))) {
        if (line !== '' && pad.length + line.length + 1 + item.length + 1 > LINE_WIDTH) {
          lines.push(line);
          line = '';
        }
        line = line === '' ? `${item},` : `${line} ${item},`;
      }
      if (line !== '') lines.push(line);
      return `[\n${lines.map((each) => pad + each).join('\n')}\n${' '.repeat(indent)}]`;
    }
    const items = value.map((item) => `${pad}${pretty(item, indent + 2, 0, separator)},`);
    return `[\n${items.join('\n')}\n${' '.repeat(indent)}]`;
  }
  if (isPlainObject(value)) {
    const members = Object.entries(value).map(([key, item]) => {
      const name = `${propertyKey(key)}: `;
      return `${pad}${name}${pretty(item, indent + 2, name.length, separator)}${separator}`;
    });
    return `{\n${members.join('\n')}\n${' '.repeat(indent)}}`;
  }
  return flat;
}

/** A plain value as a TypeScript literal on one line. */
export function flatText(value: unknown, separator: MemberSeparator = ','): string {
  if (value instanceof TypeText) return value.text;
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => flatText(item, separator)).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const members = entries.map(([key, item]) => `${propertyKey(key)}: ${flatText(item, separator)}`);
    // A type literal's last member ends with `;` too, as the generated files are formatted.
    return separator === ',' ? `{ ${members.join(', ')} }` : `{ ${members.join('; ')}; }`;
  }
  throw new GeneratorError(`cannot print ${typeof value} in a table`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TypeText);
}
