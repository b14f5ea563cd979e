/**
 * The metamodel analysis (upstream `ModelAnalyzer` + `BuiltinTypes`) over parsed Java declarations:
 * `@Type` declarations become structs and enums, every other top-level declaration a service.
 */
import { parseInputDetail } from './input-detail.js';
import type {
  DetailIr,
  Documented,
  EnumIr,
  LocatorIr,
  MemberIr,
  MethodIr,
  OvirtIr,
  ParameterIr,
  ServiceIr,
  StructIr,
  TypeIr,
} from './ir.js';
import { PRIMITIVES } from './ir.js';
import type {
  JavaAnnotation,
  JavaDeclaration,
  JavaDoc,
  JavaInterface,
  JavaMethod,
  JavaTypeRef,
} from './java-source.js';
import { constantName, javaName, serviceName } from './names.js';

/** Method names that are not actions (upstream `Method.isAction`). */
const NON_ACTIONS = new Set(['add', 'get', 'list', 'update', 'remove']);

export interface AnalyzerInput {
  declarations: JavaDeclaration[];
  documents: string[];
}

export function analyzeModel({ declarations, documents }: AnalyzerInput): OvirtIr {
  const mixins = new Map<string, JavaInterface>();
  for (const declaration of declarations) {
    if (declaration.kind === 'interface' && has(declaration.annotations, 'Mixin'))
      mixins.set(declaration.name, declaration);
  }
  const types: TypeIr[] = PRIMITIVES.map((name) => ({ kind: 'primitive', name }));
  const services: ServiceIr[] = [];
  let root: string | undefined;
  for (const declaration of declarations) {
    if (has(declaration.annotations, 'Type')) {
      types.push(declaration.kind === 'enum' ? enumType(declaration) : structType(declaration, mixins));
      continue;
    }
    const service = serviceOf(declaration, mixins);
    if (has(declaration.annotations, 'Root')) root = service.name;
    services.push(service);
  }
  if (root === undefined) throw new Error('no @Root service in the model');
  types.push(...builtinTypes(services));
  return {
    root,
    types: types.sort(byName),
    services: services.sort(byName),
    documents: [...documents].sort(),
  };
}

function enumType(declaration: JavaDeclaration): EnumIr {
  if (declaration.kind !== 'enum')
    throw new Error(`@Type ${declaration.name} is neither an interface nor an enum`);
  const valueDocs: Record<string, string> = {};
  for (const constant of declaration.constants) {
    if (constant.doc?.text) valueDocs[constantName(constant.name)] = constant.doc.text;
  }
  // Upstream quirk kept on purpose: a @Deprecated enum value marks the whole enum type deprecated.
  const deprecated = declaration.constants.some((constant) => has(constant.annotations, 'Deprecated'));
  return {
    kind: 'enum',
    name: javaName(declaration.name),
    ...documented(declaration.annotations, declaration.doc, deprecated),
    values: declaration.constants.map((constant) => constantName(constant.name)),
    ...(Object.keys(valueDocs).length > 0 ? { valueDocs } : {}),
  };
}

function structType(declaration: JavaDeclaration, mixins: Map<string, JavaInterface>): StructIr {
  if (declaration.kind !== 'interface')
    throw new Error(`@Type ${declaration.name} is neither an interface nor an enum`);
  const [base, ...others] = declaration.extends;
  const methods = [...declaration.methods, ...others.flatMap((name) => mixins.get(name)?.methods ?? [])];
  const member = (method: JavaMethod): MemberIr => ({
    name: javaName(method.name),
    type: typeName(returnsOf(method)),
    ...documented(method.annotations, method.doc),
  });
  return {
    kind: 'struct',
    name: javaName(declaration.name),
    ...(base === undefined ? {} : { base: javaName(base) }),
    ...documented(declaration.annotations, declaration.doc),
    attributes: methods.filter((method) => !has(method.annotations, 'Link')).map(member),
    links: methods.filter((method) => has(method.annotations, 'Link')).map(member),
  };
}

function serviceOf(declaration: JavaDeclaration, mixins: Map<string, JavaInterface>): ServiceIr {
  const area = declaration.annotations.find((annotation) => annotation.name === 'Area');
  const service: ServiceIr = {
    name: serviceName(declaration.name),
    ...documented(declaration.annotations, declaration.doc),
    ...(area === undefined ? {} : { area: area.values }),
    methods: [],
    locators: [],
  };
  if (declaration.kind !== 'interface') return service;
  const base = declaration.extends[0];
  if (base !== undefined) service.base = serviceName(base);
  service.methods = declaration.interfaces.flatMap((method) => methodsOf(method, undefined, mixins));
  service.locators = declaration.methods
    .filter((method) => has(method.annotations, 'Service'))
    .map(locatorOf);
  return service;
}

/** A method interface and its signature variants (nested interfaces that copy its parameters). */
function methodsOf(
  declaration: JavaInterface,
  base: { name: string; parameters: ParameterIr[] } | undefined,
  mixins: Map<string, JavaInterface>,
): MethodIr[] {
  const name = javaName(declaration.name);
  const mixinMethods = declaration.extends.flatMap((extended) => mixins.get(extended)?.methods ?? []);
  const own = [...declaration.methods, ...mixinMethods].filter(
    (method) => has(method.annotations, 'In') || has(method.annotations, 'Out'),
  );
  const parameters: ParameterIr[] = own.map(parameterOf);
  // Copies keep name, type, direction and documentation; upstream (`copyParameters`) drops the
  // deprecation, `@since` and input details.
  for (const inherited of base?.parameters ?? []) {
    const { name, type, doc } = inherited;
    parameters.push({
      name,
      type,
      ...(doc === undefined ? {} : { doc }),
      in: inherited.in,
      out: inherited.out,
    });
  }
  for (const method of declaration.methods) {
    if (has(method.annotations, 'InputDetail') && method.body !== undefined) {
      applyInputDetail(parameters, method.body);
    }
  }
  const method: MethodIr = {
    name,
    ...(base === undefined ? {} : { base: base.name }),
    ...documented(declaration.annotations, declaration.doc),
    action: !NON_ACTIONS.has(name) && !(base !== undefined && NON_ACTIONS.has(base.name)),
    parameters,
  };
  const variants = declaration.interfaces.flatMap((variant) =>
    methodsOf(variant, { name, parameters }, mixins),
  );
  return [method, ...variants];
}

