/**
 * CloudStack IR → `src/generated/`:
 * - `params.ts`: one object type alias per command's parameters (aliases, not interfaces, so they
 *   are assignable to the runtime's `CloudStackParams` index signature);
 * - `responses.ts`: per command the answer's entity (`…Response`, nested lists as named types,
 *   structurally identical types aliased to the first) and what the method resolves to (`…Result`);
 * - `commands.ts`: the client interface (one member per command), the list item and parameter maps
 *   for `iterate()`, and the compact runtime table `COMMANDS`.
 */
import { type Emitter, jsDocs, propertyKey, relativeImport, stringLiteral } from '@overcast/generator-core';
import {
  type CodeBlockWriter,
  type OptionalKind,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  Writers,
} from 'ts-morph';
import type { CloudStackIr, CommandIr, FieldIr } from './ir.js';
import { responseTypes } from './response-types.js';
import {
  fieldType,
  paramsTypeName,
  paramType,
  responseTypeName,
  resultAlias,
  resultMembers,
  resultTypeName,
} from './type-texts.js';

/** The hand-written module (in the package) declaring the command helper types and the table type. */
const COMMAND_TYPES = '../command-types.js';

export function emitCloudStack(ir: CloudStackIr, out: Emitter): void {
  emitParams(ir, out);
  emitResponses(ir, out);
  emitCommands(ir, out);
  const index = out.file('index.ts');
  index.addExportDeclaration({ isTypeOnly: true, moduleSpecifier: './params.js' });
  index.addExportDeclaration({ isTypeOnly: true, moduleSpecifier: './responses.js' });
  index.addExportDeclaration({
    moduleSpecifier: './commands.js',
    namedExports: [
      'COMMANDS',
      { name: 'CloudStackCommands', isTypeOnly: true },
      { name: 'CommandParams', isTypeOnly: true },
      { name: 'CommandResults', isTypeOnly: true },
      { name: 'ListItems', isTypeOnly: true },
    ],
  });
}

function emitParams(ir: CloudStackIr, out: Emitter): void {
  const file = out.file('params.ts');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '@overcast/runtime',
    namedImports: ['CloudStackMap'],
  });
  // Declarations are added in one call per file: ts-morph re-parses on every insertion.
  file.addStatements(
    ir.commands.map((command) => ({
      kind: StructureKind.TypeAlias,
      name: paramsTypeName(command.name),
      isExported: true,
      docs: jsDocs(`Parameters of \`${command.name}\`.`),
      type: Writers.objectType({
        properties: command.params.map((param) => ({
          name: propertyKey(param.name),
          type: paramType(param),
          hasQuestionToken: !param.required,
          docs: jsDocs(param.description, param.since === undefined ? {} : { since: param.since }),
        })),
      }),
    })),
  );
}

function emitResponses(ir: CloudStackIr, out: Emitter): void {
  const statements: StatementStructures[] = [];
  for (const decl of responseTypes(ir)) {
    statements.push(
      decl.kind === 'alias'
        ? { kind: StructureKind.TypeAlias, name: decl.name, isExported: true, type: decl.target }
        : {
            kind: StructureKind.Interface,
            name: decl.name,
            isExported: true,
            properties: fieldProperties(decl.fields, decl.name),
            // Open: a server of another version than the pin answers fields this one does not list.
            indexSignatures: [{ keyName: 'field', keyType: 'string', returnType: 'unknown' }],
          },
    );
  }
  for (const command of ir.commands) {
    const alias = resultAlias(command);
    const docs = jsDocs(resultDoc(command));
    if (alias !== undefined) {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: resultTypeName(command.name),
        isExported: true,
        docs,
        type: alias,
      });
    } else {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: resultTypeName(command.name),
        isExported: true,
        docs,
        type: Writers.objectType({
          properties: resultMembers(command).map((member) => ({
            name: propertyKey(member.name),
            type: member.type,
          })),
        }),
      });
    }
  }
  out.file('responses.ts').addStatements(statements);
}

function resultDoc(command: CommandIr): string {
  const answer = command.isAsync ? "The finished job's `jobresult` of" : 'The answer of';
  switch (command.result.kind) {
    case 'list':
      return `${answer} \`${command.name}\`: \`count\` (all pages) and this page's items.`;
    case 'object':
      return `${answer} \`${command.name}\`: the object under its name.`;
    case 'flat':
      return `${answer} \`${command.name}\`.`;
  }
}

