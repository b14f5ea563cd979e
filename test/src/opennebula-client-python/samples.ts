/**
 * For the OpenNebula client tests: answers built to the XSDs (the generator's sample documents)
 * for every XML-returning method, and a check that a decoded value has the XSD's shape — numbers
 * for integers and decimals, arrays for repeatable elements (even with one item), objects for
 * templates.
 */
import {
  type OneIr,
  readOpenNebula,
  sampleDocument,
  type XsdElement,
  type XsdType,
} from '@overcast/generator-opennebula';
import { buildXml } from '@overcast/runtime/xml';
import { schemaDir } from '@overcast/schemas';
import { expect } from 'vitest';

export const ir: OneIr = readOpenNebula(schemaDir('opennebula', '7.5.80'));

export interface SampleCall {
  method: string;
  args: unknown[];
  documentId: string;
  xml: string;
}

const ARG_BY_KIND: Record<string, unknown> = { string: 'x', bool: false, 'repeated int32': [1] };

/** One call per method answering a typed document: required arguments filled, the answer a one-item-lists sample. */
export function sampleCalls(): SampleCall[] {
  const calls: SampleCall[] = [];
  for (const method of ir.methods) {
    if (method.returns.kind !== 'document') continue;
    const args = method.params
      .filter((p) => p.optionalDefault === undefined)
      .map((p) => (p.template ? 'A="1"' : (ARG_BY_KIND[p.type] ?? 0)));
    const documentId = method.returns.document;
    calls.push({
      method: method.xmlrpc,
      args,
      documentId,
      xml: buildXml(sampleDocument(ir, documentId, { repeat: 1 })),
    });
  }
  return calls;
}

/** Asserts `value` decodes `element` as the XSD says; `path` names where in failures. */
export function expectShape(value: unknown, element: XsdElement, path = element.name): void {
  if (element.repeated) {
    expect(Array.isArray(value), `${path} is an array`).toBe(true);
    for (const [i, item] of (value as unknown[]).entries()) expectType(item, element.type, `${path}[${i}]`);
  } else if (value !== undefined || element.required) {
    expectType(value, element.type, path);
  }
}

function expectType(value: unknown, type: XsdType, path: string): void {
  switch (type.kind) {
    case 'scalar':
      expect(typeof value, path).toBe(type.scalar === 'string' ? 'string' : 'number');
      return;
    case 'template':
      expect(isObject(value), `${path} is a plain object`).toBe(true);
      return;
    case 'named': {
      const named = ir.namedTypes[type.name];
      if (!named) throw new Error(`no named type ${type.name}`);
      expectType(value, named, path);
      return;
    }
    case 'document': {
      const document = ir.documents.find((d) => d.id === type.id);
      if (!document) throw new Error(`no document ${type.id}`);
      expectType(value, document.root.type, path);
      return;
    }
    case 'complex':
      expect(isObject(value), `${path} is an object`).toBe(true);
      for (const child of type.children)
        expectShape((value as Record<string, unknown>)[child.name], child, `${path}/${child.name}`);
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function rootOf(documentId: string): XsdElement {
  const document = ir.documents.find((d) => d.id === documentId);
  if (!document) throw new Error(`no document ${documentId}`);
  return document.root;
}
