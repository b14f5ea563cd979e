/** TypeScript type texts of IR type references, shared by the emitter and the digest. */
import type { OvirtIr, PrimitiveName } from './ir.js';
import { typeName } from './ts-names.js';

const PRIMITIVE_TEXTS: Record<PrimitiveName, string> = {
  boolean: 'boolean',
  date: 'Date',
  decimal: 'number',
  integer: 'number',
  string: 'string',
};

/** `vm[]` → `['vm', true]`. */
export function elementOf(reference: string): [element: string, list: boolean] {
  return reference.endsWith('[]') ? [reference.slice(0, -2), true] : [reference, false];
}

export function isPrimitive(name: string): name is PrimitiveName {
  return name in PRIMITIVE_TEXTS;
}

/**
 * The TypeScript text of a type reference; `prefix` qualifies model types (`types.`), and
 * `listLink` makes a list a `List<…>` that may carry an `href`.
 */
export function typeText(reference: string, prefix = '', listLink = false): string {
  const [element, list] = elementOf(reference);
  const text = isPrimitive(element) ? PRIMITIVE_TEXTS[element] : `${prefix}${typeName(element)}`;
  if (!list) return text;
  return listLink ? `List<${text}>` : `${text}[]`;
}

/** The wire name of a table type: primitives as they are, model types by their TypeScript name. */
export function tableTypeName(element: string): string {
  return isPrimitive(element) ? element : typeName(element);
}

/** The services the emitter writes: the upstream pseudo-services `area` and `follow` are dropped. */
export function emittedServices(ir: OvirtIr) {
  return ir.services.filter((service) => service.name !== 'area' && service.name !== 'follow');
}
