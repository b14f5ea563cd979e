/**
 * The methods of a service as the emitter prints them and the digest records them: name,
 * parameters (types as the alias names of `types.ts`), return type, the aliases behind them, and
 * the table row. Computed once per service IR.
 */
import { camelCase, GeneratorError, pascalCase, safeIdentifier } from '@overcast/generator-core';
import type { BodyIr, FindIr, OperationIr, ServiceIr, VersionRange } from './ir.js';
import { flatText } from './literal.js';
import { type MethodName, nameService } from './naming.js';
import { branchTuple, fieldTree } from './versioned.js';

export interface ParamModel {
  name: string;
  type: string;
  required: boolean;
}

/** A type alias of `types.ts`. */
export interface AliasModel {
  name: string;
  /** On one line. */
  type: string;
  doc: string;
  /** `V extends string`: the alias is generic. */
  typeParameters?: string[];
  /** A type literal given as a plain value (`type` is its text), printed as the tables are. */
  literal?: unknown;
}

export interface MethodModel {
  name: string;
  source: MethodName['source'];
  op: OperationIr;
  params: ParamModel[];
  /** `AsyncIterableIterator<ServersItem>` or `Promise<GetServerResult>`. */
  returns: string;
  aliases: AliasModel[];
  /**
   * The alias of the answer at microversion `V` (`GetServerResultAt`) when the answer differs by
   * microversion: the method is then generic in `V`, the type of `options.microversion`.
   */
  atMicroversion?: string;
}

export interface FindModel {
  name: string;
  find: FindIr;
  /** The list method searched and the show method tried first. */
  list: MethodModel;
  show?: MethodModel;
  params: ParamModel[];
  returns: string;
  /** The list's `atMicroversion`: the find is generic in `V` as the list is. */
  atMicroversion?: string;
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

/** The type parameter of a method typed by microversion: the literal given as `options.microversion`. */
export const MICROVERSION_PARAMETER = 'V';

/** The call options of a method typed by microversion. */
const VERSIONED_OPTIONS = `${CALL_OPTIONS}<${MICROVERSION_PARAMETER}>`;

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
    methodModel(op, names.operations[index] as MethodName, service.microversion?.max),
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
    const item = list.atMicroversion
      ? `${list.atMicroversion}<${MICROVERSION_PARAMETER}>`
      : `${pascalCase(list.name)}Item`;
    const query = list.params.find((param) => param.name === 'query');
    const params: ParamModel[] = [
      ...list.params.filter((param) => param.name !== 'options' && param.name !== 'query' && param.required),
      { name: 'nameOrId', type: 'string', required: true },
      ...(query ? [{ ...query, required: false }] : []),
      { name: 'options', type: list.atMicroversion ? VERSIONED_OPTIONS : CALL_OPTIONS, required: false },
    ];
    return {
      name,
      find,
      list,
      ...(show ? { show } : {}),
      params,
      returns: `Promise<${item} | undefined>`,
      ...(list.atMicroversion ? { atMicroversion: list.atMicroversion } : {}),
    };
  });
  return { service, pascal: pascalCase(service.property), methods, finds };
}

