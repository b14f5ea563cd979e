/**
 * The OpenNebula reader: pinned XSDs + protos + the fact tables → IR.
 */

import { OPTIONAL_DEFAULTS, PARAM_VALUES, responseFact, TEMPLATE_PARAMS, xmlrpcName } from './facts.js';
import type { MethodParam, MethodReturn, OneIr, OneMethod, XsdDocument, XsdElement } from './ir.js';
import { methodDoc } from './method-docs.js';
import { type ProtoRpc, readProtos } from './proto-reader.js';
import { readXsds } from './xsd-reader.js';

export function readOpenNebula(schemaDir: string): OneIr {
  const { documents, namedTypes } = readXsds(schemaDir);
  const methods = readProtos(schemaDir).map((rpc) => methodOf(rpc, documents));
  methods.sort((a, b) => (a.xmlrpc < b.xmlrpc ? -1 : 1));
  for (let i = 1; i < methods.length; i++) {
    if (methods[i]?.xmlrpc === methods[i - 1]?.xmlrpc)
      throw new Error(`two rpcs map to ${methods[i]?.xmlrpc}`);
  }
  documents.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { documents, namedTypes, methods };
}

function methodOf(rpc: ProtoRpc, documents: XsdDocument[]): OneMethod {
  const xmlrpc = xmlrpcName(rpc.package, rpc.rpc);
  const returns = returnOf(xmlrpc, rpc.response, documents);
  const doc = methodDoc(xmlrpc, rpc.params, returns);
  return {
    xmlrpc,
    grpc: `/${rpc.package}.${rpc.service}/${rpc.rpc}`,
    protoFile: rpc.protoFile,
    params: withDefaults(xmlrpc, rpc.params).map((param) => ({
      ...param,
      doc: doc.params[param.name] ?? '',
    })),
    returns,
    summary: doc.summary,
    returnsDoc: doc.returns,
  };
}

function withDefaults(method: string, params: ProtoRpc['params']): Array<Omit<MethodParam, 'doc'>> {
  const defaults = OPTIONAL_DEFAULTS[method] ?? [];
  if (defaults.length > params.length) throw new Error(`${method}: more optional defaults than parameters`);
  const firstOptional = params.length - defaults.length;
  const valueSets = PARAM_VALUES[method] ?? {};
  for (const name of Object.keys(valueSets)) {
    if (!params.some((param) => param.name === name && param.type === 'string'))
      throw new Error(
        `${method}: facts.ts gives values for "${name}", which is not one of its string parameters`,
      );
  }
  return params.map((param, i) => {
    const optionalDefault = i >= firstOptional ? defaults[i - firstOptional] : undefined;
    const template = param.type === 'string' && TEMPLATE_PARAMS.has(param.name) ? { template: true } : {};
    const values = valueSets[param.name];
    return {
      ...param,
      ...template,
      ...(optionalDefault === undefined ? {} : { optionalDefault }),
      ...(values === undefined ? {} : { values }),
    };
  });
}

function returnOf(method: string, response: string, documents: XsdDocument[]): MethodReturn {
  if (response === 'ResponseID') return { kind: 'id' };
  if (response !== 'ResponseXML') return { kind: 'value', message: response };
  const fact = responseFact(method);
  if (fact === undefined) throw new Error(`${method}: no fact says which document it answers (facts.ts)`);
  if ('text' in fact) return { kind: 'text' };
  if ('untyped' in fact) return { kind: 'untyped-document', root: fact.untyped };
  if ('document' in fact) {
    if (!documents.some((d) => d.id === fact.document))
      throw new Error(`${method}: no document ${fact.document}`);
    return { kind: 'document', document: fact.document };
  }
  if ('nested' in fact)
    return { kind: 'document', document: nestedDocument(documents, fact.nested, fact.path).id };
  const matches = documents.filter((d) => d.root.name === fact.root);
  if (matches.length !== 1)
    throw new Error(`${method}: root ${fact.root} is declared by ${matches.length} documents`);
  return { kind: 'document', document: (matches[0] as XsdDocument).id };
}

/** Makes the element at `path` inside document `id` a document of its own (`id/ROOT`), once. */
function nestedDocument(documents: XsdDocument[], id: string, path: string[]): XsdDocument {
  const nestedId = `${id}/${path.at(-1)}`;
  const existing = documents.find((d) => d.id === nestedId);
  if (existing) return existing;
  const outer = documents.find((d) => d.id === id);
  if (!outer || outer.root.name !== path[0]) throw new Error(`no document ${id} with root ${path[0]}`);
  let element: XsdElement = outer.root;
  for (const name of path.slice(1)) {
    const child =
      element.type.kind === 'complex' ? element.type.children.find((c) => c.name === name) : undefined;
    if (!child) throw new Error(`${id}: no element ${path.join('/')}`);
    element = child;
  }
  const document: XsdDocument = {
    id: nestedId,
    file: outer.file,
    root: { ...element, required: true, repeated: false },
  };
  documents.push(document);
  return document;
}
