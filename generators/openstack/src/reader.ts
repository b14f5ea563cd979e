/**
 * The pinned OpenAPI specs (+ naming metadata) → OpenStack IR. Per service of `SERVICES`:
 * - the wire types from openapi-typescript (which drops `x-openstack`);
 * - its own pass over the YAML for what types cannot say: microversion ranges (operations,
 *   parameters, fields, `oneOf` branches), action bodies (`discriminator: action`, `action-name`),
 *   request/response wrapper keys, path/query/header parameters, list keys and next-link fields;
 * - the metadata's resource and operation names, where it has them.
 */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inSchemaFile, readSchemaText } from '@overcast/generator-core';
import { parse } from 'yaml';
import {
  type BodyIr,
  type FindIr,
  HTTP_METHODS,
  type HttpMethod,
  type OpenStackIr,
  type OperationIr,
  type ParamIr,
  type ServiceIr,
  type VersionRange,
} from './ir.js';
import { absoluteLinks } from './links.js';
import { emptyMetadata, type MetadataIndex, metadataKey, readMetadata } from './metadata.js';
import { SERVICES, type ServiceEntry } from './services.js';
import {
  compareVersions,
  isObject,
  type JsonObject,
  objectAt,
  optionalString,
  refName,
  Spec,
  schemaType,
  versionRange,
  widen,
  xOpenStack,
} from './spec.js';
import { wireTypes } from './wire.js';

export async function readOpenStack(
  schemaDir: string,
  services: readonly ServiceEntry[] = SERVICES,
): Promise<OpenStackIr> {
  const read: ServiceIr[] = [];
  for (const entry of services) read.push(await readService(schemaDir, entry));
  return { services: read };
}

export async function readService(schemaDir: string, entry: ServiceEntry): Promise<ServiceIr> {
  const specFile = specFileOf(schemaDir, entry.type);
  const path = join(schemaDir, specFile);
  const document = inSchemaFile(path, () => parseYaml(readSchemaText(schemaDir, specFile)));
  inSchemaFile(path, () => absoluteLinks(document, entry.apiReference, entry.type));
  const metadataFile = `metadata/${entry.type}_metadata.yaml`;
  const metadataPath = join(schemaDir, metadataFile);
  const metadata = existsSync(metadataPath)
    ? inSchemaFile(metadataPath, () =>
        readMetadata(parseYaml(readSchemaText(schemaDir, metadataFile)), entry.type),
      )
    : emptyMetadata();
  const service = inSchemaFile(path, () => serviceFromSpec(entry, specFile, document, metadata));
  const wire = await inSchemaFile(path, () => wireTypes(wireInput(document) as object));
  return { ...service, wire: wire.text, wireTypes: wire.types };
}

/** The one `*.yaml` in the service's folder (`compute/v2.96.yaml`). */
function specFileOf(schemaDir: string, type: string): string {
  const dir = join(schemaDir, type);
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)) : [];
  if (files.length !== 1) {
    throw new Error(
      `${dir}: expected exactly one OpenAPI spec (*.yaml) for the service "${type}", found ${files.length}`,
    );
  }
  return `${type}/${files[0]}`;
}

function parseYaml(text: string): unknown {
  return parse(text, { maxAliasCount: -1 });
}

/** The pure part: a parsed spec and its metadata → the service IR without wire types. */
export function serviceFromSpec(
  entry: ServiceEntry,
  specFile: string,
  document: unknown,
  metadata: MetadataIndex = emptyMetadata(),
): Omit<ServiceIr, 'wire' | 'wireTypes'> {
  const spec = new Spec(document);
  const info = spec.info;
  const title = optionalString(info['title'], 'info.title') ?? entry.type;
  const apiVersion = versionText(info['version']);
  const versionPrefix = versionPrefixOf(Object.keys(spec.paths));
  const read = readOperations(spec, versionPrefix, metadata);
  const operations = foldTwins(
    entry,
    fillEmptyResponses(read.empty, markWrappedBodies(entry, markBinaryRequests(entry, read.operations))),
  );
  return {
    type: entry.type,
    property: entry.property,
    aliases: [...(entry.aliases ?? [])],
    specFile,
    title,
    apiVersion,
    versionPrefix,
    ...(entry.microversion ? { microversion: { ...entry.microversion, max: apiVersion } } : {}),
    operations,
    names: { ...entry.names },
    finds: readFinds(metadata, operations),
  };
}

function versionText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') throw new Error('info.version: expected a version');
  return value;
}

/** The `/vN[.M]` first segment most paths share; '' when there is none. */
export function versionPrefixOf(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const first = /^\/(v\d+(?:\.\d+)?)(?:\/|$)/.exec(path)?.[1];
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [prefix, count] of counts) {
    if (count > bestCount) [best, bestCount] = [`/${prefix}`, count];
  }
  return best;
}

