/**
 * Keeping generated lines within the repository formatter's width (biome's `lineWidth`), breaking
 * them where the formatter would: after `=` of a type alias, between the arguments of a generic.
 */
import { fits } from '@overcast/generator-core';
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';

/**
 * The type of `export type name = …;` (at the top level): on the same line when it fits, else on
 * the next line, indented.
 */
export function aliasTarget(name: string, type: string): string | WriterFunction {
  if (fits(`export type ${name} = ${type};`, 0)) return type;
  return (writer: CodeBlockWriter) => {
    writer.newLine();
    writer.indent(() => writer.write(type));
  };
}

/** The type of the interface property `prefix` (one level in): after `:` when it fits, else below. */
export function memberType(prefix: string, type: string): string | WriterFunction {
  if (fits(`${prefix}: ${type};`, 1)) return type;
  return (writer: CodeBlockWriter) => {
    writer.newLine();
    writer.indent(() => writer.write(type));
  };
}

/**
 * `generic<arg, …>` as the type of the interface property `prefix` (e.g. `readonly name`, one level
 * in): on one line when it fits, else one argument a line.
 */
export function genericType(
  prefix: string,
  generic: string,
  args: readonly string[],
): string | WriterFunction {
  const inline = `${generic}<${args.join(', ')}>`;
  if (fits(`${prefix}: ${inline};`, 1)) return inline;
  return (writer: CodeBlockWriter) => {
    writer.write(`${generic}<`).newLine();
    // No comma after the last one: type argument lists take none.
    writer.indent(() => writer.write(args.join(',\n')).newLine());
    writer.write('>');
  };
}
