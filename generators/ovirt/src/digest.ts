/**
 * The API digest of an oVirt IR: every service method (`VmService.start`) with its parameters and
 * return type, every struct with its declared fields and every enum — the emitter's type texts.
 */
import type { ApiDigest, DigestType } from '@overcast/generator-core';
import type { OvirtIr } from './ir.js';
import { RequiredInputs } from './required-inputs.js';
import { planLocators, planMethods } from './service-plan.js';
import { propertyName, serviceClass, typeName } from './ts-names.js';
import { emittedServices, typeText } from './type-texts.js';

export function digestOvirt(ir: OvirtIr): ApiDigest {
  const methods: ApiDigest['methods'] = {};
  const requiredInputs = new RequiredInputs(ir);
  for (const service of emittedServices(ir)) {
    const owner = serviceClass(service.name);
    const plans = planMethods(service);
    const needs = requiredInputs.plan(service, plans);
    for (const plan of plans) {
      const need = needs.get(plan);
      const params: ApiDigest['methods'][string]['params'] = {};
      if (plan.body !== undefined) {
        const type = need?.entity?.name ?? typeText(plan.body.type, 'types.');
        params[propertyName(plan.body.name)] = { type, required: true };
      }
      for (const parameter of plan.parameters) {
        const required = need?.required.get(parameter.name);
        params[propertyName(parameter.name)] = {
          type: required ?? typeText(parameter.type, 'types.'),
          required: required !== undefined,
        };
      }
      methods[`${owner}.${plan.name}`] = { params, returns: plan.returns };
    }
    for (const locator of planLocators(service)) {
      methods[`${owner}.${locator.name}`] = {
        params:
          locator.parameter === undefined ? {} : { [locator.parameter]: { type: 'string', required: true } },
        returns: locator.target,
      };
    }
  }
  const types: Record<string, DigestType> = {};
  for (const type of ir.types) {
    if (type.kind === 'enum') types[typeName(type.name)] = { enum: type.values };
    if (type.kind !== 'struct') continue;
    const fields: Record<string, { type: string; required: boolean }> = {};
    if (type.base !== undefined) fields['(extends)'] = { type: typeName(type.base), required: true };
    for (const member of type.attributes)
      fields[propertyName(member.name)] = { type: typeText(member.type), required: false };
    for (const member of type.links)
      fields[propertyName(member.name)] = { type: typeText(member.type, '', true), required: false };
    types[typeName(type.name)] = { fields };
  }
  return { provider: 'ovirt', schemaVersion: '', methods, types };
}
