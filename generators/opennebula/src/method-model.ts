/**
 * How each method of the IR is typed in TypeScript and described to the client at run time;
 * shared by the emitter and the digest so both print the same texts.
 */
import { camelCase, safeIdentifier } from '@overcast/generator-core';
import type { MethodParam, MethodReturn, OneMethod } from './ir.js';

/** How the client sends a parameter (see the package's `method-spec.ts`). */
export type ParamKind = 'int' | 'i8' | 'bool' | 'string' | 'template' | 'int[]';

export function paramKind(param: MethodParam): ParamKind {
  if (param.template) return 'template';
  switch (param.type) {
    case 'int32':
    case 'sint32':
    case 'uint32':
      return 'int';
    case 'int64':
    case 'uint64':
      return 'i8';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'repeated int32':
      return 'int[]';
  }
}

const PARAM_TYPE_TEXT: Record<ParamKind, string> = {
  int: 'number',
  i8: 'number | bigint',
  bool: 'boolean',
  string: 'string',
  template: 'string | TemplateInput',
  'int[]': 'number[]',
};

export function paramTypeText(param: MethodParam): string {
  if (param.values !== undefined) return param.values.map((value) => JSON.stringify(value)).join(' | ');
  return PARAM_TYPE_TEXT[paramKind(param)];
}

export function paramName(param: MethodParam): string {
  return safeIdentifier(camelCase(param.name));
}

export function returnTypeText(returns: MethodReturn, documentTypes: Record<string, string>): string {
  switch (returns.kind) {
    case 'id':
      return 'number';
    case 'text':
      return 'string';
    case 'value':
      return 'XmlRpcValue';
    case 'untyped-document':
      return 'Template';
    case 'document': {
      const name = documentTypes[returns.document];
      if (!name) throw new Error(`no type for document ${returns.document}`);
      return name;
    }
  }
}

/** `one.vm.info` → [`vm`, `info`]. */
export function splitName(method: OneMethod): [namespace: string, name: string] {
  const match = /^one\.([a-z_]+)\.([a-z_]+)$/.exec(method.xmlrpc);
  if (!match) throw new Error(`unexpected XML-RPC method name ${method.xmlrpc}`);
  return [match[1] as string, match[2] as string];
}

export function requiredCount(method: OneMethod): number {
  return method.params.filter((p) => p.optionalDefault === undefined).length;
}
