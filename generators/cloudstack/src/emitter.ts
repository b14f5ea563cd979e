/**
 * CloudStack IR → `src/generated/`:
 * - `params.ts`: one object type alias per command's parameters (aliases, not interfaces, so they
 *   are assignable to the runtime's `CloudStackParams` index signature);
 * - `responses.ts`: per command the answer's entity (`…Response`, nested lists as named types,
 *   structurally identical types aliased to the first) and what the method resolves to (`…Result`);
 * - `commands.ts`: the client interface (one member per command), the maps by command name
 *   (`CommandParams`, `CommandResults`, `ListItems`, `AsyncCommands`) and the runtime table
 *   `commandTable()` (see `command-table.ts`).
 *
 * Answer types are closed: a field the pinned listApis does not list is not in the type (the
 * package's `fieldsOf()` reads any field). Every line fits the formatter's width.
 */
import { type Emitter, jsDocs, propertyKey, relativeImport } from '@overcast/generator-core';
import {
  type OptionalKind,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  Writers,
} from 'ts-morph';
import { writeCommandTable } from './command-table.js';
import type { CloudStackIr, CommandIr, FieldIr } from './ir.js';
import { aliasTarget, genericType, memberType } from './layout.js';
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
  index.addExportDeclaration({ moduleSpecifier: './commands.js' });
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
        ? {
            kind: StructureKind.TypeAlias,
            name: decl.name,
            isExported: true,
            type: aliasTarget(decl.name, decl.target),
          }
        : {
            kind: StructureKind.Interface,
            name: decl.name,
            isExported: true,
            properties: fieldProperties(decl.fields, decl.name),
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
        type: aliasTarget(resultTypeName(command.name), alias),
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
    case 'keyed':
      return `${answer} \`${command.name}\`: one object, under a name no server answer has shown yet.`;
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
    hasQuestionToken: !field.required,
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
  // Namespace imports: naming 2,000 types would make one import line of 25,000 characters.
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(path, 'params.ts'),
    namespaceImport: PARAMS,
  });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(path, 'responses.ts'),
    namespaceImport: RESPONSES,
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
    properties: lists.map((command) => member(command, `${RESPONSES}.${responseTypeName(command.name)}`)),
  });
  file.addInterface({
    name: 'CommandResults',
    isExported: true,
    docs: jsDocs("What every command resolves to (for async commands: the finished job's result)."),
    properties: ir.commands.map((command) => member(command, `${RESPONSES}.${resultTypeName(command.name)}`)),
  });
  file.addInterface({
    name: 'CommandParams',
    isExported: true,
    docs: jsDocs('The parameters of every command.'),
    properties: ir.commands.map((command) => member(command, `${PARAMS}.${paramsTypeName(command.name)}`)),
  });
  // An interface rather than a union of 300 names: tsc prints a union on one line of the .d.ts.
  file.addInterface({
    name: 'AsyncCommands',
    isExported: true,
    docs: jsDocs('The commands that start an async job (polled to its result unless `fetchResult: false`).'),
    properties: ir.commands
      .filter((command) => command.isAsync)
      .map((command) => ({ name: propertyKey(command.name), isReadonly: true, type: 'true' })),
  });
  file.addTypeAlias({
    name: 'AsyncCommandName',
    isExported: true,
    docs: jsDocs('The name of an async command.'),
    type: 'keyof AsyncCommands & string',
  });
  file.addFunction({
    name: 'commandTable',
    isExported: true,
    returnType: 'Readonly<Record<string, CommandSpec>>',
    docs: jsDocs(
      'What the client needs of each command at run time: `async` (polled as a job), `pages` (takes ' +
        '`page`/`pagesize`), `list` (the key of its items in a list answer) and the `params` that are not ' +
        'strings, by kind (checked before sending). A new table each call: the client builds it once, on ' +
        'first use (`commandSpec()`), so that importing the package does not pay for it.',
    ),
    statements: (writer) => {
      writer.write('return ');
      writeCommandTable(ir, writer, TABLE_DEPTH);
      writer.write(';');
    },
  });
}

/** The table's entries are two levels in: the function body, then the object literal. */
const TABLE_DEPTH = 2;

/** The member of a map by command name (`CommandParams`…). */
function member(command: CommandIr, type: string): OptionalKind<PropertySignatureStructure> {
  const name = propertyKey(command.name);
  return { name, type: memberType(name, type) };
}

/** Local names of the namespace imports in `commands.ts`. */
const PARAMS = 'P';
const RESPONSES = 'R';

function methodType(command: CommandIr) {
  const prefix = `readonly ${propertyKey(command.name)}`;
  const params = `${PARAMS}.${paramsTypeName(command.name)}`;
  const result = `${RESPONSES}.${resultTypeName(command.name)}`;
  if (command.isAsync) return genericType(prefix, 'AsyncCommand', [params, result]);
  if (command.result.kind === 'list') {
    return genericType(prefix, 'ListCommand', [
      params,
      result,
      `${RESPONSES}.${responseTypeName(command.name)}`,
    ]);
  }
  return genericType(prefix, 'SyncCommand', [params, result]);
}
