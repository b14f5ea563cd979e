/**
 * The oVirt IR: the upstream metamodel's concepts, in the shape of the analyzer's own dump
 * (`schemas/ovirt/<v>/concepts.json`) plus documentation. Names are metamodel names (lower-case
 * words joined by `_`); type references are names, `x[]` for a list, or a primitive.
 */

export const PRIMITIVES = ['boolean', 'date', 'decimal', 'integer', 'string'] as const;
export type PrimitiveName = (typeof PRIMITIVES)[number];

export interface Documented {
  doc?: string;
  since?: string;
  deprecated?: true;
}

export interface MemberIr extends Documented {
  name: string;
  type: string;
}

export interface StructIr extends Documented {
  kind: 'struct';
  name: string;
  base?: string;
  attributes: MemberIr[];
  links: MemberIr[];
}

export interface EnumIr extends Documented {
  kind: 'enum';
  name: string;
  values: string[];
  /** Documentation of the values that have some. */
  valueDocs?: Record<string, string>;
}

export interface PrimitiveIr {
  kind: 'primitive';
  name: PrimitiveName;
}

export type TypeIr = StructIr | EnumIr | PrimitiveIr;

export interface DetailIr {
  /** `vm.cluster.id`: the parameter, then member names. */
  path: string;
  mandatory: boolean;
  /** The alternative of an `or(…)` pair. */
  or?: string;
}

export interface ParameterIr extends MemberIr {
  in: boolean;
  out: boolean;
  /** Set by a single-element input detail: `mandatory(fenceType())`. */
  mandatory?: boolean;
  detail?: DetailIr[];
}

export interface MethodIr extends Documented {
  name: string;
  /** The enclosing method of a signature variant (`from_scratch` → `add`). */
  base?: string;
  action: boolean;
  parameters: ParameterIr[];
}

export interface LocatorIr extends Documented {
  name: string;
  service: string;
  parameters: MemberIr[];
}

export interface ServiceIr extends Documented {
  name: string;
  base?: string;
  area?: string[];
  methods: MethodIr[];
  locators: LocatorIr[];
}

export interface OvirtIr {
  root: string;
  types: TypeIr[];
  services: ServiceIr[];
  documents: string[];
  /** The titles of the documents' sections, by anchor (`documents/003_common_concepts/follow`). */
  sections?: Record<string, string>;
}
