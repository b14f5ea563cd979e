/**
 * Emits `types.ts` (one interface per record type of the model, each field with its doc comment
 * where one is known, integers of a constant group typed as the group) and `shapes.ts` (the decoding
 * metadata: per record type, which fields are numbers, which repeat, which are free-form
 * templates, which are records of which type).
 */
import {
  type Emitter,
  isIdentifierName,
  jsDocs,
  propertyKey,
  relativeImport,
  stringLiteral,
} from '@overcast/generator-core';
import { VariableDeclarationKind, type WriterFunction, Writers } from 'ts-morph';
import { typeImport } from './layout.js';
import { fieldTypeText, type RecordField, type TypeModel } from './type-model.js';

export const TYPES_FILE = 'types.ts';
export const SHAPES_FILE = 'shapes.ts';

export function emitTypes(model: TypeModel, out: Emitter): void {
  const file = out.file(TYPES_FILE);
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(TYPES_FILE, '../template-types.ts'),
    namedImports: ['Template'],
  });
  const constants = [
    ...new Set(
      model.records.flatMap((record) =>
        record.fields.flatMap((field) =>
          field.type.kind === 'scalar' && field.type.constant ? [field.type.constant] : [],
        ),
      ),
    ),
  ].sort();
  if (constants.length > 0)
    file.addStatements(typeImport(constants, relativeImport(TYPES_FILE, '../constants.ts')));
  for (const record of model.records) {
    file.addInterface({
      name: record.name,
      isExported: true,
      docs: jsDocs(`From ${record.source}.`),
      properties: record.fields.map((field) => ({
        name: propertyKey(field.name),
        type: fieldTypeText(field),
        hasQuestionToken: !field.required,
        isReadonly: false,
        docs: field.doc === undefined ? [] : [{ description: field.doc }],
      })),
    });
  }
}

export function emitShapes(model: TypeModel, out: Emitter): void {
  const file = out.file(SHAPES_FILE);
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: relativeImport(SHAPES_FILE, '../shape.ts'),
    namedImports: ['Shape'],
  });
  const shapes: Record<string, WriterFunction> = {};
  for (const record of model.records) {
    const fields: Record<string, string> = {};
    for (const field of record.fields) fields[propertyKey(field.name)] = fieldSpec(field);
    shapes[propertyKey(record.name)] = Writers.object(fields);
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs('Decoding shapes by type name: how each child element of a record is read.'),
    declarations: [
      { name: 'SHAPES', type: 'Readonly<Record<string, Shape>>', initializer: Writers.object(shapes) },
    ],
  });
}

/**
 * One field's spec, a one-line literal: `{ kind: 'integer', many: true, set: … }`, `{ kind:
 * 'record', type: 'Host', set: … }`. `set` stores the field with a named store (`record.ID =
 * value`), which V8 keeps fast however many fields a record has, where a store by computed key
 * turns a record of more than about 19 fields into a slow dictionary.
 */
function fieldSpec(field: RecordField): string {
  const parts = [`kind: '${field.type.kind === 'scalar' ? field.type.scalar : field.type.kind}'`];
  if (field.type.kind === 'record') parts.push(`type: '${field.type.name}'`);
  if (field.repeated) parts.push('many: true');
  parts.push(`set: (record, value) => { ${memberOf('record', field.name)} = value; }`);
  return `{ ${parts.join(', ')} }`;
}

/** `object.name`, or `object['a-name']` when the name is not an identifier. */
function memberOf(object: string, name: string): string {
  return isIdentifierName(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}
