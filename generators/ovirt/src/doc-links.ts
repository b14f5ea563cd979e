/**
 * Where the model's cross references (`xref:types/vm[…]`, `xref:services/disk/methods/copy[…]`)
 * point in the generated code, as `{@link}` targets valid in the file the comment is written to:
 * `types.ts` names its own types bare and the services as `services.X`; `services.ts` names the
 * types as `types.X` and its own classes and parameters types bare.
 */
import type { LinkTargets } from './asciidoc-inline.js';
import type { EnumIr, OvirtIr, ServiceIr, StructIr } from './ir.js';
import { parametersName, planMethods } from './service-plan.js';
import { propertyName, serviceClass, typeName } from './ts-names.js';
import { emittedServices } from './type-texts.js';

export type DocFile = 'types' | 'services';

export class ModelLinks {
  private readonly structs: Map<string, StructIr>;
  private readonly enums: Map<string, EnumIr>;
  private readonly services: Map<string, ServiceIr>;
  private readonly servicesLinkedFromTypes = { used: false };

  constructor(private readonly ir: OvirtIr) {
    this.structs = new Map(
      ir.types.filter((type): type is StructIr => type.kind === 'struct').map((type) => [type.name, type]),
    );
    this.enums = new Map(
      ir.types.filter((type): type is EnumIr => type.kind === 'enum').map((type) => [type.name, type]),
    );
    this.services = new Map(emittedServices(ir).map((service) => [service.name, service]));
  }

  /** Whether a comment of `types.ts` links to a service (the file then imports them for it). */
  get typesLinkServices(): boolean {
    return this.servicesLinkedFromTypes.used;
  }

  /** The link targets of comments written to `file`. */
  targets(file: DocFile): LinkTargets {
    return {
      link: (path) => {
        const [kind, name = '', ...rest] = path.split('/');
        if (kind === 'types') {
          const target = this.typeMember(name, rest);
          return target === undefined ? undefined : file === 'types' ? target : `types.${target}`;
        }
        if (kind !== 'services') return undefined;
        const target = this.serviceMember(name, rest);
        if (target === undefined || file === 'services') return target;
        this.servicesLinkedFromTypes.used = true;
        return `services.${target}`;
      },
      section: (anchor) => this.ir.sections?.[anchor],
    };
  }

  /** `vm` → `Vm`, `vm/attributes/memory` → `Vm.memory`, `vm_status/values/up` → `VmStatus.UP`. */
  private typeMember(name: string, rest: string[]): string | undefined {
    const [part, member] = rest;
    const enumType = this.enums.get(name);
    if (enumType !== undefined) {
      if (part === undefined) return typeName(name);
      const key = member?.toUpperCase() ?? '';
      return part === 'values' && enumType.values.includes(member ?? '') && /^[A-Z_][A-Z0-9_]*$/.test(key)
        ? `${typeName(name)}.${key}`
        : undefined;
    }
    if (!this.structs.has(name)) return undefined;
    if (part === undefined) return typeName(name);
    if ((part !== 'attributes' && part !== 'links') || member === undefined) return undefined;
    for (
      let struct = this.structs.get(name);
      struct !== undefined;
      struct = this.structs.get(struct.base ?? '')
    ) {
      if ([...struct.attributes, ...struct.links].some((candidate) => candidate.name === member)) {
        return `${typeName(name)}.${propertyName(member)}`;
      }
    }
    return undefined;
  }

  /**
   * `vms` → `VmsService`, `vms/methods/add` → `VmsService.add`,
   * `host/methods/get/parameters/all_content` → `HostGetParameters.allContent`.
   */
  private serviceMember(name: string, rest: string[]): string | undefined {
    const service = this.services.get(name);
    if (service === undefined) return undefined;
    const [part, method, parametersPart, parameter] = rest;
    if (part === undefined) return serviceClass(name);
    if (part !== 'methods' || method === undefined) return undefined;
    for (
      let owner: ServiceIr | undefined = service;
      owner !== undefined;
      owner = this.services.get(owner.base ?? '')
    ) {
      const plan = planMethods(owner).find(
        (candidate) => candidate.method.name === method && !candidate.method.base,
      );
      if (plan === undefined) continue;
      const methodTarget = `${serviceClass(name)}.${plan.name}`;
      if (parametersPart === undefined) return methodTarget;
      if (parametersPart !== 'parameters' || parameter === undefined) return undefined;
      if (plan.body?.name === parameter) return methodTarget;
      return plan.parameters.some((candidate) => candidate.name === parameter)
        ? `${parametersName(owner, plan)}.${propertyName(parameter)}`
        : undefined;
    }
    return undefined;
  }
}
