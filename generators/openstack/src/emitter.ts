/**
 * OpenStack IR → `src/generated/`, per service (`compute/`, `blockStorage/`…):
 * - `wire.ts`: openapi-typescript's types (`paths`, `components`, `operations`), as it prints them;
 * - `types.ts`: per method the types of its body, query, headers and result, named after it
 *   (`CreateServerBody`, `ServersQuery`, `ServersItem`, `GetServerResult`);
 * - `proxy.ts`: the typed method declarations (`ComputeProxyMethods`), with the spec's descriptions;
 * - `operations.ts`: the readable operation table (`COMPUTE_OPERATIONS`: method, path, parameters,
 *   wrapper keys, list key and next link, microversion ranges, action), the finds and the service;
 * - `index.ts`; and `index.ts` at the top gathering the services.
 */
import {
  type Emitter,
  GeneratorError,
  jsDocs,
  propertyKey,
  stringLiteral,
  upperSnake,
} from '@overcast/generator-core';
import {
  type SourceFile,
  StructureKind,
  type TypeAliasDeclarationStructure,
  VariableDeclarationKind,
} from 'ts-morph';
import type { BodyIr, OpenStackIr, OperationIr, ServiceIr, VersionRange } from './ir.js';
import { LINE_WIDTH, pretty } from './literal.js';
import {
  type AliasModel,
  CALL_OPTIONS,
  type MethodModel,
  MICROVERSION_PARAMETER,
  type ParamModel,
  rangeText,
  type ServiceModel,
  serviceModel,
} from './model.js';

export { LINE_WIDTH } from './literal.js';

/** The hand-written module of table shapes and type helpers, from `src/generated/<service>/`. */
const OPERATION_TYPES = '../../operation-types.js';

const TYPE_HELPERS = [
  'AtMicroversion',
  'BinaryBody',
  'BinaryResponse',
  'BranchesAt',
  'JsonPatch',
  'ListItem',
  'Unwrap',
] as const;

export function emitOpenStack(ir: OpenStackIr, out: Emitter): void {
  const models = ir.services.map(serviceModel);
  for (const model of models) emitService(model, out);
  emitTop(models, out);
}

function emitService(model: ServiceModel, out: Emitter): void {
  const dir = model.service.property;
  out.file(`${dir}/wire.ts`).replaceWithText(model.service.wire);
  emitTypes(model, out.file(`${dir}/types.ts`));
  emitProxy(model, out.file(`${dir}/proxy.ts`));
  emitOperations(model, out.file(`${dir}/operations.ts`));
  const index = out.file(`${dir}/index.ts`);
  const prefix = upperSnake(model.service.property);
  index.addExportDeclarations([
    { isTypeOnly: true, moduleSpecifier: './types.js' },
    {
      moduleSpecifier: './operations.js',
      namedExports: [`${prefix}_FINDS`, `${prefix}_OPERATIONS`, `${prefix}_SERVICE`],
    },
    { isTypeOnly: true, moduleSpecifier: './proxy.js', namedExports: [`${model.pascal}ProxyMethods`] },
    { isTypeOnly: true, moduleSpecifier: './wire.js', namedExports: ['components', 'operations', 'paths'] },
  ]);
}

// ——— types.ts

function emitTypes(model: ServiceModel, file: SourceFile): void {
  const aliases = model.methods.flatMap((method) => method.aliases);
  const used = (name: string) => aliases.some((alias) => new RegExp(`\\b${name}\\b`).test(alias.type));
  const helpers = TYPE_HELPERS.filter(used);
  for (const alias of aliases) {
    if (
      (TYPE_HELPERS as readonly string[]).includes(alias.name) ||
      ['Schemas', 'Operation', 'QueryOf', 'HeadersOf'].includes(alias.name)
    ) {
      throw new GeneratorError(`${model.service.type}: the type ${alias.name} would shadow a helper type`);
    }
  }
  if (helpers.length > 0) {
    const helperImport = file.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: OPERATION_TYPES,
      namedImports: [...helpers],
    });
    // Too long for one line: one name a line.
    if (helperImport.getText().length > LINE_WIDTH) {
      helperImport.replaceWithText(
        `import type {\n${helpers.map((name) => `  ${name},\n`).join('')}} from '${OPERATION_TYPES}';`,
      );
    }
  }
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './wire.js',
    namedImports: ['components', 'paths'],
  });
  const statements: TypeAliasDeclarationStructure[] = [
    { kind: StructureKind.TypeAlias, leadingTrivia: '\n', name: 'Schemas', type: "components['schemas']" },
    {
      kind: StructureKind.TypeAlias,
      name: 'Operation',
      docs: jsDocs('The operation at `paths[P][M]`.'),
      typeParameters: [
        { name: 'P', constraint: 'keyof paths' },
        { name: 'M', constraint: 'string' },
      ],
      type: 'paths[P] extends Record<M, infer O> ? O : never',
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'QueryOf',
      docs: jsDocs('The query parameters of the operation at `paths[P][M]`.'),
      typeParameters: [
        { name: 'P', constraint: 'keyof paths' },
        { name: 'M', constraint: 'string' },
      ],
      type: '\n  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never',
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'HeadersOf',
      docs: jsDocs('The header parameters of the operation at `paths[P][M]`.'),
      typeParameters: [
        { name: 'P', constraint: 'keyof paths' },
        { name: 'M', constraint: 'string' },
      ],
      type: '\n  Operation<P, M> extends { parameters: { header?: infer H } } ? NonNullable<H> : never',
    },
    ...model.methods.flatMap((method) =>
      method.aliases.map(
        (alias, index): TypeAliasDeclarationStructure => ({
          kind: StructureKind.TypeAlias,
          // A blank line before each method's types.
          ...(index === 0 ? { leadingTrivia: '\n' } : {}),
          name: alias.name,
          isExported: true,
          docs: jsDocs(alias.doc),
          ...(alias.typeParameters ? { typeParameters: alias.typeParameters } : {}),
          type: aliasType(alias),
        }),
      ),
    ),
  ];
  file.addStatements(statements);
}

