/** The API digest of the OpenNebula IR: every method (by XML-RPC name) and every record type. */
import type { ApiDigest, DigestMember } from '@overcast/generator-core';
import type { OneIr } from './ir.js';
import { paramName, paramTypeText, returnTypeText } from './method-model.js';
import { fieldTypeText, type TypeModel } from './type-model.js';

export function digestOfIr(ir: OneIr, model: TypeModel): ApiDigest {
  const methods: ApiDigest['methods'] = {};
  for (const method of ir.methods) {
    const params: Record<string, DigestMember> = {};
    for (const param of method.params) {
      params[paramName(param)] = {
        type: paramTypeText(param),
        required: param.optionalDefault === undefined,
      };
    }
    methods[method.xmlrpc] = { params, returns: returnTypeText(method.returns, model.documentTypes) };
  }
  const types: ApiDigest['types'] = {};
  for (const record of model.records) {
    const fields: Record<string, DigestMember> = {};
    for (const field of record.fields)
      fields[field.name] = { type: fieldTypeText(field), required: field.required };
    types[record.name] = { fields };
  }
  return { provider: 'opennebula', schemaVersion: '', methods, types };
}
