/**
 * The methods of a service as the emitter prints them and the digest records them: name,
 * parameters (types as the alias names of `types.ts`), return type, the aliases behind them, and
 * the table row. Computed once per service IR.
 */
import { camelCase, GeneratorError, pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { BodyIr, FindIr, OperationIr, ServiceIr, VersionRange } from './ir.js';
import { type MethodName, nameService } from './naming.js';

export interface ParamModel {
  name: string;
  type: string;
  required: boolean;
}

/** A type alias of `types.ts`. */
export interface AliasModel {
  name: string;
  type: string;
  doc: string;
}

export interface MethodModel {
  name: string;
  source: MethodName['source'];
  op: OperationIr;
  params: ParamModel[];
  /** `AsyncIterableIterator<ServersItem>` or `Promise<GetServerResult>`. */
  returns: string;
  aliases: AliasModel[];
}

export interface FindModel {
  name: string;
  find: FindIr;
  /** The list method searched and the show method tried first. */
  list: MethodModel;
  show?: MethodModel;
  params: ParamModel[];
  returns: string;
}

export interface ServiceModel {
  service: ServiceIr;
  /** `Compute`, `BlockStorage`: the prefix of the service's interface and constant names. */
  pascal: string;
  methods: MethodModel[];
  finds: FindModel[];
}

/** The name of the call options type in generated code. */
export const CALL_OPTIONS = 'CallOptions';

const models = new WeakMap<ServiceIr, ServiceModel>();

export function serviceModel(service: ServiceIr): ServiceModel {
  let model = models.get(service);
  if (!model) {
    model = buildModel(service);
    models.set(service, model);
  }
  return model;
}

function buildModel(service: ServiceIr): ServiceModel {
  const names = nameService(service, service.names);
  const methods = service.operations.map((op, index) =>
    methodModel(op, names.operations[index] as MethodName),
  );
  const finds = service.finds.map((find, index) => {
    const name = (names.finds[index] as MethodName).name;
    const list = methods.find(
      (method) => method.op.operationId === find.listOperationId && !method.op.action,
    );
    if (!list?.op.list) throw new GeneratorError(`${service.type}: ${name} searches no list operation`);
    const show = find.showOperationId
      ? methods.find((method) => method.op.operationId === find.showOperationId && !method.op.action)
      : undefined;
    const item = `${pascalCase(list.name)}Item`;
    const query = list.params.find((param) => param.name === 'query');
    const params: ParamModel[] = [
      ...list.params.filter((param) => param.name !== 'options' && param.name !== 'query' && param.required),
      { name: 'nameOrId', type: 'string', required: true },
      ...(query ? [{ ...query, required: false }] : []),
      { name: 'options', type: CALL_OPTIONS, required: false },
    ];
    return { name, find, list, ...(show ? { show } : {}), params, returns: `Promise<${item} | undefined>` };
  });
  return { service, pascal: pascalCase(service.property), methods, finds };
}

function methodModel(op: OperationIr, named: MethodName): MethodModel {
  const pascal = pascalCase(named.name);
  const where = `${op.method} ${op.specPath}${op.action ? `#${op.action.name}` : ''}`;
  const aliases: AliasModel[] = [];
  const params: ParamModel[] = [];
  const taken = new Set(['body', 'query', 'headers', 'options']);
  for (const param of op.pathParams) {
    const name = safeIdentifier(camelCase(param.name) || param.name);
    if (taken.has(name)) {
      throw new GeneratorError(
        `${where}: path parameter {${param.name}} would be named like another parameter`,
      );
    }
    taken.add(name);
    params.push({ name, type: 'string', required: true });
  }
  const wire = `'${op.specPath}', '${op.method.toLowerCase()}'`;
  const optional: ParamModel[] = [];
  const add = (param: ParamModel) => (param.required ? params.push(param) : optional.push(param));
  const body = requestType(op.request);
  if (body !== undefined) {
    aliases.push({ name: `${pascal}Body`, type: body, doc: `What \`${named.name}\` sends.` });
    add({ name: 'body', type: `${pascal}Body`, required: op.request?.required ?? false });
  }
  if (op.queryParams.length > 0) {
    aliases.push({
      name: `${pascal}Query`,
      type: `QueryOf<${wire}>`,
      doc: `The query of \`${named.name}\`.`,
    });
    add({ name: 'query', type: `${pascal}Query`, required: op.queryParams.some((param) => param.required) });
  }
  if (op.headerParams.length > 0) {
    aliases.push({
      name: `${pascal}Headers`,
      type: `HeadersOf<${wire}>`,
      doc: `Headers of \`${named.name}\`.`,
    });
    add({
      name: 'headers',
      type: `${pascal}Headers`,
      required: op.headerParams.some((param) => param.required),
    });
  }
  params.push(...optional, { name: 'options', type: CALL_OPTIONS, required: false });
  let returns: string;
  if (op.list && op.response) {
    aliases.push({
      name: `${pascal}Item`,
      type: `ListItem<${schemaText(op.response.type)}, '${op.list.key}'>`,
      doc: `One item of \`${named.name}\`.`,
    });
    returns = `AsyncIterableIterator<${pascal}Item>`;
  } else {
    const result = op.method === 'HEAD' ? undefined : responseType(op.response);
    if (result === undefined) {
      returns = 'Promise<void>';
    } else {
      aliases.push({ name: `${pascal}Result`, type: result, doc: `What \`${named.name}\` resolves to.` });
      returns = `Promise<${pascal}Result>`;
    }
  }
  return { name: named.name, source: named.source, op, params, returns, aliases };
}

/** `components['schemas']['X']` → `Schemas['X']`, the alias `types.ts` declares. */
export function schemaText(type: string): string {
  return type.replace(/components\['schemas'\]/g, 'Schemas');
}

function requestType(body: BodyIr | undefined): string | undefined {
  if (!body || body.empty) return undefined;
  switch (body.encoding) {
    case 'binary':
      return 'BinaryBody';
    case 'json-patch':
      return 'JsonPatch';
    case 'text':
      return 'string';
    case 'json':
      return body.key === undefined
        ? schemaText(body.type)
        : `Unwrap<${schemaText(body.type)}, '${body.key}'>`;
  }
}

function responseType(body: BodyIr | undefined): string | undefined {
  if (!body) return undefined;
  switch (body.encoding) {
    case 'binary':
      return 'BinaryResponse';
    case 'json-patch':
    case 'text':
      return 'string';
    case 'json':
      return body.key === undefined
        ? schemaText(body.type)
        : `Unwrap<${schemaText(body.type)}, '${body.key}'>`;
  }
}

/** `2.73`, `2.1–2.35`, `up to 2.35`, `2.73 and later`. */
export function rangeText(range: VersionRange): string {
  if (range.min !== undefined && range.max !== undefined) {
    return range.min === range.max ? range.min : `${range.min}–${range.max}`;
  }
  if (range.min !== undefined) return `${range.min} and later`;
  if (range.max !== undefined) return `up to ${range.max}`;
  return 'any';
}