function parameterOf(method: JavaMethod): ParameterIr {
  return {
    name: javaName(method.name),
    type: typeName(returnsOf(method)),
    ...documented(method.annotations, method.doc),
    in: has(method.annotations, 'In'),
    out: has(method.annotations, 'Out'),
  };
}

function applyInputDetail(parameters: ParameterIr[], body: string): void {
  for (const statement of parseInputDetail(body)) {
    const [first, ...members] = statement.path;
    const parameter = parameters.find((candidate) => candidate.name === first);
    if (parameter === undefined) throw new Error(`input detail names unknown parameter ${first}`);
    if (members.length === 0) {
      // Only `mandatory(x())` leaves a mark: `optional` is the default.
      if (statement.mandatory) parameter.mandatory = true;
      continue;
    }
    const detail: DetailIr = { path: statement.path.join('.'), mandatory: statement.mandatory };
    if (statement.or !== undefined) detail.or = statement.or.join('.');
    parameter.detail ??= [];
    const existing = parameter.detail.findIndex((entry) => entry.path === detail.path);
    if (existing >= 0) parameter.detail[existing] = detail;
    else parameter.detail.push(detail);
  }
}

function locatorOf(method: JavaMethod): LocatorIr {
  return {
    name: javaName(method.name),
    service: serviceName(returnsOf(method).name),
    ...documented(method.annotations, method.doc),
    parameters: method.params.map((param) => ({ name: javaName(param.name), type: typeName(param.type) })),
  };
}

/** `Fault`, `GracePeriod` and `Action`, added after analysis by every upstream generator. */
function builtinTypes(services: ServiceIr[]): StructIr[] {
  const attributes: MemberIr[] = [
    { name: 'status', type: 'string' },
    { name: 'fault', type: 'fault' },
    { name: 'grace_period', type: 'grace_period' },
    { name: 'job', type: 'job' },
  ];
  const seen = new Map(attributes.map((attribute) => [attribute.name, attribute.type]));
  for (const service of services) {
    for (const method of service.methods) {
      if (NON_ACTIONS.has(method.name)) continue;
      for (const parameter of method.parameters) {
        const known = seen.get(parameter.name);
        if (known === undefined) {
          seen.set(parameter.name, parameter.type);
          attributes.push({ name: parameter.name, type: parameter.type });
        } else if (known !== parameter.type) {
          throw new Error(`action parameter ${parameter.name} has two types: ${known} and ${parameter.type}`);
        }
      }
    }
  }
  return [
    {
      kind: 'struct',
      name: 'fault',
      attributes: [
        { name: 'reason', type: 'string' },
        { name: 'detail', type: 'string' },
      ],
      links: [],
    },
    { kind: 'struct', name: 'grace_period', attributes: [{ name: 'expiry', type: 'integer' }], links: [] },
    { kind: 'struct', name: 'action', base: 'identified', attributes, links: [] },
  ];
}

/** A Java type → metamodel type reference (upstream `assignTypeReference`). */
function typeName(type: JavaTypeRef): string {
  const element = JAVA_TYPES[type.name] ?? javaName(type.name);
  return type.array ? `${element}[]` : element;
}

const JAVA_TYPES: Record<string, string> = {
  Boolean: 'boolean',
  bool: 'boolean',
  boolean: 'boolean',
  Double: 'decimal',
  Float: 'decimal',
  double: 'decimal',
  float: 'decimal',
};

function returnsOf(method: JavaMethod): JavaTypeRef {
  if (method.returns === undefined) throw new Error(`${method.name}() returns void`);
  return method.returns;
}

/**
 * Documentation, `@since` and deprecation. Upstream turns every Javadoc tag into an annotation named
 * by its words, so a `@Deprecated 4.2` Javadoc tag deprecates like the Java annotation.
 */
function documented(annotations: JavaAnnotation[], doc: JavaDoc | undefined, deprecated = false): Documented {
  const since = doc?.tags.find((tag) => tag.name === 'since')?.value;
  const deprecatedTag = doc?.tags.some((tag) => javaName(tag.name) === 'deprecated') ?? false;
  const text = [doc?.text ?? '', ...textAfterSince(doc)].filter((part) => part !== '').join('\n\n');
  return {
    ...(text ? { doc: text } : {}),
    ...(since ? { since } : {}),
    ...(deprecated || deprecatedTag || has(annotations, 'Deprecated') ? { deprecated: true as const } : {}),
  };
}

/**
 * Text the writers went on with after a `@since` line (`ImageTransferService`, twice), which
 * Javadoc makes part of the tag: it continues the description. `since` keeps the tag's value as
 * upstream reads it; the emitter shows its first line.
 */
function textAfterSince(doc: JavaDoc | undefined): string[] {
  return (doc?.tags ?? [])
    .filter((tag) => tag.name === 'since')
    .map((tag) => tag.value.split('\n').slice(1).join('\n').trim());
}

function has(annotations: JavaAnnotation[], name: string): boolean {
  return annotations.some((annotation) => annotation.name === name);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