interface ReadOperations {
  operations: OperationIr[];
  /** The operations whose JSON answer the spec gives as an object without properties. */
  empty: Set<OperationIr>;
}

function readOperations(spec: Spec, versionPrefix: string, metadata: MetadataIndex): ReadOperations {
  const operations: OperationIr[] = [];
  const empty = new Set<OperationIr>();
  for (const [specPath, item] of Object.entries(spec.paths)) {
    const pathItem = objectAt(item, `paths["${specPath}"]`);
    for (const method of HTTP_METHODS) {
      const node = pathItem[method.toLowerCase()];
      if (node === undefined) continue;
      const where = `${method} ${specPath}`;
      const operation = objectAt(node, where);
      const read = readOperation(
        spec,
        { specPath, method, where, versionPrefix },
        pathItem,
        operation,
        metadata,
      );
      operations.push(...read);
      const single = read.length === 1 ? read[0] : undefined;
      if (single && !single.action && emptyResponse(spec, operation, where)) empty.add(single);
    }
  }
  return { operations, empty };
}

/**
 * The operation's JSON answers are all objects the spec leaves without properties (Keystone's
 * `UsersPostResponse` is `{ type: object }`, `Record<string, never>` once typed).
 */
function emptyResponse(spec: Spec, operation: JsonObject, where: string): boolean {
  const responses = readResponses(spec, operation, where);
  if (responses.length === 0) return false;
  return responses.every((response) => {
    if (encodingOf(spec, response, where) !== 'json') return false;
    const schema = spec.resolve(response.schema, `${where} response`);
    const type = schemaType(schema);
    return (
      (type === '' || type === 'object') &&
      ['properties', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'items'].every(
        (name) => schema[name] === undefined,
      )
    );
  });
}

interface Place {
  specPath: string;
  method: HttpMethod;
  where: string;
  versionPrefix: string;
}

function readOperation(
  spec: Spec,
  place: Place,
  pathItem: JsonObject,
  operation: JsonObject,
  metadata: MetadataIndex,
): OperationIr[] {
  const { specPath, method, where, versionPrefix } = place;
  const operationId = optionalString(operation['operationId'], `${where} operationId`) ?? '';
  const params = readParams(spec, pathItem, operation, where);
  const inPrefix =
    versionPrefix !== '' && (specPath === versionPrefix || specPath.startsWith(`${versionPrefix}/`));
  const relative = inPrefix ? specPath.slice(versionPrefix.length) || '/' : specPath;
  const summary = optionalString(operation['summary'], `${where} summary`);
  const description = optionalString(operation['description'], `${where} description`);
  const range = versionRange(operation, where);
  const statuses = successStatuses(operation, where);
  const base: OperationIr = {
    operationId,
    method,
    path: relative,
    specPath,
    ...(inPrefix ? {} : { unversioned: true as const }),
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    ...(operation['deprecated'] === true ? { deprecated: true as const } : {}),
    ...(range ? { microversion: range } : {}),
    pathParams: pathParamsOf(
      specPath,
      params.filter((p) => p.in === 'path').map((p) => p.param),
      where,
    ),
    queryParams: params.filter((p) => p.in === 'query').map((p) => p.param),
    headerParams: params.filter((p) => p.in === 'header').map((p) => p.param),
    statuses,
  };

  const requestContent = readContent(spec, operation['requestBody'], `${where} requestBody`);
  const responses = readResponses(spec, operation, where);
  const actionBranches = requestContent ? actionBranchesOf(spec, requestContent.schema, where) : undefined;
  if (actionBranches) {
    return actionBranches.map((branch) => {
      const naming = metadata.operations.get(metadataKey(operationId, branch.name));
      const response = actionResponse(spec, responses, branch.name, wirePathOf(specPath, method), where);
      return {
        ...base,
        ...(branch.summary ? { summary: branch.summary } : {}),
        ...(branch.description ? { description: branch.description } : {}),
        ...(branch.range || base.microversion
          ? { microversion: branch.range ?? (base.microversion as VersionRange) }
          : {}),
        request: branch.body,
        ...(response ? { response } : {}),
        action: { name: branch.name },
        ...(naming ? { naming } : {}),
      };
    });
  }
  const naming = metadata.operations.get(metadataKey(operationId));
  const wirePath = wirePathOf(specPath, method);
  const request = requestContent
    ? requestBody(spec, requestContent, wirePath, `${where} requestBody`)
    : undefined;
  const listing = method === 'GET' ? listShape(spec, responses, relative, naming?.type, where) : undefined;
  const response = responseBody(spec, responses, wirePath, request?.key, listing?.key, where);
  return [
    {
      ...base,
      ...(request ? { request } : {}),
      ...(response ? { response } : {}),
      ...(listing ? { list: listing } : {}),
      ...(naming ? { naming } : {}),
    },
  ];
}

