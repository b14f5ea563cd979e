/**
 * botocore's EC2 model folder (`service-2.json`, `paginators-1.json`, `waiters-2.json`) → the EC2 IR.
 *
 * The EC2 Query protocol's names are settled here, once, as botocore's `EC2Serializer` and
 * `EC2QueryParser` apply them: a member's query name is its `queryName`, else its `locationName`
 * with the first letter upper-cased, else the member name; its XML name is its `locationName`, else
 * the member name. Anything in the model that would change the wire and that this generator does
 * not implement (`flattened`, `xmlAttribute`, `timestampFormat`, header or URI locations, …) is
 * refused with the shape and key named, so a newer model cannot be generated wrongly in silence.
 */
import { join } from 'node:path';
import { inSchemaFile, readSchemaJson } from '@overcast/generator-core';
import type {
  AcceptorIr,
  Ec2Ir,
  Ec2Metadata,
  MemberIr,
  OperationIr,
  PaginatorIr,
  ScalarKind,
  ShapeIr,
  WaiterIr,
} from './ir.js';

export const MODEL_FILES = ['service-2.json', 'paginators-1.json', 'waiters-2.json'] as const;

/**
 * Members whose wire form differs from the model's type, as botocore's handlers make it:
 * `before-parameter-build.ec2.RunInstances` → `base64_encode_user_data` (boto 2 does the same).
 */
export const BASE64_MEMBERS: ReadonlyArray<readonly [shape: string, member: string]> = [
  ['RunInstancesRequest', 'UserData'],
];

const SCALARS = new Set<string>([
  'string',
  'integer',
  'long',
  'float',
  'double',
  'boolean',
  'timestamp',
  'blob',
]);

// Keys of the model that carry no wire behaviour (validation bounds, documentation, markers).
const SHAPE_KEYS = new Set([
  'type',
  'members',
  'member',
  'required',
  'documentation',
  'enum',
  'min',
  'max',
  'pattern',
  'sensitive',
  'deprecated',
  'deprecatedMessage',
  'box',
]);
const MEMBER_KEYS = new Set([
  'shape',
  'locationName',
  'queryName',
  'documentation',
  'deprecated',
  'deprecatedMessage',
  'box',
]);
const OPERATION_KEYS = new Set(['name', 'http', 'input', 'output', 'documentation', 'errors', 'deprecated']);

type Json = Record<string, unknown>;

export function readEc2Model(schemaDir: string): Ec2Ir {
  const service = readSchemaJson(schemaDir, 'service-2.json');
  const paginators = readSchemaJson(schemaDir, 'paginators-1.json');
  const waiters = readSchemaJson(schemaDir, 'waiters-2.json');
  return modelToIr(
    { service, paginators, waiters },
    {
      service: join(schemaDir, 'service-2.json'),
      paginators: join(schemaDir, 'paginators-1.json'),
      waiters: join(schemaDir, 'waiters-2.json'),
    },
  );
}

export interface ModelFiles {
  service: unknown;
  paginators: unknown;
  waiters: unknown;
}

/** The same as `readEc2Model` over parsed files; `paths` name the files in errors. */
export function modelToIr(files: ModelFiles, paths: Record<keyof ModelFiles, string>): Ec2Ir {
  const { metadata, documentation, operations, shapes } = inSchemaFile(paths.service, () =>
    readService(files.service),
  );
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  const opNames = new Set(operations.map((op) => op.name));
  const paginatorIrs = inSchemaFile(paths.paginators, () =>
    readPaginators(files.paginators, operations, byName),
  );
  const waiterIrs = inSchemaFile(paths.waiters, () => readWaiters(files.waiters, opNames));
  return { metadata, documentation, operations, shapes, paginators: paginatorIrs, waiters: waiterIrs };
}

function readService(json: unknown) {
  const root = record(json, 'the model');
  const meta = record(root['metadata'], 'metadata');
  if (meta['protocol'] !== 'ec2')
    throw new Error(`metadata.protocol is ${String(meta['protocol'])}, not "ec2"`);
  const metadata: Ec2Metadata = {
    apiVersion: text(meta['apiVersion'], 'metadata.apiVersion'),
    protocol: 'ec2',
    endpointPrefix: text(meta['endpointPrefix'], 'metadata.endpointPrefix'),
    serviceFullName: text(meta['serviceFullName'], 'metadata.serviceFullName'),
    serviceId: typeof meta['serviceId'] === 'string' ? meta['serviceId'] : 'EC2',
    signatureVersion: text(meta['signatureVersion'], 'metadata.signatureVersion'),
    xmlNamespace: text(meta['xmlNamespace'], 'metadata.xmlNamespace'),
  };
  const shapesJson = record(root['shapes'], 'shapes');
  const shapes = Object.keys(shapesJson)
    .sort()
    .map((name) => readShape(name, record(shapesJson[name], `shape ${name}`)));
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  for (const shape of shapes) checkReferences(shape, byName);
  applyBase64Members(byName);

  const operationsJson = record(root['operations'], 'operations');
  const operations = Object.keys(operationsJson)
    .sort()
    .map((name) => readOperation(name, record(operationsJson[name], `operation ${name}`), byName));
  return { metadata, documentation: optionalText(root['documentation']), operations, shapes };
}

