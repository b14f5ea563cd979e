/**
 * How the CloudStack IR reads as TypeScript: type names per command and the type text of every
 * parameter and field. Shared by the emitter and the digest, so both print types the same way.
 */
import { pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { CommandIr, FieldIr, ParamIr } from './ir.js';

export const paramsTypeName = (command: string): string => safeIdentifier(`${pascalCase(command)}Params`);
/** The entity of an answer: the list item, the object, or the flat answer. */
export const responseTypeName = (command: string): string => safeIdentifier(`${pascalCase(command)}Response`);
/** What the method resolves to. */
export const resultTypeName = (command: string): string => safeIdentifier(`${pascalCase(command)}Result`);
/** A nested list's element: `ListVirtualMachinesResponseNic`. */
export const nestedTypeName = (parent: string, field: string): string =>
  safeIdentifier(`${parent}${pascalCase(field)}`);

const NUMBER_TYPES = new Set(['short', 'int', 'integer', 'long', 'float', 'double', 'bigdecimal']);

export function paramType(param: ParamIr): string {
  if (param.list) return 'string | readonly string[]';
  if (param.map) return 'CloudStackMap | readonly CloudStackMap[]';
  if (param.type === 'boolean') return 'boolean';
  if (NUMBER_TYPES.has(param.type)) return 'number';
  return 'string';
}

/**
 * A field's type. Lists and sets with a described element become arrays of a named type; untyped
 * lists, sets, maps and embedded responses are `unknown` inside, as listApis says nothing more.
 */
export function fieldType(field: FieldIr, parentTypeName: string): string {
  if (field.fields !== undefined) return `${nestedTypeName(parentTypeName, field.name)}[]`;
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'list':
    case 'set':
      return 'unknown[]';
    case 'string[]':
      return 'string[]';
    case 'long[]':
    case 'double[]':
      return 'number[]';
    case 'map':
      return 'Record<string, unknown>';
    default:
      if (NUMBER_TYPES.has(field.type)) return 'number';
      // Embedded responses (resourceiconresponse, hostharesponse, uservmresponse, …) and `object`.
      if (field.type.endsWith('response') || field.type === 'responseobject' || field.type === 'object') {
        return 'Record<string, unknown>';
      }
      return 'string';
  }
}

/** The members of a command's result type, by name, with their type text. */
export function resultMembers(command: CommandIr): Array<{ name: string; type: string; required: boolean }> {
  const response = responseTypeName(command.name);
  switch (command.result.kind) {
    case 'list':
      return [
        { name: 'count', type: 'number', required: true },
        { name: command.result.itemKey, type: `${response}[]`, required: true },
      ];
    case 'object':
      return command.result.objectKey === undefined
        ? []
        : [
            {
              name: command.result.objectKey,
              type: command.result.undescribed ? 'Record<string, unknown>' : response,
              required: true,
            },
          ];
    case 'flat':
      return [];
  }
}

/** The result type's text when it is not an object type of {@link resultMembers}. */
export function resultAlias(command: CommandIr): string | undefined {
  if (command.result.kind === 'flat') return responseTypeName(command.name);
  if (command.result.kind === 'object' && command.result.objectKey === undefined) {
    return `{ [objectName: string]: ${responseTypeName(command.name)} }`;
  }
  return undefined;
}