/**
 * The declared path parameters, in path order. Every `{name}` of the path must be declared; a
 * declared path parameter the path does not hold (network's lists declare an `id`) is a defect of
 * the spec and is dropped: it could never be sent.
 */
function pathParamsOf(path: string, params: readonly ParamIr[], where: string): ParamIr[] {
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  return inPath.map((name) => {
    const param = params.find((candidate) => candidate.name === name);
    if (!param) throw new Error(`${where}: path parameter {${name}} is not declared`);
    return param;
  });
}

// ——— parameters

interface PlacedParam {
  in: 'path' | 'query' | 'header';
  param: ParamIr;
}

/** Path-item parameters overridden by the operation's (same name and place), path ones in path order. */
function readParams(spec: Spec, pathItem: JsonObject, operation: JsonObject, where: string): PlacedParam[] {
  const byKey = new Map<string, PlacedParam>();
  for (const [source, list] of [
    ['path item', pathItem['parameters']],
    ['operation', operation['parameters']],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`${where} ${source} parameters: expected an array`);
    list.forEach((node, index) => {
      const placed = readParam(spec, node, `${where} ${source} parameters[${index}]`);
      if (placed) byKey.set(`${placed.in} ${placed.param.name}`, placed);
    });
  }
  return [...byKey.values()];
}

function readParam(spec: Spec, node: unknown, where: string): PlacedParam | undefined {
  const ref = refName(node, 'parameters');
  const param = spec.resolve(node, where);
  const place = param['in'];
  const name = optionalString(param['name'], `${where} name`);
  if (name === undefined) throw new Error(`${where}: a parameter needs a name`);
  if (place === 'cookie') return undefined;
  if (place !== 'path' && place !== 'query' && place !== 'header') {
    throw new Error(`${where}: parameter "${name}" is in ${JSON.stringify(place)}`);
  }
  const schema = param['schema'] === undefined ? {} : spec.resolve(param['schema'], `${where} schema`);
  const type = schemaType(schema);
  const description = optionalString(param['description'], `${where} description`);
  const range = versionRange(param, where) ?? versionRange(schema, `${where} schema`);
  const x = xOpenStack(param, where);
  const flag = x['is-flag'] === true || type === 'null';
  const array = type === 'array' ? (param['explode'] === false ? 'csv' : 'multi') : undefined;
  return {
    in: place,
    param: {
      name,
      required: place === 'path' || param['required'] === true,
      type,
      ...(description ? { description } : {}),
      ...(range ? { microversion: range } : {}),
      ...(array ? { array } : {}),
      ...(flag && place === 'query' ? { flag: true as const } : {}),
      ...(ref ? { ref } : {}),
    },
  };
}

// ——— bodies

interface Content {
  contentType: string;
  /** The schema node as written (maybe a `$ref`). */
  schema: unknown;
}

/** The one content of a request body or response (JSON preferred), or undefined when it has none. */
function readContent(spec: Spec, node: unknown, where: string): Content | undefined {
  if (node === undefined) return undefined;
  const body = spec.resolve(node, where);
  if (body['content'] === undefined) return undefined;
  const content = objectAt(body['content'], `${where} content`);
  const types = Object.keys(content);
  const contentType = types.includes('application/json') ? 'application/json' : types[0];
  if (contentType === undefined) return undefined;
  const media = objectAt(content[contentType], `${where} content["${contentType}"]`);
  return { contentType, schema: media['schema'] ?? {} };
}

interface Response extends Content {
  status: number;
}

function successStatuses(operation: JsonObject, where: string): number[] {
  const responses =
    operation['responses'] === undefined ? {} : objectAt(operation['responses'], `${where} responses`);
  return Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
}

function readResponses(spec: Spec, operation: JsonObject, where: string): Response[] {
  const responses =
    operation['responses'] === undefined ? {} : objectAt(operation['responses'], `${where} responses`);
  return successStatuses(operation, where).flatMap((status) => {
    const content = readContent(spec, responses[String(status)], `${where} responses[${status}]`);
    return content ? [{ ...content, status }] : [];
  });
}

