/**
 * The API digest of the OpenStack IR: per service, every method (`compute.servers`) with its
 * parameters and return type as `proxy.ts` declares them, plus its HTTP route and microversion
 * range as pseudo-parameters (so that a moved route reads as a change); every type of `types.ts`
 * (`compute.ServersQuery` with the query parameters as fields, the others as aliases); and every
 * component schema of the wire types (`compute.wire.ServerShowResponse`) with its fields.
 */
import type { ApiDigest, DigestMember, DigestType } from '@overcast/generator-core';
import type { OpenStackIr } from './ir.js';
import { rangeText, serviceModel } from './model.js';

export function digestOpenStack(ir: OpenStackIr): ApiDigest {
  const methods: ApiDigest['methods'] = {};
  const types: Record<string, DigestType> = {};
  for (const service of ir.services) {
    const model = serviceModel(service);
    const at = service.property;
    for (const method of model.methods) {
      const op = method.op;
      methods[`${at}.${method.name}`] = {
        params: {
          '(route)': member(`${op.method} ${op.path}${op.action ? ` #${op.action.name}` : ''}`, true),
          ...(op.microversion ? { '(microversion)': member(rangeText(op.microversion), true) } : {}),
          ...Object.fromEntries(
            method.params.map((param) => [param.name, member(param.type, param.required)]),
          ),
        },
        returns: method.returns,
      };
      for (const alias of method.aliases) {
        types[`${at}.${alias.name}`] = alias.name.endsWith('Query')
          ? {
              fields: Object.fromEntries(
                op.queryParams.map((param) => [
                  param.name,
                  member(
                    `${param.type || 'unknown'}${param.microversion ? ` (${rangeText(param.microversion)})` : ''}`,
                    param.required,
                  ),
                ]),
              ),
            }
          : { fields: { '(alias)': member(alias.type, true) } };
      }
    }
    for (const find of model.finds) {
      methods[`${at}.${find.name}`] = {
        params: Object.fromEntries(
          find.params.map((param) => [param.name, member(param.type, param.required)]),
        ),
        returns: find.returns,
      };
    }
    for (const [name, type] of Object.entries(service.wireTypes)) {
      types[`${at}.wire.${name}`] =
        'alias' in type ? { fields: { '(alias)': member(type.alias, true) } } : type;
    }
  }
  return { provider: 'openstack', schemaVersion: '', methods, types };
}

function member(type: string, required: boolean): DigestMember {
  return { type, required };
}