function readShape(name: string, json: Json): ShapeIr {
  const where = `shape ${name}`;
  refuseUnknownKeys(json, SHAPE_KEYS, where);
  const type = text(json['type'], `${where}.type`);
  const documentation = optionalText(json['documentation']);
  if (type === 'structure') {
    const membersJson = record(json['members'] ?? {}, `${where}.members`);
    const required = new Set(
      json['required'] === undefined ? [] : stringList(json['required'], `${where}.required`),
    );
    for (const member of required) {
      if (!(member in membersJson)) throw new Error(`${where}: required member "${member}" does not exist`);
    }
    const members = Object.keys(membersJson).map((memberName) =>
      readMember(memberName, record(membersJson[memberName], `${where}.${memberName}`), required, where),
    );
    return { kind: 'structure', name, members, documentation };
  }
  if (type === 'list') {
    const member = record(json['member'], `${where}.member`);
    refuseUnknownKeys(member, MEMBER_KEYS, `${where}.member`);
    const memberXmlName = member['locationName'];
    return {
      kind: 'list',
      name,
      member: text(member['shape'], `${where}.member.shape`),
      ...(typeof memberXmlName === 'string' ? { memberXmlName } : {}),
      documentation,
    };
  }
  if (SCALARS.has(type)) {
    const values = json['enum'];
    if (values !== undefined && type !== 'string') throw new Error(`${where}: an enum must be a string`);
    return {
      kind: type as ScalarKind,
      name,
      ...(values === undefined ? {} : { enum: stringList(values, `${where}.enum`) }),
      documentation,
    };
  }
  throw new Error(`${where}: type "${type}" is not supported by the EC2 generator`);
}

function readMember(name: string, json: Json, required: ReadonlySet<string>, where: string): MemberIr {
  const at = `${where}.${name}`;
  refuseUnknownKeys(json, MEMBER_KEYS, at);
  const locationName = json['locationName'];
  const queryName = json['queryName'];
  if (locationName !== undefined) text(locationName, `${at}.locationName`);
  if (queryName !== undefined) text(queryName, `${at}.queryName`);
  return {
    name,
    shape: text(json['shape'], `${at}.shape`),
    required: required.has(name),
    queryName:
      typeof queryName === 'string'
        ? queryName
        : typeof locationName === 'string'
          ? locationName.charAt(0).toUpperCase() + locationName.slice(1)
          : name,
    xmlName: typeof locationName === 'string' ? locationName : name,
    documentation: optionalText(json['documentation']),
  };
}

function checkReferences(shape: ShapeIr, byName: ReadonlyMap<string, ShapeIr>): void {
  const targets =
    shape.kind === 'structure'
      ? shape.members.map((m) => [`${shape.name}.${m.name}`, m.shape] as const)
      : shape.kind === 'list'
        ? [[`${shape.name}.member`, shape.member] as const]
        : [];
  for (const [where, target] of targets) {
    if (!byName.has(target)) throw new Error(`${where} targets the shape "${target}", which does not exist`);
  }
}

function applyBase64Members(byName: ReadonlyMap<string, ShapeIr>): void {
  for (const [shapeName, memberName] of BASE64_MEMBERS) {
    const shape = byName.get(shapeName);
    const member = shape?.kind === 'structure' ? shape.members.find((m) => m.name === memberName) : undefined;
    // A later model may drop or retype it: then there is nothing to customise.
    if (member === undefined || byName.get(member.shape)?.kind !== 'string') continue;
    member.base64 = true;
  }
}

function readOperation(name: string, json: Json, byName: ReadonlyMap<string, ShapeIr>): OperationIr {
  const where = `operation ${name}`;
  refuseUnknownKeys(json, OPERATION_KEYS, where);
  if (json['name'] !== name) throw new Error(`${where}: its "name" is ${JSON.stringify(json['name'])}`);
  const http = record(json['http'] ?? {}, `${where}.http`);
  if ((http['method'] ?? 'POST') !== 'POST' || (http['requestUri'] ?? '/') !== '/') {
    throw new Error(`${where}: only POST / is supported by the EC2 Query protocol`);
  }
  const structureAt = (key: 'input' | 'output') => {
    if (json[key] === undefined) return undefined;
    const ref = record(json[key], `${where}.${key}`);
    const shape = text(ref['shape'], `${where}.${key}.shape`);
    if (byName.get(shape)?.kind !== 'structure') {
      throw new Error(`${where}.${key} targets "${shape}", which is not a structure`);
    }
    return shape;
  };
  const input = structureAt('input');
  const output = structureAt('output');
  return {
    name,
    ...(input === undefined ? {} : { input }),
    ...(output === undefined ? {} : { output }),
    documentation: optionalText(json['documentation']),
  };
}

