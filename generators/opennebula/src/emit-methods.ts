/**
 * Emits `methods.ts`: the method table the client dispatches on, one interface of typed
 * positional methods per XML-RPC namespace, each documented from the XML-RPC reference (what it
 * does, each parameter, what comes back), and `OneApi`, the namespaced whole. Lines stay within
 * the formatter's width.
 */
import {
  type Emitter,
  jsDocs,
  pascalCase,
  propertyKey,
  relativeImport,
  stringLiteral,
} from '@overcast/generator-core';
import { TYPES_FILE } from './emit-types.js';
import type { MethodParam, OneIr, OneMethod } from './ir.js';
import { docComment, list, typeImport } from './layout.js';
import {
  paramKind,
  paramName,
  paramTypeText,
  requiredCount,
  returnTypeText,
  splitName,
} from './method-model.js';

export const METHODS_FILE = 'methods.ts';

export function emitMethods(ir: OneIr, documentTypes: Record<string, string>, out: Emitter): void {
  const file = out.file(METHODS_FILE);
  const returnTypes = new Set<string>();
  for (const method of ir.methods) returnTypes.add(returnTypeText(method.returns, documentTypes));
  const documentImports = [...new Set(Object.values(documentTypes))].filter((t) => returnTypes.has(t)).sort();
  file.addImportDeclarations([
    { isTypeOnly: true, moduleSpecifier: '@overcast/runtime/xmlrpc', namedImports: ['XmlRpcValue'] },
    {
      isTypeOnly: true,
      moduleSpecifier: relativeImport(METHODS_FILE, '../method-spec.ts'),
      namedImports: ['CallOptions', 'MethodSpec'],
    },
    {
      isTypeOnly: true,
      moduleSpecifier: relativeImport(METHODS_FILE, '../template-types.ts'),
      namedImports: ['Template', 'TemplateInput'],
    },
  ]);
  file.addStatements(typeImport(documentImports, relativeImport(METHODS_FILE, TYPES_FILE)));
  file.addStatements(methodTable(ir, documentTypes));
  const namespaces = groupByNamespace(ir.methods);
  for (const [namespace, methods] of namespaces) {
    for (const [, method] of methods)
      for (const param of method.params) valuesType(namespace, method, param, file);
    const signatures = methods.flatMap(([name, method]) =>
      methodSignatures(namespace, name, method, documentTypes),
    );
    file.addStatements(
      [
        '',
        `/** The \`one.${namespace}.*\` methods. */`,
        `export interface ${namespaceInterface(namespace)} {`,
        signatures.join('\n'),
        '}',
      ].join('\n'),
    );
  }
  file.addInterface({
    name: 'OneApi',
    isExported: true,
    docs: jsDocs('Every XML-RPC method of OpenNebula, by namespace: `one.vm.info` is `vm.info`.'),
    properties: [...namespaces.keys()].map((namespace) => ({
      name: propertyKey(namespace),
      type: namespaceInterface(namespace),
      isReadonly: true,
    })),
  });
}

/** `METHODS`: an entry a method, on one line when it fits. */
function methodTable(ir: OneIr, documentTypes: Record<string, string>): string {
  const entries = ir.methods.map((method) => {
    const returns = method.returns;
    const returnSpec =
      returns.kind === 'document'
        ? `{ document: '${documentTypes[returns.document]}', root: '${rootOf(ir, returns.document)}' }`
        : returns.kind === 'untyped-document'
          ? `{ untyped: '${returns.root}' }`
          : `'${returns.kind}'`;
    const fields = [
      `params: [${method.params.map((p) => `'${paramKind(p)}'`).join(', ')}]`,
      `required: ${requiredCount(method)}`,
      `returns: ${returnSpec}`,
    ];
    return list(`  '${method.xmlrpc}': `, ['{', '}'], fields, ',', 1);
  });
  return [
    '',
    '/** Every XML-RPC method: how its parameters are sent and how its answer is read. */',
    'export const METHODS: Readonly<Record<string, MethodSpec>> = {',
    ...entries,
    '};',
  ].join('\n');
}

