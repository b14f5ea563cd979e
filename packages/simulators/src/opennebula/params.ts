/**
 * Reading a call's parameters the way xmlrpc-c's `paramList.getInt(i)` does: a missing or
 * mistyped parameter is an XML-RPC fault, not an OpenNebula failure array.
 */
import type { XmlRpcValue } from '@overcast/runtime/xmlrpc';
import { XMLRPC_FAULT, XmlRpcLayerFault } from './errors.js';

/** The parameters after the session; `index` 1 is the first of them, as in oned's handlers. */
export class Params {
  constructor(private readonly values: readonly XmlRpcValue[]) {}

  int(index: number, fallback?: number): number {
    const value = this.#at(index, fallback);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(index, 'integer');
    return value;
  }

  string(index: number, fallback?: string): string {
    const value = this.#at(index, fallback);
    if (typeof value !== 'string') throw typeMismatch(index, 'string');
    return value;
  }

  bool(index: number, fallback?: boolean): boolean {
    const value = this.#at(index, fallback);
    if (typeof value !== 'boolean') throw typeMismatch(index, 'boolean');
    return value;
  }

  intArray(index: number): number[] {
    const value = this.#at(index, undefined);
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isInteger(item))) {
      throw typeMismatch(index, 'array of integers');
    }
    return value as number[];
  }

  #at(index: number, fallback: XmlRpcValue | undefined): XmlRpcValue {
    const value = this.values[index - 1];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new XmlRpcLayerFault(XMLRPC_FAULT.INDEX, `Not enough parameters: parameter ${index} is missing`);
  }
}

function typeMismatch(index: number, expected: string): XmlRpcLayerFault {
  return new XmlRpcLayerFault(XMLRPC_FAULT.TYPE, `Type mismatch: parameter ${index} is not ${expected}`);
}