function fieldProperties(
  fields: readonly FieldIr[],
  typeName: string,
): OptionalKind<PropertySignatureStructure>[] {
  return fields.map((field) => ({
    name: propertyKey(field.name),
    type: fieldType(field, typeName),
    hasQuestionToken: true,
    docs: jsDocs(field.description),
  }));
}

function emitCommands(ir: CloudStackIr, out: Emitter): void {
  const path = 'commands.ts';
  const file = out.file(path);
  const lists = ir.commands.filter((command) => command.result.kind === 'list');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: COMMAND_TYPES,
    namedImports: ['AsyncCommand', 'CommandSpec', 'ListCommand', 'SyncCommand'],
  });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(path, 'params.ts'),
    namedImports: ir.commands.map((command) => paramsTypeName(command.name)),
  });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(path, 'responses.ts'),
    namedImports: [
      ...ir.commands.map((command) => resultTypeName(command.name)),
      ...lists.map((command) => responseTypeName(command.name)),
    ].sort(),
  });
  file.addInterface({
    name: 'CloudStackCommands',
    isExported: true,
    docs: jsDocs('One method per command of the pinned listApis.'),
    properties: ir.commands.map((command) => ({
      name: propertyKey(command.name),
      isReadonly: true,
      type: methodType(command),
      docs: jsDocs(command.description, command.since === undefined ? {} : { since: command.since }),
    })),
  });
  file.addInterface({
    name: 'ListItems',
    isExported: true,
    docs: jsDocs('The item type of every list command, for `iterate()` and `fetchList`.'),
    properties: lists.map((command) => ({
      name: propertyKey(command.name),
      type: responseTypeName(command.name),
    })),
  });
  file.addInterface({
    name: 'CommandResults',
    isExported: true,
    docs: jsDocs("What every command resolves to (for async commands: the finished job's result)."),
    properties: ir.commands.map((command) => ({
      name: propertyKey(command.name),
      type: resultTypeName(command.name),
    })),
  });
  file.addInterface({
    name: 'CommandParams',
    isExported: true,
    docs: jsDocs('The parameters of every command.'),
    properties: ir.commands.map((command) => ({
      name: propertyKey(command.name),
      type: paramsTypeName(command.name),
    })),
  });
  file.addVariableStatement({
    isExported: true,
    docs: jsDocs(
      'Per command: flags (1 async, 2 pages), the list item key (or empty), and the non-string parameters as ' +
        '`name:kind` joined by `,` (kinds: b boolean, n number, l list, m map).',
    ),
    declarations: [
      {
        name: 'COMMANDS',
        type: 'Readonly<Record<string, CommandSpec>>',
        initializer: (writer) => writeTable(ir, writer),
      },
    ],
  });
}

function methodType(command: CommandIr): string {
  const params = paramsTypeName(command.name);
  const result = resultTypeName(command.name);
  if (command.isAsync) return `AsyncCommand<${params}, ${result}>`;
  if (command.result.kind === 'list')
    return `ListCommand<${params}, ${result}, ${responseTypeName(command.name)}>`;
  return `SyncCommand<${params}, ${result}>`;
}

const PARAM_KINDS: ReadonlyArray<[test: (type: string) => boolean, kind: string]> = [
  [(type) => type === 'boolean', 'b'],
  [(type) => ['short', 'int', 'integer', 'long'].includes(type), 'n'],
  [(type) => type === 'list', 'l'],
  [(type) => type === 'map', 'm'],
];

/** One line per command: `name: [flags, 'itemkey', 'param:kind,…'],`. */
function writeTable(ir: CloudStackIr, writer: CodeBlockWriter): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const command of ir.commands) {
      const flags = (command.isAsync ? 1 : 0) | (command.pages ? 2 : 0);
      const itemKey = command.result.kind === 'list' ? command.result.itemKey : '';
      const kinds = command.params
        .flatMap((param) => {
          const kind = PARAM_KINDS.find(([test]) => test(param.type))?.[1];
          return kind === undefined ? [] : [`${param.name}:${kind}`];
        })
        .join(',');
      writer.writeLine(
        `${propertyKey(command.name)}: [${flags}, ${stringLiteral(itemKey)}, ${stringLiteral(kinds)}],`,
      );
    }
  });
  writer.write('}');
}