/** An alias's type as printed: a type literal as the tables are, any other type by `wrapType`. */
function aliasType(alias: AliasModel): string {
  const head = `export type ${alias.name}${alias.typeParameters ? `<${alias.typeParameters.join(', ')}>` : ''} = `;
  return alias.literal === undefined
    ? wrapType(head, alias.type)
    : pretty(alias.literal, 0, head.length, ';');
}

/**
 * A type that would make its `<head>…;` line too long, broken after its first `<` and at its
 * top-level commas.
 */
function wrapType(head: string, type: string): string {
  if (`${head}${type};`.length <= LINE_WIDTH) return type;
  const open = type.indexOf('<');
  if (open < 0 || !type.endsWith('>')) return `\n  ${type}`;
  const args = splitTopLevel(type.slice(open + 1, -1));
  // Type argument lists take no trailing comma.
  return `${type.slice(0, open)}<\n${args.map((arg) => `  ${arg.trim()}`).join(',\n')}\n>`;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if ('<[({'.includes(char)) depth++;
    else if ('>])}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

// ——— proxy.ts

function emitProxy(model: ServiceModel, file: SourceFile): void {
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: OPERATION_TYPES,
    namedImports: [{ name: 'OpenStackCallOptions', alias: CALL_OPTIONS }],
  });
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: './types.js', namespaceImport: 'T' });
  // A microversion of the service, for the docs of the methods typed by it.
  const example = model.service.microversion?.max ?? '';
  const qualify = (type: string) =>
    type.replace(/\b([A-Z]\w*(?:Body|Query|Headers|Item|Result)(?:At)?)\b/g, 'T.$1');
  const signature = (
    name: string,
    params: readonly ParamModel[],
    returns: string,
    docs: string,
    options: { deprecated?: boolean | undefined; atMicroversion?: string | undefined },
  ) => ({
    kind: StructureKind.MethodSignature as const,
    name,
    docs: jsDocs(
      options.atMicroversion ? `${docs}\n${microversionDoc(options.atMicroversion, example)}` : docs,
      options.deprecated ? { deprecated: true } : {},
    ),
    ...(options.atMicroversion
      ? { typeParameters: [{ name: MICROVERSION_PARAMETER, constraint: 'string', default: 'string' }] }
      : {}),
    parameters: params.map((param) => ({
      name: param.name,
      type: param.name === 'options' ? param.type : qualify(param.type),
      hasQuestionToken: !param.required,
    })),
    returnType: qualify(returns),
  });
  const service = model.service;
  file.addInterface({
    name: `${model.pascal}ProxyMethods`,
    isExported: true,
    docs: jsDocs(
      `The operations of ${service.title} (\`${service.type}\`, API ${service.apiVersion}), one method each, ` +
        'named as openstacksdk names them; `find…` look a resource up by name or id.',
    ),
    methods: [
      ...model.methods.map((method) =>
        signature(method.name, method.params, method.returns, methodDoc(method), {
          deprecated: method.op.deprecated,
          atMicroversion: method.atMicroversion,
        }),
      ),
      ...model.finds.map((find) =>
        signature(
          find.name,
          find.params,
          find.returns,
          `Finds one ${find.find.resource.replace(/[/_]/g, ' ')} by \`${find.find.nameField}\` or id: ` +
            `${find.show ? `\`${find.show.name}\` with it as an id, then ` : ''}` +
            `\`${find.list.name}\`${find.find.nameFilter ? ` filtered by \`${find.find.nameField}\`` : ''}; ` +
            'undefined when there is none, an error when there are several.',
          { atMicroversion: find.atMicroversion },
        ),
      ),
    ],
  });
  wrapSignatures(file);
}

/**
 * Breaks the method signatures longer than the line width one parameter a line, in one pass over
 * the file's text (re-parsing the file once, not once per signature).
 */
function wrapSignatures(file: SourceFile): void {
  const lines = file.getFullText().split('\n');
  let changed = false;
  const wrapped = lines.map((line) => {
    if (line.length <= LINE_WIDTH) return line;
    const match = /^(\s+)(\w+(?:<[^()]*>)?)\((.*)\): (.+);$/.exec(line);
    if (!match) return line;
    const [, indent = '', name, params = '', returns] = match;
    changed = true;
    const each = splitTopLevel(params).map((param) => `${indent}  ${param.trim()},`);
    return `${indent}${name}(\n${each.join('\n')}\n${indent}): ${returns};`;
  });
  if (changed) file.replaceWithText(wrapped.join('\n'));
}

/** The line of a method typed by microversion saying so, `example` a microversion of the service. */
function microversionDoc(atMicroversion: string, example: string): string {
  return `With \`options.microversion\` written as a literal (\`'${example}'\`), typed as at that version (\`${atMicroversion}\`).`;
}

function methodDoc(method: MethodModel): string {
  const op = method.op;
  const lines: string[] = [];
  if (op.summary) lines.push(op.summary, '');
  if (op.description && op.description.trim() !== op.summary?.trim()) lines.push(op.description, '');
  lines.push(`\`${op.method} ${op.path}\`${op.action ? ` (action \`${op.action.name}\`)` : ''}.`);
  if (op.list) {
    const next = op.list.nextLink ? `\`${op.list.nextLink}\`` : 'the next link (`links`, a `Link` header…)';
    lines.push(`Every page, following ${next}; yields the \`${op.list.key}\` items.`);
  }
  if (op.microversion) lines.push(`Microversion ${rangeText(op.microversion)}.`);
  return lines.join('\n');
}

// ——— operations.ts

function emitOperations(model: ServiceModel, file: SourceFile): void {
  const service = model.service;
  const prefix = upperSnake(service.property);
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: OPERATION_TYPES,
    namedImports: ['FindSpec', 'OperationSpec', 'ServiceSpec'],
  });
  const constant = (name: string, type: string) => `export const ${name}: ${type} = `.length;
  file.addVariableStatements([
    {
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: jsDocs(`${service.title}: catalog type, version prefix and microversions.`),
      declarations: [
        {
          name: `${prefix}_SERVICE`,
          type: 'ServiceSpec',
          initializer: (writer) =>
            writer.write(pretty(serviceSpec(service), 0, constant(`${prefix}_SERVICE`, 'ServiceSpec'))),
        },
      ],
    },
    {
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: jsDocs(
        `One row per method of \`${model.pascal}ProxyMethods\` but the finds, in the spec's order. Paths are ` +
          "relative to the versioned endpoint; microversion ranges come from the spec's `x-openstack`.",
      ),
      declarations: [
        {
          name: `${prefix}_OPERATIONS`,
          type: 'Readonly<Record<string, OperationSpec>>',
          initializer: (writer) =>
            writer.write(pretty(Object.fromEntries(model.methods.map((m) => [m.name, row(m.op)])), 0)),
        },
      ],
    },
    {
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: jsDocs('The `find…` methods: the list searched, the show tried first, the name field.'),
      declarations: [
        {
          name: `${prefix}_FINDS`,
          type: 'Readonly<Record<string, FindSpec>>',
          initializer: (writer) =>
            writer.write(
              pretty(
                Object.fromEntries(
                  model.finds.map((find) => [
                    find.name,
                    {
                      list: find.list.name,
                      ...(find.show ? { show: find.show.name } : {}),
                      nameField: find.find.nameField,
                      nameFilter: find.find.nameFilter,
                    },
                  ]),
                ),
                0,
                constant(`${prefix}_FINDS`, 'Readonly<Record<string, FindSpec>>'),
              ),
            ),
        },
      ],
    },
  ]);
}