function readPaginators(
  json: unknown,
  operations: readonly OperationIr[],
  shapes: ReadonlyMap<string, ShapeIr>,
): PaginatorIr[] {
  const pagination = record(record(json, 'the paginators file')['pagination'], 'pagination');
  return Object.keys(pagination)
    .sort()
    .map((operation) => {
      const where = `pagination.${operation}`;
      const entry = record(pagination[operation], where);
      const op = operations.find((o) => o.name === operation);
      if (op === undefined) throw new Error(`${where}: no such operation`);
      const paginator: PaginatorIr = {
        operation,
        inputToken: text(entry['input_token'], `${where}.input_token`),
        outputToken: text(entry['output_token'], `${where}.output_token`),
        ...(entry['limit_key'] === undefined
          ? {}
          : { limitKey: text(entry['limit_key'], `${where}.limit_key`) }),
        resultKey: text(entry['result_key'], `${where}.result_key`),
      };
      const has = (shapeName: string | undefined, member: string) => {
        const shape = shapeName === undefined ? undefined : shapes.get(shapeName);
        return shape?.kind === 'structure' && shape.members.some((m) => m.name === member);
      };
      for (const [key, member] of [
        ['input_token', paginator.inputToken],
        ['limit_key', paginator.limitKey],
      ] as const) {
        if (member !== undefined && !has(op.input, member)) {
          throw new Error(`${where}.${key}: ${op.input ?? 'the input'} has no member "${member}"`);
        }
      }
      for (const [key, member] of [
        ['output_token', paginator.outputToken],
        ['result_key', paginator.resultKey],
      ] as const) {
        if (!has(op.output, member)) {
          throw new Error(`${where}.${key}: ${op.output ?? 'the output'} has no member "${member}"`);
        }
      }
      return paginator;
    });
}

const STATES = new Set(['success', 'failure', 'retry']);
const MATCHERS = new Set(['path', 'pathAll', 'pathAny', 'error', 'status']);

function readWaiters(json: unknown, operations: ReadonlySet<string>): WaiterIr[] {
  const root = record(json, 'the waiters file');
  if (root['version'] !== 2) throw new Error(`version is ${String(root['version'])}, not 2`);
  const waiters = record(root['waiters'], 'waiters');
  return Object.keys(waiters)
    .sort()
    .map((name) => {
      const where = `waiters.${name}`;
      const entry = record(waiters[name], where);
      const operation = text(entry['operation'], `${where}.operation`);
      if (!operations.has(operation)) throw new Error(`${where}.operation: no operation "${operation}"`);
      const acceptorsJson = entry['acceptors'];
      if (!Array.isArray(acceptorsJson) || acceptorsJson.length === 0) {
        throw new Error(`${where}.acceptors must be a non-empty list`);
      }
      const acceptors = acceptorsJson.map((item, index): AcceptorIr => {
        const at = `${where}.acceptors[${index}]`;
        const acceptor = record(item, at);
        const state = text(acceptor['state'], `${at}.state`);
        const matcher = text(acceptor['matcher'], `${at}.matcher`);
        if (!STATES.has(state)) throw new Error(`${at}.state "${state}" is not success, failure or retry`);
        if (!MATCHERS.has(matcher)) throw new Error(`${at}.matcher "${matcher}" is not supported`);
        const expected = acceptor['expected'];
        if (typeof expected !== 'string' && typeof expected !== 'number' && typeof expected !== 'boolean') {
          throw new Error(`${at}.expected must be a string, number or boolean`);
        }
        const argument = acceptor['argument'];
        if (matcher.startsWith('path') && typeof argument !== 'string') {
          throw new Error(`${at}: a ${matcher} matcher needs an "argument"`);
        }
        return {
          state: state as AcceptorIr['state'],
          matcher: matcher as AcceptorIr['matcher'],
          ...(typeof argument === 'string' ? { argument } : {}),
          expected,
        };
      });
      const description = entry['description'];
      return {
        name,
        operation,
        delay: positive(entry['delay'], `${where}.delay`),
        maxAttempts: positive(entry['maxAttempts'], `${where}.maxAttempts`),
        ...(typeof description === 'string' ? { description } : {}),
        acceptors,
      };
    });
}

function refuseUnknownKeys(json: Json, known: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(json)) {
    if (!known.has(key)) throw new Error(`${where}: "${key}" is not supported by the EC2 generator`);
  }
}

function record(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be an object`);
  }
  return value as Json;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`);
  return value;
}

function optionalText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${what} must be a list of strings`);
  }
  return value as string[];
}

function positive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value > 0)) throw new Error(`${what} must be a positive number`);
  return value;
}
