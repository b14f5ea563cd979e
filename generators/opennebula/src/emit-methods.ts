/**
 * Emits `methods.ts`: the method table the client dispatches on, one interface of typed
 * positional methods per XML-RPC namespace, and `OneApi`, the namespaced whole.
 */
import { type Emitter, jsDocs, pascalCase, propertyKey, relativeImport } from '@overcast/generator-core';
import { type MethodSignatureStructure, type OptionalKind, VariableDeclarationKind, Writers } from 'ts-morph';
import { TYPES_FILE } from './emit-types.js';
import type { MethodParam, OneIr, OneMethod } from './ir.js';
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
    {
      isTypeOnly: true,
      moduleSpecifier: relativeImport(METHODS_FILE, TYPES_FILE),
      namedImports: documentImports,
    },
  ]);
  emitTable(ir, documentTypes, file);
  const namespaces = groupByNamespace(ir.methods);
  for (const [namespace, methods] of namespaces) {
    file.addInterface({
      name: namespaceInterface(namespace),
      isExported: true,
      docs: jsDocs(`The \`one.${namespace}.*\` methods.`),
      methods: methods.flatMap(([name, method]) => methodSignatures(name, method, documentTypes)),
    });
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

function emitTable(
  ir: OneIr,
  documentTypes: Record<string, string>,
  file: ReturnType<Emitter['file']>,
): void {
  const entries: Record<string, string> = {};
  for (const method of ir.methods) {
    const kinds = method.params.map((p) => `'${paramKind(p)}'`).join(', ');
    const returns = method.returns;
    const returnSpec =
      returns.kind === 'document'
        ? `{ document: '${documentTypes[returns.document]}', root: '${rootOf(ir, returns.document)}' }`
        : returns.kind === 'untyped-document'
          ? `{ untyped: '${returns.root}' }`
          : `'${returns.kind}'`;
    entries[`'${method.xmlrpc}'`] =
      `{ params: [${kinds}], required: ${requiredCount(method)}, returns: ${returnSpec} }`;
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs('Every XML-RPC method: how its parameters are sent and how its answer is read.'),
    declarations: [
      { name: 'METHODS', type: 'Readonly<Record<string, MethodSpec>>', initializer: Writers.object(entries) },
    ],
  });
}

function rootOf(ir: OneIr, documentId: string): string {
  const document = ir.documents.find((d) => d.id === documentId);
  if (!document) throw new Error(`no document ${documentId}`);
  return document.root.name;
}

/**
 * The signatures of one method: one per number of arguments a caller may stop at, each followed by
 * `options?: CallOptions`, because the client takes the call options right after the last argument
 * given. The client's rule is that an object in a template parameter's place is the template, so
 * no signature puts the options where a template goes: there the template (or `undefined`) comes
 * first. The last signature is the whole parameter list, and carries the parameter defaults.
 */
function methodSignatures(
  name: string,
  method: OneMethod,
  documentTypes: Record<string, string>,
): OptionalKind<MethodSignatureStructure>[] {
  const summary = `XML-RPC \`${method.xmlrpc}\` (gRPC \`${method.grpc}\`).`;
  const defaults = method.params
    .filter((p) => p.optionalDefault !== undefined)
    .map((p) => `\`${paramName(p)}\` defaults to \`${JSON.stringify(p.optionalDefault)}\` on the server`);
  const returnType = `Promise<${returnTypeText(method.returns, documentTypes)}>`;
  const signature = (count: number, docs: string): OptionalKind<MethodSignatureStructure> => ({
    name: propertyKey(name),
    docs: jsDocs(docs),
    parameters: [
      ...method.params.slice(0, count).map((p) => ({
        name: paramName(p),
        type: paramTypeText(p),
        hasQuestionToken: p.optionalDefault !== undefined,
      })),
      { name: 'options', type: 'CallOptions', hasQuestionToken: true },
    ],
    returnType,
  });
  const shorter: OptionalKind<MethodSignatureStructure>[] = [];
  for (let count = requiredCount(method); count < method.params.length; count++) {
    const next = method.params[count] as MethodParam;
    if (paramKind(next) !== 'template') {
      shorter.push(signature(count, `${summary}\nThe parameters left out take the server's defaults.`));
    }
  }
  return [...shorter, signature(method.params.length, [summary, ...defaults].join('\n'))];
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