function serviceSpec(service: ServiceIr): Record<string, unknown> {
  return {
    type: service.type,
    aliases: service.aliases,
    apiVersion: service.apiVersion,
    versionPrefix: service.versionPrefix,
    ...(service.microversion ? { microversion: service.microversion } : {}),
  };
}

function row(op: OperationIr): Record<string, unknown> {
  const queryInfo = Object.fromEntries(
    op.queryParams.flatMap((param) => {
      const info = {
        ...(param.microversion ? { microversion: range(param.microversion) } : {}),
        ...(param.array ? { array: param.array } : {}),
        ...(param.flag ? { flag: true } : {}),
        ...(param.required ? { required: true } : {}),
      };
      return Object.keys(info).length > 0 ? [[param.name, info]] : [];
    }),
  );
  return {
    method: op.method,
    path: op.path,
    ...(op.pathParams.length > 0 ? { pathParams: op.pathParams.map((param) => param.name) } : {}),
    ...(op.queryParams.length > 0 ? { query: op.queryParams.map((param) => param.name) } : {}),
    ...(Object.keys(queryInfo).length > 0 ? { queryInfo } : {}),
    ...(op.headerParams.length > 0 ? { headers: op.headerParams.map((param) => param.name) } : {}),
    ...(op.request ? { request: body(op.request) } : {}),
    ...(op.response ? { response: body(op.response) } : {}),
    ...(op.list
      ? { list: { key: op.list.key, ...(op.list.nextLink ? { next: op.list.nextLink } : {}) } }
      : {}),
    ...(op.action ? { action: op.action.name } : {}),
    ...(op.microversion ? { microversion: range(op.microversion) } : {}),
    ...(op.unversioned ? { unversioned: true } : {}),
    ...(op.alsoAt ? { alsoAt: op.alsoAt } : {}),
    statuses: op.statuses,
    ...(op.deprecated ? { deprecated: true } : {}),
  };
}