function rootOf(ir: OneIr, documentId: string): string {
  const document = ir.documents.find((d) => d.id === documentId);
  if (!document) throw new Error(`no document ${documentId}`);
  return document.root.name;
}

/** The type of a parameter that takes a fixed set of strings (`VmActionName`), by its namespace and name. */
function valuesTypeName(namespace: string, param: MethodParam): string {
  return `${pascalCase(namespace)}${pascalCase(paramName(param))}`;
}

/** `export type VmActionName = | 'terminate' | …;` for a parameter that takes a fixed set of strings. */
function valuesType(
  namespace: string,
  method: OneMethod,
  param: MethodParam,
  file: ReturnType<Emitter['file']>,
): void {
  const values = param.values;
  if (values === undefined) return;
  file.addStatements(
    [
      '',
      `/** What \`${method.xmlrpc}\` takes for \`${paramName(param)}\`. */`,
      `export type ${valuesTypeName(namespace, param)} =`,
      `${values.map((value) => `  | ${stringLiteral(value)}`).join('\n')};`,
    ].join('\n'),
  );
}

/**
 * The signatures of one method: one per number of arguments a caller may stop at, each followed by
 * `options?: CallOptions`, because the client takes the call options right after the last argument
 * given. The client's rule is that an object in a template parameter's place is the template, so
 * no signature puts the options where a template goes: there the template (or `undefined`) comes
 * first. The last signature is the whole parameter list. Each has the method's doc comment, with
 * the parameters it takes.
 */
function methodSignatures(
  namespace: string,
  name: string,
  method: OneMethod,
  documentTypes: Record<string, string>,
): string[] {
  const returnType = `Promise<${returnTypeText(method.returns, documentTypes)}>`;
  const signature = (count: number): string => {
    const params = method.params.slice(0, count);
    const leftOut = count < method.params.length;
    const doc = docComment(
      [
        method.summary,
        `XML-RPC \`${method.xmlrpc}\` (gRPC \`${method.grpc}\`).${leftOut ? " The parameters left out take the server's defaults." : ''}`,
      ],
      [
        ...params.map((p): [string, string] => ['param', `${paramName(p)} ${paramDoc(p)}`]),
        ['param', 'options Call options ({@link CallOptions}): timeout, signal, retries, answer limits.'],
        ['returns', method.returnsDoc],
      ],
      1,
    );
    const declared = [
      ...params.map(
        (p) => `${paramName(p)}${p.optionalDefault !== undefined ? '?' : ''}: ${paramType(namespace, p)}`,
      ),
      'options?: CallOptions',
    ];
    return `${doc}\n${list(`  ${propertyKey(name)}`, ['(', ')'], declared, `: ${returnType};`, 1)}`;
  };
  const shorter: string[] = [];
  for (let count = requiredCount(method); count < method.params.length; count++) {
    const next = method.params[count] as MethodParam;
    if (paramKind(next) !== 'template') shorter.push(signature(count));
  }
  return [...shorter, signature(method.params.length)];
}

function paramDoc(param: MethodParam): string {
  if (param.optionalDefault === undefined) return param.doc;
  return `${param.doc} Left out, the server takes \`${JSON.stringify(param.optionalDefault)}\`.`;
}

function paramType(namespace: string, param: MethodParam): string {
  return param.values === undefined ? paramTypeText(param) : valuesTypeName(namespace, param);
}

function groupByNamespace(methods: OneMethod[]): Map<string, Array<[string, OneMethod]>> {
  const namespaces = new Map<string, Array<[string, OneMethod]>>();
  for (const method of methods) {
    const [namespace, name] = splitName(method);
    const list = namespaces.get(namespace) ?? [];
    list.push([name, method]);
    namespaces.set(namespace, list);
  }
  return new Map([...namespaces].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function namespaceInterface(namespace: string): string {
  return `${pascalCase(namespace)}Methods`;
}
