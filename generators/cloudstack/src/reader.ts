/**
 * listApis.json → CloudStack IR. The file is `cs listApis`'s answer without its envelope:
 * `{ api: [{ name, description, isasync, since?, params: [...], response: [...] }], count }`.
 * The reader checks every entry it uses, drops the empty `{}` response entries the server emits,
 * merges duplicated params and fields, sorts everything by name, applies the corrections of
 * `schema-fixes.ts`, derives each answer's shape (`result-shapes.ts`) and marks the fields the
 * server always sends (`required-fields.ts`).
 */
import { join } from 'node:path';
import { inSchemaFile, readSchemaJson } from '@overcast/generator-core';
import type { CloudStackIr, CommandIr, FieldIr, ParamIr } from './ir.js';
import { markRequiredFields } from './required-fields.js';
import { resultShape } from './result-shapes.js';
import { FIELD_TYPE_FIXES, RESPONSE_FIELDS_FROM, SUCCESS_ANSWERS } from './schema-fixes.js';

/** What a `SuccessResponse` carries. */
const SUCCESS_RESPONSE_FIELDS: readonly FieldIr[] = [
  {
    name: 'displaytext',
    type: 'string',
    description: 'any text associated with the success or failure',
    required: false,
  },
  {
    name: 'success',
    type: 'boolean',
    description: 'true if operation is executed successfully',
    required: false,
  },
];

export const LIST_APIS_FILE = 'listApis.json';

export function readListApis(schemaDir: string): CloudStackIr {
  const json = readSchemaJson(schemaDir, LIST_APIS_FILE);
  return inSchemaFile(join(schemaDir, LIST_APIS_FILE), () => listApisToIr(json));
}

/** The pure part: parsed listApis JSON → IR. Throws naming the API and entry at fault. */
export function listApisToIr(json: unknown): CloudStackIr {
  const apis = record(json, 'the document')['api'];
  if (!Array.isArray(apis)) throw new Error('"api" must be an array of commands');
  const commands = new Map<string, RawCommand>();
  apis.forEach((api, i) => {
    const command = readCommand(api, `api[${i}]`);
    if (commands.has(command.name)) throw new Error(`command "${command.name}" is listed twice`);
    commands.set(command.name, command);
  });
  const typed = fixFieldTypes(commands);
  const fixed = [...typed.values()].sort(byName).map((command) => {
    const fields = correctedFields(command, typed);
    return { ...command, fields, result: resultShape(command.name, fields) };
  });
  return { commands: markRequiredFields(fixed) };
}

/** A command as listApis describes it, before corrections and derived facts. */
type RawCommand = Omit<CommandIr, 'result'>;

/** The answer's fields after the corrections of `schema-fixes.ts`. */
function correctedFields(command: RawCommand, commands: ReadonlyMap<string, RawCommand>): FieldIr[] {
  if (SUCCESS_ANSWERS.has(command.name)) return [...SUCCESS_RESPONSE_FIELDS];
  const source = RESPONSE_FIELDS_FROM[command.name];
  const from = source === undefined ? undefined : commands.get(source);
  return from === undefined ? command.fields : from.fields;
}

function readCommand(value: unknown, where: string): RawCommand {
  const api = record(value, where);
  const name = text(api, 'name', where);
  const at = `command "${name}"`;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`${at}: not a command name`);
  const params = mergeParams(array(api, 'params', at).map((p, i) => readParam(p, `${at} params[${i}]`)));
  const fields = readFields(array(api, 'response', at), `${at} response`);
  const names = new Set(params.map((p) => p.name));
  const since = optionalText(api, 'since', at);
  return {
    name,
    description: text(api, 'description', at),
    ...(since === undefined ? {} : { since }),
    isAsync: flag(api, 'isasync', at),
    pages: names.has('page') && names.has('pagesize'),
    params,
    fields,
  };
}

