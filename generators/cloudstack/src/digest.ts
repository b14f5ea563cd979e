/**
 * The API digest of a CloudStack IR: every command with its parameters (type text, required) and
 * result type, and every response type with its fields — the same type texts the emitter prints.
 */
import type { ApiDigest, DigestMember, DigestType } from '@overcast/generator-core';
import type { CloudStackIr } from './ir.js';
import { responseTypes } from './response-types.js';
import { fieldType, paramType, resultAlias, resultMembers, resultTypeName } from './type-texts.js';

export function digestCloudStack(ir: CloudStackIr): ApiDigest {
  const types: Record<string, DigestType> = {};
  for (const decl of responseTypes(ir)) {
    types[decl.name] =
      decl.kind === 'alias'
        ? { fields: { '(alias)': member(decl.target, true) } }
        : {
            fields: Object.fromEntries(
              decl.fields.map((f) => [f.name, member(fieldType(f, decl.name), f.required)]),
            ),
          };
  }
  const methods: ApiDigest['methods'] = {};
  for (const command of ir.commands) {
    const alias = resultAlias(command);
    types[resultTypeName(command.name)] = {
      fields:
        alias === undefined
          ? Object.fromEntries(resultMembers(command).map((m) => [m.name, member(m.type, m.required)]))
          : { '(alias)': member(alias, true) },
    };
    methods[command.name] = {
      params: Object.fromEntries(command.params.map((p) => [p.name, member(paramType(p), p.required)])),
      returns: `${command.isAsync ? 'async ' : ''}${resultTypeName(command.name)}`,
    };
  }
  return { provider: 'cloudstack', schemaVersion: '', methods, types };
}

function member(type: string, required: boolean): DigestMember {
  return { type, required };
}