/** The TypeScript type of a content's schema, relative to the wire module. */
function typeOfContent(content: Content, inline: string): string {
  const name = refName(content.schema, 'schemas');
  return name === undefined ? inline : `components['schemas'][${quote(name)}]`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * How a body is encoded: `binary` for a `format: binary` string (whatever media type the spec
 * declares: Glance's image data is declared as JSON), `json-patch` for `…json-patch` media types,
 * `json` for JSON, `text` for anything else.
 */
function encodingOf(spec: Spec, content: Content, where: string): BodyIr['encoding'] {
  const schema = spec.resolve(content.schema, where);
  if (schema['format'] === 'binary' || content.contentType === 'application/octet-stream') return 'binary';
  if (/json-patch/.test(content.contentType)) return 'json-patch';
  return /^application\/(?:.+\+)?json$/.test(content.contentType) ? 'json' : 'text';
}

function wirePathOf(specPath: string, method: HttpMethod): string {
  return `paths[${quote(specPath)}][${quote(method.toLowerCase())}]`;
}

function requestBody(spec: Spec, content: Content, wirePath: string, where: string): BodyIr {
  const type = typeOfContent(
    content,
    `NonNullable<${wirePath}['requestBody']>['content'][${quote(content.contentType)}]`,
  );
  const encoding = encodingOf(spec, content, where);
  const base = { contentType: content.contentType, encoding, type };
  if (encoding !== 'json') return { ...base, required: true };
  const schema = spec.resolve(content.schema, where);
  const branches = microversionBranches(spec, schema, where);
  const shapes = branches ? branches.map((branch) => branch.schema) : [schema];
  const key = requestKey(spec, shapes, where);
  const siblings = key === undefined ? [] : siblingKeys(spec, shapes, key, where);
  const fields = fieldRanges(spec, branches ?? [{ schema, range: {} }], key, where);
  return {
    ...base,
    ...(key === undefined ? {} : { key }),
    ...(siblings.length > 0 ? { siblings } : {}),
    ...(branches ? versionsOf(branches) : {}),
    ...(fields ? { fields } : {}),
    required: key !== undefined || hasRequired(spec, shapes, where),
  };
}

function hasRequired(spec: Spec, shapes: readonly JsonObject[], where: string): boolean {
  return shapes.some((shape) => {
    const resolved = spec.resolve(shape, where);
    return Array.isArray(resolved['required']) && resolved['required'].length > 0;
  });
}

interface MicroversionBranch {
  schema: JsonObject;
  range: VersionRange;
  /** `components['schemas']['X']` when the branch is a named schema. */
  type?: string;
}

/** The branches of a `oneOf` marked `discriminator: microversion`, with their ranges. */
function microversionBranches(
  spec: Spec,
  schema: JsonObject,
  where: string,
): MicroversionBranch[] | undefined {
  if (xOpenStack(schema, where)['discriminator'] !== 'microversion') return undefined;
  const oneOf = schema['oneOf'];
  if (!Array.isArray(oneOf)) throw new Error(`${where}: discriminator microversion without oneOf`);
  return oneOf.map((node, index) => {
    const branch = spec.resolve(node, `${where} oneOf[${index}]`);
    const name = refName(node, 'schemas');
    return {
      schema: branch,
      range: versionRange(branch, `${where} oneOf[${index}]`) ?? {},
      ...(name === undefined ? {} : { type: `components['schemas'][${quote(name)}]` }),
    };
  });
}

/** The `versions` of a body (and its `branchTypes` when every branch is named). */
function versionsOf(branches: readonly MicroversionBranch[]): Pick<BodyIr, 'versions' | 'branchTypes'> {
  const types = branches.flatMap((branch) => (branch.type === undefined ? [] : [branch.type]));
  return {
    versions: branches.map((branch) => branch.range),
    ...(types.length === branches.length ? { branchTypes: types } : {}),
  };
}

function propertiesOf(spec: Spec, schema: JsonObject, where: string): JsonObject {
  const resolved = spec.resolve(schema, where);
  return resolved['properties'] === undefined ? {} : objectAt(resolved['properties'], `${where} properties`);
}

function isContainer(spec: Spec, node: unknown, where: string): boolean {
  const schema = spec.resolve(node, where);
  const type = schemaType(schema);
  return (
    /(^|\|)(object|array)(\||$)/.test(type) ||
    schema['properties'] !== undefined ||
    schema['oneOf'] !== undefined
  );
}

/**
 * The wrapper key of a request (`{ "server": {…} }`): the property every shape has that is an
 * object or array and is the only property, or the only required one.
 */
function requestKey(spec: Spec, shapes: readonly JsonObject[], where: string): string | undefined {
  const keys = shapes.map((shape) => {
    const properties = propertiesOf(spec, shape, where);
    const names = Object.keys(properties);
    const required = Array.isArray(shape['required'])
      ? shape['required'].filter((name): name is string => typeof name === 'string' && name in properties)
      : [];
    const candidate = names.length === 1 ? names[0] : required.length === 1 ? required[0] : undefined;
    return candidate !== undefined && isContainer(spec, properties[candidate], `${where} ${candidate}`)
      ? candidate
      : undefined;
  });
  const first = keys[0];
  return first !== undefined && keys.every((key) => key === first) ? first : undefined;
}

function siblingKeys(spec: Spec, shapes: readonly JsonObject[], key: string, where: string): string[] {
  const names = new Set<string>();
  for (const shape of shapes) {
    for (const name of Object.keys(propertiesOf(spec, shape, where))) if (name !== key) names.add(name);
  }
  return [...names];
}

/** The shapes a response body may take: the branches of a `oneOf`, or the schema itself. */
function responseShapes(spec: Spec, content: Content, where: string): JsonObject[] {
  const schema = spec.resolve(content.schema, where);
  if (!Array.isArray(schema['oneOf'])) return [schema];
  return schema['oneOf'].map((node, index) => spec.resolve(node, `${where} oneOf[${index}]`));
}

function responseBody(
  spec: Spec,
  responses: readonly Response[],
  wirePath: string,
  requestKey: string | undefined,
  listKey: string | undefined,
  where: string,
): BodyIr | undefined {
  if (responses.length === 0) return undefined;
  const types = unique(
    responses.map((response) =>
      typeOfContent(
        response,
        `${wirePath}['responses'][${response.status}]['content'][${quote(response.contentType)}]`,
      ),
    ),
  );
  const type = types.join(' | ');
  const contentTypes = unique(responses.map((response) => response.contentType));
  const contentType = contentTypes.join(', ');
  const encodings = unique(responses.map((response) => encodingOf(spec, response, where)));
  const encoding = encodings.length === 1 ? (encodings[0] as BodyIr['encoding']) : 'text';
  if (encoding !== 'json') return { contentType, encoding, type };
  const shapes = responses.flatMap((response) => responseShapes(spec, response, `${where} response`));
  const key = listKey ?? responseKey(spec, shapes, requestKey, where);
  // One answer (whatever the status) that is a `oneOf` by microversion: its branches' ranges.
  const branches =
    types.length === 1
      ? microversionBranches(spec, spec.resolve(responses[0]?.schema, `${where} response`), where)
      : undefined;
  const fields = fieldRanges(
    spec,
    branches ?? shapes.map((shape) => ({ schema: shape, range: {} })),
    key,
    where,
    listKey !== undefined,
  );
  return {
    contentType,
    encoding,
    type,
    ...(key === undefined ? {} : { key }),
    ...(branches ? versionsOf(branches) : {}),
    ...(fields ? { fields } : {}),
  };
}

/**
 * The wrapper key of an answer: the single container property every shape has alone, else the
 * request's key where some shape has it (the others are answered as they are).
 */
function responseKey(
  spec: Spec,
  shapes: readonly JsonObject[],
  requestKey: string | undefined,
  where: string,
): string | undefined {
  const singles = shapes.map((shape) => {
    const properties = propertiesOf(spec, shape, where);
    const names = Object.keys(properties);
    return names.length === 1 && isContainer(spec, properties[names[0] as string], where)
      ? names[0]
      : undefined;
  });
  const first = singles[0];
  if (first !== undefined && singles.every((key) => key === first)) return first;
  if (requestKey !== undefined && shapes.some((shape) => requestKey in propertiesOf(spec, shape, where))) {
    return requestKey;
  }
  return undefined;
}

/** A GET answering `{ <key>: [...], <key>_links | links | next }` lists a collection. */
function listShape(
  spec: Spec,
  responses: readonly Response[],
  path: string,
  metadataType: string | undefined,
  where: string,
): OperationIr['list'] {
  // An item path is never a list; the metadata may say a list (or a get) where the rule would not.
  if (metadataType === undefined ? /\}$/.test(path) : metadataType !== 'list') return undefined;
  const json = responses.filter((response) => response.contentType === 'application/json');
  if (json.length !== 1) return undefined;
  const shapes = responseShapes(spec, json[0] as Response, where);
  if (shapes.length !== 1) return undefined;
  const properties = propertiesOf(spec, shapes[0] as JsonObject, where);
  const arrays = Object.keys(properties).filter((name) => {
    if (name === 'links' || name.endsWith('_links')) return false;
    return /(^|\|)array(\||$)/.test(schemaType(spec.resolve(properties[name], `${where} ${name}`)));
  });
  if (arrays.length !== 1) return undefined;
  const key = arrays[0] as string;
  const nextLink = [`${key}_links`, 'links', 'next'].find((name) => name in properties);
  return { key, ...(nextLink ? { nextLink } : {}) };
}

// ——— actions

interface ActionBranch {
  name: string;
  summary?: string;
  description?: string;
  range?: VersionRange;
  body: BodyIr;
}

/** The branches of a request body marked `discriminator: action`, or undefined for other bodies. */
function actionBranchesOf(spec: Spec, node: unknown, where: string): ActionBranch[] | undefined {
  const schema = spec.resolve(node, `${where} requestBody`);
  if (xOpenStack(schema, where)['discriminator'] !== 'action') return undefined;
  const oneOf = schema['oneOf'];
  if (!Array.isArray(oneOf)) throw new Error(`${where}: discriminator action without oneOf`);
  const seen = new Set<string>();
  return oneOf.map((branchNode, index) => {
    const at = `${where} action oneOf[${index}]`;
    const branch = spec.resolve(branchNode, at);
    const name = optionalString(xOpenStack(branch, at)['action-name'], `${at} action-name`);
    if (name === undefined) throw new Error(`${at}: an action branch needs x-openstack action-name`);
    if (seen.has(name)) throw new Error(`${at}: action "${name}" appears twice`);
    seen.add(name);
    const properties = propertiesOf(spec, branch, at);
    const schemaName = refName(branchNode, 'schemas');
    if (schemaName === undefined) throw new Error(`${at}: an action branch must be a $ref to a schema`);
    const type = `components['schemas'][${quote(schemaName)}]`;
    // Most branches are `{ "<action>": value }`; a few spell the key differently or leave it out.
    const value = properties[name];
    const empty = value === undefined || schemaType(spec.resolve(value, at)) === 'null';
    const fields =
      value === undefined ? undefined : fieldRanges(spec, [{ schema: branch, range: {} }], name, at);
    const summary = optionalString(branch['summary'], `${at} summary`);
    const description = optionalString(branch['description'], `${at} description`);
    const range = versionRange(branch, at);
    const body: BodyIr = {
      contentType: 'application/json',
      encoding: 'json',
      type,
      key: name,
      ...(empty ? { empty: true as const } : {}),
      ...(fields ? { fields } : {}),
      required: !empty && isRequiredValue(spec, branch, name, at),
    };
    return {
      name,
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      ...(range ? { range } : {}),
      body,
    };
  });
}

/** The action's value must be given: it is not nullable and has required members (or is no object). */
function isRequiredValue(spec: Spec, branch: JsonObject, name: string, where: string): boolean {
  const value = spec.resolve(propertiesOf(spec, branch, where)[name], where);
  const type = schemaType(value);
  if (/(^|\|)null(\||$)/.test(type)) return false;
  if (/(^|\|)object(\||$)/.test(type) || value['properties'] !== undefined) {
    return Array.isArray(value['required']) && value['required'].length > 0;
  }
  return true;
}

/** The answer of one action: the response branch with its action-name, else nothing typed. */
function actionResponse(
  spec: Spec,
  responses: readonly Response[],
  action: string,
  wirePath: string,
  where: string,
): BodyIr | undefined {
  for (const response of responses) {
    const schema = spec.resolve(response.schema, `${where} response`);
    const oneOf = Array.isArray(schema['oneOf']) ? schema['oneOf'] : undefined;
    if (!oneOf) {
      // One schema for every action of the operation: only when it says it is this action's.
      const name = optionalString(xOpenStack(schema, where)['action-name'], `${where} action-name`);
      if (name === action) return responseBody(spec, [response], wirePath, undefined, undefined, where);
      continue;
    }
    for (const node of oneOf) {
      const branch = spec.resolve(node, `${where} response oneOf`);
      if (xOpenStack(branch, where)['action-name'] !== action) continue;
      const schemaName = refName(node, 'schemas');
      const properties = Object.keys(propertiesOf(spec, branch, where));
      if (properties.length === 0) return undefined;
      const branchContent: Response = { ...response, schema: node };
      const type = schemaName
        ? `components['schemas'][${quote(schemaName)}]`
        : typeOfContent(branchContent, 'unknown');
      const body = responseBody(spec, [branchContent], wirePath, undefined, undefined, where);
      return body ? { ...body, type } : undefined;
    }
  }
  return undefined;
}

// ——— microversion ranges of fields

/**
 * Fields that exist only in some microversions: per branch, a field's range is its own
 * `x-openstack` range within the branch's; across branches the ranges are joined; a field whose
 * joined range is the whole of the body's is not listed. Paths are dotted under `key` (or under the
 * list items when `items`), `[]` marking array items.
 */
function fieldRanges(
  spec: Spec,
  branches: readonly { schema: JsonObject; range: VersionRange }[],
  key: string | undefined,
  where: string,
  items = false,
): Record<string, VersionRange> | undefined {
  const perField = new Map<string, { range: VersionRange; count: number }>();
  const whole = branches.reduce<VersionRange | undefined>(
    (all, branch) => (all === undefined ? branch.range : widen(all, branch.range)),
    undefined,
  );
  for (const branch of branches) {
    let root: unknown = branch.schema;
    if (key !== undefined) root = propertiesOf(spec, branch.schema, where)[key];
    if (root === undefined) continue;
    if (items) root = spec.resolve(root, where)['items'];
    if (root === undefined) continue;
    const found = new Map<string, VersionRange>();
    walkFields(spec, root, '', branch.range, found, new Set(), 0, where);
    for (const [path, range] of found) {
      const known = perField.get(path);
      perField.set(
        path,
        known ? { range: widen(known.range, range), count: known.count + 1 } : { range, count: 1 },
      );
    }
  }
  const result: Record<string, VersionRange> = {};
  for (const [path, { range }] of perField) {
    if (!sameRange(range, whole ?? {})) result[path] = range;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const MAX_FIELD_DEPTH = 6;

function walkFields(
  spec: Spec,
  node: unknown,
  prefix: string,
  within: VersionRange,
  found: Map<string, VersionRange>,
  refs: Set<string>,
  depth: number,
  where: string,
): void {
  if (depth > MAX_FIELD_DEPTH || !isObject(node)) return;
  const ref = typeof node['$ref'] === 'string' ? node['$ref'] : undefined;
  if (ref !== undefined) {
    if (refs.has(ref)) return;
    refs = new Set(refs).add(ref);
  }
  const schema = spec.resolve(node, where);
  if (schema['items'] !== undefined) {
    walkFields(spec, schema['items'], `${prefix}[]`, within, found, refs, depth + 1, where);
  }
  for (const combinator of ['allOf', 'anyOf'] as const) {
    const parts = schema[combinator];
    if (Array.isArray(parts)) {
      for (const part of parts) walkFields(spec, part, prefix, within, found, refs, depth + 1, where);
    }
  }
  const properties = schema['properties'];
  if (!isObject(properties)) return;
  for (const [name, property] of Object.entries(properties)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const own = isObject(property)
      ? versionRange(spec.resolve(property, where), `${where} ${path}`)
      : undefined;
    const range = own ? intersect(within, own) : within;
    const known = found.get(path);
    found.set(path, known ? widen(known, range) : range);
    walkFields(spec, property, path, range, found, refs, depth + 1, where);
  }
}

function intersect(a: VersionRange, b: VersionRange): VersionRange {
  const min = a.min === undefined ? b.min : b.min === undefined ? a.min : maxOf(a.min, b.min);
  const max = a.max === undefined ? b.max : b.max === undefined ? a.max : minOf(a.max, b.max);
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

const maxOf = (a: string, b: string) => (compareVersions(a, b) >= 0 ? a : b);
const minOf = (a: string, b: string) => (compareVersions(a, b) <= 0 ? a : b);

function sameRange(a: VersionRange, b: VersionRange): boolean {
  return a.min === b.min && a.max === b.max;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

// ——— twins and finds

/** The requests the service entry says are bytes (`binaryRequests`). */
function markBinaryRequests(entry: ServiceEntry, operations: OperationIr[]): OperationIr[] {
  for (const key of entry.binaryRequests ?? []) {
    const matching = operations.filter((op) => `${op.method} ${op.specPath}` === key);
    if (matching.length === 0) throw new Error(`binaryRequests: "${key}" matches no operation`);
    for (const op of matching) {
      op.request = {
        contentType: 'application/octet-stream',
        encoding: 'binary',
        type: op.request?.type ?? 'unknown',
        required: true,
      };
    }
  }
  return operations;
}

/** The wrapper keys the service entry gives where the spec has none (`wrappedBodies`). */
function markWrappedBodies(entry: ServiceEntry, operations: OperationIr[]): OperationIr[] {
  for (const [key, wrapper] of Object.entries(entry.wrappedBodies ?? {})) {
    const matching = operations.filter((op) => `${op.method} ${op.specPath}` === key && !op.action);
    if (matching.length === 0) throw new Error(`wrappedBodies: "${key}" matches no operation`);
    for (const op of matching) {
      if (op.request?.encoding === 'json' && op.request.key === undefined) op.request.key = wrapper;
      if (op.response?.encoding === 'json' && op.response.key === undefined) op.response.key = wrapper;
    }
  }
  return operations;
}

/**
 * Types the answers the spec leaves empty (see `emptyResponse`), after `wrappedBodies`:
 * - a request sent under a key is answered under the same key (Keystone's `POST /v3/users` sends
 *   and answers `{"user": …}`): the answer is the matching GET item's (the GET of `<path>/{id}`
 *   for a create, of the same path otherwise) where that GET answers under the same key, else the
 *   request's value;
 * - a PATCH or DELETE of an item without a request key answers what the GET of the same path
 *   answers, where that GET's answer is typed.
 * Any other empty answer stays as the spec gives it.
 */
function fillEmptyResponses(empty: ReadonlySet<OperationIr>, operations: OperationIr[]): OperationIr[] {
  const typedGets = new Map<string, BodyIr>();
  for (const op of operations) {
    if (op.method !== 'GET' || op.action || op.list || empty.has(op)) continue;
    if (op.response?.encoding === 'json' && op.response.key !== undefined)
      typedGets.set(op.specPath, op.response);
  }
  const itemGet = (path: string, key: string | undefined): BodyIr | undefined => {
    const get = typedGets.get(path);
    return get && (key === undefined || get.key === key) ? get : undefined;
  };
  for (const op of operations) {
    if (!empty.has(op) || op.response?.encoding !== 'json') continue;
    const requestKey = op.request?.encoding === 'json' ? op.request.key : undefined;
    if (requestKey !== undefined && op.request) {
      const item = /\}$/.test(op.specPath)
        ? itemGet(op.specPath, requestKey)
        : [...typedGets.keys()]
            .filter(
              (path) => /^\/\{[^/}]+\}$/.test(path.slice(op.specPath.length)) && path.startsWith(op.specPath),
            )
            .map((path) => itemGet(path, requestKey))
            .find((body) => body !== undefined);
      const type = item?.type ?? op.request.type;
      const fields = item ? item.fields : op.request.fields;
      const { contentType, encoding } = op.response;
      op.response = { contentType, encoding, type, key: requestKey, ...(fields ? { fields } : {}) };
      continue;
    }
    if ((op.method !== 'PATCH' && op.method !== 'DELETE') || !/\}$/.test(op.specPath)) continue;
    const item = itemGet(op.specPath, undefined);
    if (item) op.response = { ...item };
  }
  return operations;
}

/** Folds `<twinPrefix>/x` operations into their `/x` twin (same method), as `alsoAt`. */
function foldTwins(entry: ServiceEntry, operations: OperationIr[]): OperationIr[] {
  const prefix = entry.twinPrefix;
  if (prefix === undefined) return operations;
  const keyOf = (op: OperationIr) => `${op.method} ${op.path}${op.action ? `#${op.action.name}` : ''}`;
  const byKey = new Map(operations.map((op) => [keyOf(op), op]));
  const kept: OperationIr[] = [];
  for (const op of operations) {
    if (!op.path.startsWith(`${prefix}/`)) {
      kept.push(op);
      continue;
    }
    const twinPath = op.path.slice(prefix.length);
    const twin = byKey.get(`${op.method} ${twinPath}${op.action ? `#${op.action.name}` : ''}`);
    if (!twin)
      throw new Error(`${op.method} ${op.specPath}: has the prefix ${prefix} but no twin at ${twinPath}`);
    twin.alsoAt = [...(twin.alsoAt ?? []), op.path];
  }
  return kept;
}

function readFinds(metadata: MetadataIndex, operations: readonly OperationIr[]): FindIr[] {
  const finds: FindIr[] = [];
  for (const find of metadata.finds) {
    const list = operations.find((op) => op.operationId === find.operationId && !op.action);
    // A find over an operation the spec does not have (or that lists nothing) cannot be offered.
    if (!list?.list) continue;
    const show = operations.find(
      (op) => op.naming?.resource === find.resource && op.naming.type === 'show' && !op.action,
    );
    finds.push({
      resource: find.resource,
      listOperationId: find.operationId,
      ...(show ? { showOperationId: show.operationId } : {}),
      nameField: find.nameField,
      nameFilter: find.nameFilter,
    });
  }
  return finds;
}

// ——— the wire types' input

/**
 * The copy of a spec given to openapi-typescript, with two fixes of how it reads some schemas:
 * - `properties` + an `additionalProperties` schema becomes `{ size?: number } & { [key: string]:
 *   string }`, in which `size` reads as `never` (Glance's images): where a declared property's type
 *   differs from the additional properties' type, the additional properties are opened to any value
 *   (`[key: string]: unknown`);
 * - an `anyOf`/`oneOf` whose branches only constrain (`[{ required: [status] }, { required:
 *   [maintenance_mode] }]`) becomes `{…} | unknown`, that is `unknown`: such a combinator is
 *   dropped from an object that has `properties` (the server still checks it).
 */
export function wireInput(document: unknown): unknown {
  const copy = structuredClone(document);
  const spec = new Spec(copy);
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isObject(node)) return;
    const extra = node['additionalProperties'];
    const properties = node['properties'];
    if (isObject(extra) && isObject(properties) && Object.keys(extra).length > 0) {
      const extraType = schemaType(safeResolve(spec, extra));
      const differs = Object.values(properties).some(
        (property) => schemaType(safeResolve(spec, property)) !== extraType,
      );
      if (differs) node['additionalProperties'] = {};
    }
    if (isObject(properties)) {
      for (const combinator of ['anyOf', 'oneOf'] as const) {
        const branches = node[combinator];
        if (Array.isArray(branches) && branches.length > 0 && branches.every(constraintOnly))
          delete node[combinator];
      }
    }
    for (const value of Object.values(node)) visit(value, depth + 1);
  };
  visit(copy, 0);
  return copy;
}

const CONSTRAINTS = new Set(['required', 'not', 'minProperties', 'maxProperties', 'description']);

function constraintOnly(branch: unknown): boolean {
  return isObject(branch) && Object.keys(branch).every((key) => CONSTRAINTS.has(key));
}

function safeResolve(spec: Spec, node: unknown): JsonObject {
  try {
    return spec.resolve(node, 'schema');
  } catch {
    return {};
  }
}