function readParam(value: unknown, where: string): ParamIr {
  const param = record(value, where);
  const name = text(param, 'name', where);
  const at = `${where} "${name}"`;
  const type = text(param, 'type', at);
  const length = param['length'];
  if (typeof length !== 'number' || !Number.isInteger(length))
    throw new Error(`${at}: "length" must be an integer`);
  const since = optionalText(param, 'since', at);
  return {
    name,
    type,
    required: flag(param, 'required', at),
    list: type === 'list',
    map: type === 'map',
    uuid: type === 'uuid',
    date: type === 'date' || type === 'tzdate',
    length,
    ...(since === undefined ? {} : { since }),
    description: optionalText(param, 'description', at) ?? '',
  };
}

/** Response entries, without the empty `{}` ones; duplicates merged, nested lists read recursively. */
function readFields(entries: unknown[], where: string): FieldIr[] {
  const fields: FieldIr[] = [];
  entries.forEach((value, i) => {
    const entry = record(value, `${where}[${i}]`);
    if (Object.keys(entry).length === 0) return;
    const name = text(entry, 'name', `${where}[${i}]`);
    const at = `${where} "${name}"`;
    const nested = entry['response'];
    if (nested !== undefined && !Array.isArray(nested)) throw new Error(`${at}: "response" must be an array`);
    const children = nested === undefined ? [] : readFields(nested, at);
    fields.push({
      name,
      type: text(entry, 'type', at),
      description: optionalText(entry, 'description', at) ?? '',
      required: false,
      ...(children.length > 0 ? { fields: children } : {}),
    });
  });
  return mergeFields(fields);
}

/** A field listed twice keeps its first type and description and the union of its nested fields. */
function mergeFields(fields: FieldIr[]): FieldIr[] {
  const merged = new Map<string, FieldIr>();
  for (const field of fields) {
    const seen = merged.get(field.name);
    if (seen === undefined) {
      merged.set(field.name, field);
    } else if (field.fields !== undefined) {
      merged.set(field.name, { ...seen, fields: mergeFields([...(seen.fields ?? []), ...field.fields]) });
    }
  }
  return [...merged.values()].sort(byName);
}

/** A parameter listed twice is one parameter: required if either says so. */
function mergeParams(params: ParamIr[]): ParamIr[] {
  const merged = new Map<string, ParamIr>();
  for (const param of params) {
    const seen = merged.get(param.name);
    merged.set(
      param.name,
      seen === undefined ? param : { ...seen, required: seen.required || param.required },
    );
  }
  return [...merged.values()].sort(byName);
}

/** The commands with the types of `FIELD_TYPE_FIXES`, on every command answering a fixed structure. */
function fixFieldTypes(commands: ReadonlyMap<string, RawCommand>): Map<string, RawCommand> {
  const key = (fields: readonly FieldIr[]) => JSON.stringify(fields);
  const fixes = new Map<string, Readonly<Record<string, string>>>();
  for (const [name, types] of Object.entries(FIELD_TYPE_FIXES)) {
    const command = commands.get(name);
    if (command !== undefined) fixes.set(key(command.fields), types);
  }
  return new Map(
    [...commands].map(([name, command]) => {
      const types = fixes.get(key(command.fields));
      if (types === undefined) return [name, command];
      const fields = command.fields.map((field) => {
        const type = types[field.name];
        return type === undefined ? field : { ...field, type };
      });
      return [name, { ...command, fields }];
    }),
  );
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function array(object: Record<string, unknown>, key: string, where: string): unknown[] {
  const value = object[key] ?? [];
  if (!Array.isArray(value)) throw new Error(`${where}: "${key}" must be an array`);
  return value;
}

function text(object: Record<string, unknown>, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '')
    throw new Error(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function optionalText(object: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${where}: "${key}" must be a string`);
  return value;
}

function flag(object: Record<string, unknown>, key: string, where: string): boolean {
  const value = object[key];
  if (typeof value !== 'boolean') throw new Error(`${where}: "${key}" must be true or false`);
  return value;
}
