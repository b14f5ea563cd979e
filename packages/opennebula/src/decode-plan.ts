/**
 * Record plans: the generated shapes (generated/shapes.ts) in the form the streaming decoder
 * looks them up, built once per record type on first use.
 */
import { SHAPES } from './generated/shapes.js';
import type { FieldSpec } from './shape.js';

/** How a record reads one child element. */
export interface Field {
  /** The element's local name: the property it fills. */
  readonly name: string;
  readonly kind: FieldSpec['kind'];
  /** The record type, for a record field. */
  readonly type: string | undefined;
  readonly many: boolean;
  /** The field's position in its record type, to tell a repeated single field. */
  readonly index: number;
  readonly set: FieldSpec['set'];
}

export interface Plan {
  /** By element local name. Field names are XML names without a prefix: never with a ':'. */
  readonly fields: ReadonlyMap<string, Field>;
  readonly list: readonly Field[];
  /** Every record starts with these as `[]`, so a repeatable element is an array even when absent. */
  readonly repeatable: readonly Field[];
}

const plans = new Map<string, Plan>();

/** The plan of record type `typeName`, or undefined when the shapes do not have it. */
export function planOf(typeName: string): Plan | undefined {
  let plan = plans.get(typeName);
  if (plan === undefined) {
    const shape = Object.hasOwn(SHAPES, typeName) ? SHAPES[typeName] : undefined;
    if (shape === undefined) return undefined;
    const fields = Object.entries(shape).map(([name, spec], index) => fieldOf(name, spec, index));
    plan = {
      fields: new Map(fields.map((field) => [field.name, field])),
      list: fields,
      repeatable: fields.filter((field) => field.many),
    };
    plans.set(typeName, plan);
  }
  return plan;
}

function fieldOf(name: string, spec: FieldSpec, index: number): Field {
  const type = spec.kind === 'record' ? spec.type : undefined;
  return { name, kind: spec.kind, type, many: spec.many === true, index, set: spec.set };
}
