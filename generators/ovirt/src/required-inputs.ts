/**
 * The model's mandatory input details (`@InputDetail { mandatory(vm().name()); … }`) as types: what
 * a call must send is required in its arguments' types, so that a request the engine would refuse
 * for a missing member does not compile.
 *
 * - `mandatory(a())` requires parameter `a`; `mandatory(a().b().c())` requires `a` with a `b` with a
 *   `c`; `[COLLECTION]` applies to every item of a list; `or(mandatory(a().id()),
 *   mandatory(a().name()))` requires `a` with one of the two.
 * - A signature variant (`addFromScratch`) needs its own facts and its base's: its Java interface
 *   extends the base's, and the engine checks the base's facts on the same request.
 * - A base method with variants is a call of one of them: its argument is the union of theirs
 *   (`add(vm: VmsAddFromScratchVm | VmsAddFromSnapshotVm | VmsAddFromConfigurationVm)`), unless a
 *   variant adds nothing to the base's facts, which makes the base's own facts the whole need.
 */
import { GeneratorError, propertyKey } from '@overcast/generator-core';
import type { MethodIr, OvirtIr, ParameterIr, ServiceIr, StructIr } from './ir.js';
import { type MethodPlan, parametersName } from './service-plan.js';
import { propertyName, typeName } from './ts-names.js';
import { elementOf, typeText } from './type-texts.js';

/** What must be present under one value: members, and pairs of which one must be present. */
interface Need {
  members: Map<string, Need>;
  oneOf: Array<[Need, Need]>;
}

/** What a method's two model arguments must hold. */
export interface ArgumentNeeds {
  /** The entity of add/update: its type's name and text, when the model requires some of it. */
  entity?: { name: string; text: string };
  /** Required parameters, by IR name, with their type text. */
  required: Map<string, string>;
  /** The variants' parameters types when the method's is their union. */
  union?: string[];
}

const none = (): Need => ({ members: new Map(), oneOf: [] });

export class RequiredInputs {
  private readonly structs: Map<string, StructIr>;

  constructor(ir: OvirtIr) {
    this.structs = new Map(
      ir.types.filter((type): type is StructIr => type.kind === 'struct').map((type) => [type.name, type]),
    );
  }

  /** The needs of every plan of `service`, by plan. */
  plan(service: ServiceIr, plans: MethodPlan[]): Map<MethodPlan, ArgumentNeeds> {
    const own = new Map(plans.map((plan) => [plan.method.name, this.needsOf(plan.method)]));
    const result = new Map<MethodPlan, ArgumentNeeds>();
    for (const plan of plans) {
      const base = plan.method.base === undefined ? undefined : own.get(plan.method.base);
      const needs = mergeRoots(own.get(plan.method.name) ?? none(), base ?? none());
      result.set(plan, this.argumentNeeds(service, plan, needs));
    }
    for (const plan of plans) {
      const variants = plans.filter((candidate) => candidate.method.base === plan.method.name);
      const added = variants.map((variant) => [...(own.get(variant.method.name)?.members.keys() ?? [])]);
      // A variant adding nothing is the base itself: the base's own needs are then all there is.
      if (variants.length === 0 || added.some((names) => names.length === 0)) continue;
      const entity = plan.body?.name;
      const base = result.get(plan) ?? { required: new Map() };
      if (added.every((names) => names.every((name) => name === entity))) {
        const names = variants.map((variant) => result.get(variant)?.entity?.name);
        const name = `${argumentPrefix(service, plan)}${typeName(entity ?? '')}`;
        result.set(plan, { ...base, entity: { name, text: unionText(names as string[]) } });
      } else if (added.every((names) => names.every((name) => name !== entity))) {
        const of = variants.map((variant) => result.get(variant)?.required ?? new Map<string, string>());
        const required = new Map([...base.required].filter(([name]) => of.every((each) => each.has(name))));
        result.set(plan, { required, union: variants.map((variant) => parametersName(service, variant)) });
      } else {
        throw new GeneratorError(`${service.name}.${plan.method.name}: variants need entity and parameters`);
      }
    }
    return result;
  }

  /** The facts of one method, as needs rooted at its parameters. */
  private needsOf(method: MethodIr): Need {
    const root = none();
    for (const parameter of method.parameters) {
      if (parameter.mandatory) at(root, [parameter.name]);
      for (const detail of parameter.detail ?? []) {
        if (!detail.mandatory) continue;
        const path = detail.path.split('.');
        if (detail.or === undefined) {
          at(root, path);
          continue;
        }
        const other = detail.or.split('.');
        const shared = commonPrefix(path, other);
        const node = at(root, path.slice(0, shared));
        const first = none();
        const second = none();
        at(first, path.slice(shared));
        at(second, other.slice(shared));
        node.oneOf.push([first, second]);
      }
    }
    return root;
  }

