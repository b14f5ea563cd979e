/**
 * How the CloudStack IR reads as TypeScript: type names per command and the type text of every
 * parameter and field. Shared by the emitter and the digest, so both print types the same way.
 */
import { pascalCase, propertyKey, safeIdentifier } from '@overcast/generator-core';
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
    case 'object[]':
      return 'Record<string, unknown>[]';
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

/** The members of a command's result type, by name, with their type text (none when it is an alias). */
export function resultMembers(command: CommandIr): Array<{ name: string; type: string; required: boolean }> {
  const response = responseTypeName(command.name);
  const { result } = command;
  if (result.kind === 'list') {
    return [
      { name: 'count', type: 'number', required: true },
      { name: result.itemKey, type: `${response}[]`, required: true },
    ];
  }
  if (result.kind === 'object' && result.objectKeys.length === 1) {
    return result.objectKeys.map((key) => ({ name: key, type: response, required: true }));
  }
  return [];
}

/**
 * The result type's text when it is not an object type of {@link resultMembers}: the entity itself
 * (flat), one of several keys, or a key nobody recorded.
 */
export function resultAlias(command: CommandIr): string | undefined {
  const response = responseTypeName(command.name);
  const { result } = command;
  switch (result.kind) {
    case 'flat':
      return response;
    case 'keyed':
      return `{ [objectName: string]: ${response} }`;
    case 'object':
      return result.objectKeys.length === 1
        ? undefined
        : result.objectKeys.map((key) => `{ ${propertyKey(key)}: ${response} }`).join(' | ');
    case 'list':
      return undefined;
  }
}
