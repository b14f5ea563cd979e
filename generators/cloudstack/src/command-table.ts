/**
 * The runtime table `commandTable()`: per command what the client needs at run time, with named
 * fields a reader understands (as octokit's endpoint table), one line per command when it fits:
 *
 * ```ts
 * deployVirtualMachine: {
 *   async: true,
 *   params: {
 *     affinitygroupids: 'list',
 *     …
 *   },
 * },
 * listZones: { pages: true, list: 'zone', params: { available: 'boolean', page: 'integer', … } },
 * ```
 *
 * The table is the body of a function the client calls once, on its first request (about 2 ms):
 * as a module-level literal its 700 objects of varied shapes would add those 2 ms to every import.
 * Importing the generated module alone took 4.4 ms with the earlier compact
 * `name: [flags, itemKey, 'param:kind,…']` arrays, 5.9 ms with this table as a literal, 4.0 ms now.
 */
import { fits, propertyKey, stringLiteral } from '@overcast/generator-core';
import type { CodeBlockWriter } from 'ts-morph';
import type { CloudStackIr, CommandIr, ParamIr } from './ir.js';

/** The kinds of parameters the client checks before sending (strings are not checked). */
export type ParamKind = 'boolean' | 'integer' | 'list' | 'map';

const INTEGER_TYPES: ReadonlySet<string> = new Set(['short', 'int', 'integer', 'long']);

export function paramKind(param: ParamIr): ParamKind | undefined {
  if (param.type === 'boolean') return 'boolean';
  if (INTEGER_TYPES.has(param.type)) return 'integer';
  if (param.list) return 'list';
  if (param.map) return 'map';
  return undefined;
}

/** Writes the table's object literal, one entry per command, the entries `depth` levels in. */
export function writeCommandTable(ir: CloudStackIr, writer: CodeBlockWriter, depth: number): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const command of ir.commands) writeEntry(command, writer, depth);
  });
  writer.write('}');
}

function writeEntry(command: CommandIr, writer: CodeBlockWriter, depth: number): void {
  const key = propertyKey(command.name);
  const flags = [
    ...(command.isAsync ? ['async: true'] : []),
    ...(command.pages ? ['pages: true'] : []),
    ...(command.result.kind === 'list' ? [`list: ${stringLiteral(command.result.itemKey)}`] : []),
  ];
  const kinds = command.params.flatMap((param) => {
    const kind = paramKind(param);
    return kind === undefined ? [] : [`${propertyKey(param.name)}: ${stringLiteral(kind)}`];
  });
  const params = kinds.length === 0 ? [] : [`params: ${inlineObject(kinds)}`];
  const oneLine = `${key}: ${inlineObject([...flags, ...params])},`;
  if (fits(oneLine, depth)) {
    writer.writeLine(oneLine);
    return;
  }
  writer.writeLine(`${key}: {`);
  writer.indent(() => {
    for (const flag of flags) writer.writeLine(`${flag},`);
    if (params[0] !== undefined && fits(`${params[0]},`, depth + 1)) writer.writeLine(`${params[0]},`);
    else if (params[0] !== undefined) {
      writer.writeLine('params: {');
      writer.indent(() => {
        for (const kind of kinds) writer.writeLine(`${kind},`);
      });
      writer.writeLine('},');
    }
  });
  writer.writeLine('},');
}

function inlineObject(members: readonly string[]): string {
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}