  private argumentNeeds(service: ServiceIr, plan: MethodPlan, root: Need): ArgumentNeeds {
    const parameters = new Map<string, ParameterIr>(
      [...plan.parameters, ...(plan.body ? [plan.body] : [])].map((parameter) => [parameter.name, parameter]),
    );
    if (root.oneOf.length > 0) {
      throw new GeneratorError(`${service.name}.${plan.method.name}: or(…) across parameters`);
    }
    const required = new Map<string, string>();
    let entity: ArgumentNeeds['entity'];
    for (const [name, need] of root.members) {
      const parameter = parameters.get(name);
      if (parameter === undefined) {
        throw new GeneratorError(`${service.name}.${plan.method.name}: input detail of unknown ${name}`);
      }
      const text = this.text(need, parameter.type, `${service.name}.${plan.method.name}.${name}`);
      if (parameter === plan.body) {
        entity = { name: `${argumentPrefix(service, plan)}${typeName(parameter.name)}`, text };
      } else required.set(name, text);
    }
    return { ...(entity === undefined ? {} : { entity }), required };
  }

  /** The type text of a value of `reference` holding what `need` says. */
  private text(need: Need, reference: string, where: string): string {
    const [element, list] = elementOf(reference);
    const plain = typeText(element, 'types.');
    if (isEmpty(need)) return list ? `${plain}[]` : plain;
    const text = `${plain} & ${this.objectText(need, element, where)}`;
    return list ? `Array<${text}>` : text;
  }

  /** `{ name: string; cluster: types.Cluster & ({ id: string } | { name: string }) }`: members, then pairs. */
  private objectText(need: Need, struct: string, where: string): string {
    const members = [...need.members].map(([name, child]) => {
      const member = this.member(struct, name);
      if (member === undefined) throw new GeneratorError(`${where}: ${struct} has no member ${name}`);
      return `${propertyKey(propertyName(name))}: ${this.text(child, member, `${where}.${name}`)}`;
    });
    const nested = need.oneOf.map(
      ([first, second]) =>
        `(${this.objectText(first, struct, where)} | ${this.objectText(second, struct, where)})`,
    );
    return [...(members.length > 0 ? [objectLiteral(members)] : []), ...nested].join(' & ');
  }

  /** The type reference of a struct's member, declared there or on a base. */
  private member(struct: string, name: string): string | undefined {
    for (let type = this.structs.get(struct); type !== undefined; type = this.structs.get(type.base ?? '')) {
      const found = [...type.attributes, ...type.links].find((member) => member.name === name);
      if (found !== undefined) return found.type;
    }
    return undefined;
  }
}

/** `VmsAddFromScratch` of `VmsAddFromScratchParameters`: the prefix of a method's argument types. */
function argumentPrefix(service: ServiceIr, plan: MethodPlan): string {
  return parametersName(service, plan).replace(/Parameters$/, '');
}

/** The node at `path` under `root`, made required all the way. */
function at(root: Need, path: string[]): Need {
  let node = root;
  for (const name of path) {
    let next = node.members.get(name);
    if (next === undefined) {
      next = none();
      node.members.set(name, next);
    }
    node = next;
  }
  return node;
}

/** `{ id: string }`, or one member a line when that is long or nested. */
function objectLiteral(members: string[]): string {
  const line = `{ ${members.join('; ')} }`;
  return line.length <= 60 && !line.includes('\n')
    ? line
    : `{\n${members.map((member) => `${member};\n`).join('')}}`;
}

/** A union of type names, one a line when long. */
export function unionText(names: string[]): string {
  const line = names.join(' | ');
  return line.length <= 60 ? line : names.map((name) => `\n  | ${name}`).join('');
}

function mergeRoots(into: Need, from: Need): Need {
  const known = new Set(into.oneOf.map((pair) => JSON.stringify(pair, needReplacer)));
  const added = from.oneOf.filter((pair) => !known.has(JSON.stringify(pair, needReplacer)));
  const merged: Need = { members: new Map(into.members), oneOf: [...into.oneOf, ...added] };
  for (const [name, need] of from.members) {
    const existing = merged.members.get(name);
    merged.members.set(name, existing === undefined ? need : mergeRoots(existing, need));
  }
  return merged;
}

/** Needs as JSON, to compare them. */
function needReplacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...value] : value;
}

function isEmpty(need: Need | undefined): boolean {
  return need === undefined || (need.members.size === 0 && need.oneOf.length === 0);
}

function commonPrefix(a: string[], b: string[]): number {
  let index = 0;
  while (index < a.length - 1 && index < b.length - 1 && a[index] === b[index]) index++;
  return index;
}