function body(ir: BodyIr): Record<string, unknown> {
  return {
    ...(ir.key !== undefined ? { key: ir.key } : {}),
    ...(ir.encoding !== 'json' ? { encoding: ir.encoding } : {}),
    ...(ir.contentType !== 'application/json' ? { contentType: ir.contentType } : {}),
    ...(ir.siblings ? { siblings: ir.siblings } : {}),
    ...(ir.empty ? { empty: true } : {}),
    ...(ir.versions ? { versions: ir.versions.map(range) } : {}),
    ...(ir.fields
      ? { fields: Object.fromEntries(Object.entries(ir.fields).map(([path, r]) => [path, range(r)])) }
      : {}),
  };
}

function range(r: VersionRange): Record<string, string> {
  return { ...(r.min !== undefined ? { min: r.min } : {}), ...(r.max !== undefined ? { max: r.max } : {}) };
}

// ——— index.ts

function emitTop(models: readonly ServiceModel[], out: Emitter): void {
  const index = out.file('index.ts');
  for (const model of models) {
    const name = model.service.property;
    index.addImportDeclaration({ moduleSpecifier: `./${name}/index.js`, namespaceImport: name });
  }
  index.addExportDeclaration({ namedExports: models.map((model) => model.service.property) });
  index.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../operation-types.js',
    namedImports: ['FindSpec', 'OperationSpec', 'ServiceSpec'],
  });
  index.addStatements([
    {
      kind: StructureKind.TypeAlias,
      name: 'ServiceName',
      isExported: true,
      docs: jsDocs('The services of a connection: `conn.compute`, `conn.blockStorage`…'),
      type: models.map((model) => stringLiteral(model.service.property)).join(' | '),
    },
    {
      kind: StructureKind.Interface,
      name: 'ServiceTables',
      isExported: true,
      docs: jsDocs("A service's tables."),
      properties: [
        { name: 'service', type: 'ServiceSpec', isReadonly: true },
        { name: 'operations', type: 'Readonly<Record<string, OperationSpec>>', isReadonly: true },
        { name: 'finds', type: 'Readonly<Record<string, FindSpec>>', isReadonly: true },
      ],
    },
    {
      kind: StructureKind.Interface,
      name: 'ProxyMethods',
      isExported: true,
      docs: jsDocs('The generated methods of each service.'),
      properties: models.map((model) => ({
        name: propertyKey(model.service.property),
        type: `${model.service.property}.${model.pascal}ProxyMethods`,
      })),
    },
  ]);
  index.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: jsDocs('Every service with its tables, by connection property.'),
    declarations: [
      {
        name: 'SERVICES',
        type: 'Readonly<Record<ServiceName, ServiceTables>>',
        initializer: (writer) => {
          writer.write('{').newLine();
          writer.indent(() => {
            for (const model of models) {
              const prefix = upperSnake(model.service.property);
              const name = model.service.property;
              writer.writeLine(`${propertyKey(name)}: {`);
              writer.indent(() => {
                writer.writeLine(`service: ${name}.${prefix}_SERVICE,`);
                writer.writeLine(`operations: ${name}.${prefix}_OPERATIONS,`);
                writer.writeLine(`finds: ${name}.${prefix}_FINDS,`);
              });
              writer.writeLine('},');
            }
          });
          writer.write('}');
        },
      },
    ],
  });
}