/** `microversion`: the service's highest, when it has microversions (its answers may differ by them). */
function methodModel(op: OperationIr, named: MethodName, microversion: string | undefined): MethodModel {
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
  let returns: string;
  let atMicroversion: string | undefined;
  /** The answer's type: `base`, or `<base>At<V>` where it differs by microversion. */
  const answer = (base: string, doc: string, branchType?: (type: string) => string): string => {
    const versioned =
      microversion !== undefined && op.response
        ? versionedAliases({ base, doc, example: microversion }, op.response, branchType)
        : [];
    aliases.push(...versioned);
    if (versioned.length === 0) return base;
    atMicroversion = `${base}At`;
    return `${atMicroversion}<${MICROVERSION_PARAMETER}>`;
  };
  if (op.list && op.response) {
    aliases.push({
      name: `${pascal}Item`,
      type: `ListItem<${schemaText(op.response.type)}, '${op.list.key}'>`,
      doc: `One item of \`${named.name}\`.`,
    });
    returns = `AsyncIterableIterator<${answer(`${pascal}Item`, `One item of \`${named.name}\``)}>`;
  } else {
    const result = op.method === 'HEAD' ? undefined : responseType(op.response);
    if (result === undefined) {
      returns = 'Promise<void>';
    } else {
      aliases.push({ name: `${pascal}Result`, type: result, doc: `What \`${named.name}\` resolves to.` });
      const unwrap = (type: string) => unwrapped(type, op.response?.key);
      returns = `Promise<${answer(`${pascal}Result`, `What \`${named.name}\` resolves to`, unwrap)}>`;
    }
  }
  params.push(...optional, {
    name: 'options',
    type: atMicroversion ? VERSIONED_OPTIONS : CALL_OPTIONS,
    required: false,
  });
  return {
    name: named.name,
    source: named.source,
    op,
    params,
    returns,
    aliases,
    ...(atMicroversion ? { atMicroversion } : {}),
  };
}

/**
 * `<base>At<V>`, the answer `base` at microversion `V`, with the literals it reads (`<base>Fields`,
 * `<base>Branches`), when the JSON body differs by microversion; else nothing. `doc` says what
 * `base` is, `example` is a microversion of the service for the docs; `branchType` turns a
 * branch's wire type into the answer's (unwrapped), without it branches are not told apart.
 */
function versionedAliases(
  { base, doc, example }: { base: string; doc: string; example: string },
  body: BodyIr,
  branchType?: (type: string) => string,
): AliasModel[] {
  if (body.encoding !== 'json') return [];
  const tree = body.fields ? fieldTree(body.fields) : undefined;
  const branches = branchType ? branchTuple(body, branchType) : undefined;
  if (!tree && !branches) return [];
  const aliases: AliasModel[] = [];
  let type = base;
  const parts: string[] = [];
  if (branches) {
    aliases.push({
      name: `${base}Branches`,
      type: flatText(branches, ';'),
      literal: branches,
      doc: `The branches of \`${base}\` by microversion (the spec's \`oneOf\`), each with its range.`,
    });
    type = `BranchesAt<${MICROVERSION_PARAMETER}, ${base}, ${base}Branches>`;
    parts.push(`the branches of \`${base}Branches\` whose range holds \`V\``);
  }
  if (tree) {
    aliases.push({
      name: `${base}Fields`,
      type: flatText(tree, ';'),
      literal: tree,
      doc:
        `The fields of \`${base}\` that exist only in some microversions (the spec's \`x-openstack\` ` +
        'ranges), by name, with the fields under them.',
    });
    type = `AtMicroversion<${type}, ${MICROVERSION_PARAMETER}, ${base}Fields>`;
    parts.push(`without the fields \`${base}Fields\` places outside \`V\``);
  }
  aliases.push({
    name: `${base}At`,
    type,
    typeParameters: [`${MICROVERSION_PARAMETER} extends string`],
    doc:
      `${doc} at microversion \`V\`, the literal given as \`options.microversion\` (\`'${example}'\`): ` +
      `${parts.join(', ')}. With no such literal (\`string\`, \`'latest'\`: the version the server ` +
      `uses is unknown when compiling), \`${base}\` as is.`,
  });
  return aliases;
}

/** `components['schemas']['X']` → `Schemas['X']`, the alias `types.ts` declares. */
export function schemaText(type: string): string {
  return type.replace(/components\['schemas'\]/g, 'Schemas');
}

/** A JSON body's wire type without its wrapper key, when it has one. */
function unwrapped(type: string, key: string | undefined): string {
  return key === undefined ? schemaText(type) : `Unwrap<${schemaText(type)}, '${key}'>`;
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
      return unwrapped(body.type, body.key);
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
      return unwrapped(body.type, body.key);
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
