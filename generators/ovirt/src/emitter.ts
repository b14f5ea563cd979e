/**
 * oVirt IR → `src/generated/`:
 * - `types.ts`: an interface per struct (extending its base) and a value object + union type per enum;
 * - `model.ts`: the tables the hand-written XML reader and writer run on (tags, member types, lists,
 *   links);
 * - `services.ts`: a class per service (locators, methods, actions, `waitFor`) over the hand-written
 *   `Service` base, and a parameters type per method. Every method takes its model parameters and
 *   the runtime's `CallOptions` as two arguments: `list(parameters?, options?)`,
 *   `add(entity, parameters?, options?)`, `<action>(parameters?, options?)`; what the model makes
 *   mandatory is required in their types (`required-inputs.ts`).
 * Comments are the model's AsciiDoc rendered as Markdown with `{@link}`s (`model-docs.ts`).
 */
import { type Emitter, GeneratorError, jsDocs, propertyKey, stringLiteral } from '@overcast/generator-core';
import {
  type ClassDeclarationStructure,
  type CodeBlockWriter,
  type InterfaceDeclarationStructure,
  type MethodDeclarationStructure,
  type OptionalKind,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
} from 'ts-morph';
import type { LinkTargets } from './asciidoc-inline.js';
import { ModelLinks } from './doc-links.js';
import type { Documented, EnumIr, MemberIr, OvirtIr, ServiceIr, StructIr } from './ir.js';
import { modelDocs } from './model-docs.js';
import { type ArgumentNeeds, RequiredInputs, unionText } from './required-inputs.js';
import { type MethodPlan, parametersName, planLocators, planMethods, statusEnum } from './service-plan.js';
import { plural, propertyName, serviceClass, singular, tagName, typeName } from './ts-names.js';
import { elementOf, emittedServices, tableTypeName, typeText } from './type-texts.js';

export function emitOvirt(ir: OvirtIr, out: Emitter): void {
  const links = new ModelLinks(ir);
  emitTypes(ir, out, links);
  emitModel(ir, out);
  emitServices(ir, out, links.targets('services'));
}

function structs(ir: OvirtIr): StructIr[] {
  return ir.types.filter((type): type is StructIr => type.kind === 'struct');
}

function enums(ir: OvirtIr): EnumIr[] {
  return ir.types.filter((type): type is EnumIr => type.kind === 'enum');
}

function emitTypes(ir: OvirtIr, out: Emitter, links: ModelLinks): void {
  const file = out.file('types.ts');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../model-meta.js',
    namedImports: ['List'],
  });
  const targets = links.targets('types');
  const docsOf = (item: Documented) => modelDocs(item, targets);
  const statements: StatementStructures[] = [];
  for (const type of enums(ir)) {
    statements.push(
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: docsOf(type),
        declarations: [
          {
            name: typeName(type.name),
            initializer: (writer) => {
              writer.write('{').newLine();
              for (const value of type.values) {
                writer.writeLine(`${propertyKey(value.toUpperCase())}: ${stringLiteral(value)},`);
              }
              writer.write('} as const');
            },
          },
        ],
      },
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: typeName(type.name),
        docs: jsDocs('Unknown values a newer engine sends are kept as they are.'),
        type: `(typeof ${typeName(type.name)})[keyof typeof ${typeName(type.name)}]`,
      },
    );
  }
  for (const type of structs(ir)) {
    const member = (item: MemberIr, link: boolean) => ({
      name: propertyKey(propertyName(item.name)),
      type: typeText(item.type, '', link),
      hasQuestionToken: true,
      docs: docsOf(item),
    });
    const interfaceStructure: InterfaceDeclarationStructure = {
      kind: StructureKind.Interface,
      isExported: true,
      name: typeName(type.name),
      docs: docsOf(type),
      extends: type.base === undefined ? [] : [typeName(type.base)],
      properties: [
        ...(type.base === undefined
          ? [
              {
                name: 'href',
                type: 'string',
                hasQuestionToken: true,
                docs: jsDocs('Where the engine serves it.'),
              },
            ]
          : []),
        ...type.attributes.map((item) => member(item, false)),
        ...type.links.map((item) => member(item, true)),
      ],
    };
    statements.push(interfaceStructure);
  }
  file.addStatements(statements);
  // Only for the `{@link services.…}`s of the comments above.
  if (links.typesLinkServices) {
    file.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: './services.js',
      namespaceImport: 'services',
    });
  }
}

function emitModel(ir: OvirtIr, out: Emitter): void {
  const file = out.file('model.ts');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../model-meta.js',
    namedImports: ['StructMeta'],
  });
  const table = (
    name: string,
    type: string,
    write: (writer: CodeBlockWriter) => void,
  ): StatementStructures => ({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name, type, initializer: write }],
  });
  file.addStatements([
    table('ENUMS', 'Readonly<Record<string, readonly string[]>>', (writer) => {
      writer.write('{').newLine();
      for (const type of enums(ir)) {
        writer.writeLine(`${typeName(type.name)}: [${type.values.map(stringLiteral).join(', ')}],`);
      }
      writer.write('}');
    }),
    table('STRUCTS', 'Readonly<Record<string, StructMeta>>', (writer) => {
      writer.write('{').newLine();
      const structNames = new Set(structs(ir).map((type) => type.name));
      for (const type of structs(ir)) writeStructMeta(writer, type, structNames);
      writer.write('}');
    }),
  ]);
}

/** `Vm: { tag: 'vm', plural: 'vms', base: 'VmBase', members: [['status', 'status', 'VmStatus'], …] },` */
function writeStructMeta(writer: CodeBlockWriter, type: StructIr, structNames: Set<string>): void {
  const base = type.base === undefined ? '' : ` base: ${stringLiteral(typeName(type.base))},`;
  writer.writeLine(
    `${typeName(type.name)}: { tag: ${stringLiteral(tagName(type.name))}, plural: ${stringLiteral(tagName(plural(type.name)))},${base} members: [`,
  );
  const members = [
    ...type.attributes.map((member) => ({ member, link: false })),
    ...type.links.map((member) => ({ member, link: true })),
  ];
  for (const { member, link } of members) {
    const [element, list] = elementOf(member.type);
    const flags = (list ? 1 : 0) | (link ? 2 : 0);
    const fields = [propertyName(member.name), tagName(member.name), tableTypeName(element)].map(
      stringLiteral,
    );
    if (flags !== 0) fields.push(String(flags));
    // Items of a list of primitives or enums are named by the singular of the member.
    if (list && !structNames.has(element)) fields.push(stringLiteral(tagName(singular(member.name))));
    writer.writeLine(`[${fields.join(', ')}],`);
  }
  writer.writeLine('] },');
}

function emitServices(ir: OvirtIr, out: Emitter, targets: LinkTargets): void {
  const file = out.file('services.ts');
  file.addImportDeclarations([
    {
      moduleSpecifier: '../service.js',
      namedImports: [
        'Service',
        { name: 'CallOptions', isTypeOnly: true },
        { name: 'NoParameters', isTypeOnly: true },
        { name: 'WaitOptions', isTypeOnly: true },
      ],
    },
    { isTypeOnly: true, moduleSpecifier: './types.js', namespaceImport: 'types' },
  ]);
  const services = new Map(emittedServices(ir).map((service) => [service.name, service]));
  const statements: StatementStructures[] = [];
  const inherited = (service: ServiceIr): Set<string> => {
    const base = service.base === undefined ? undefined : services.get(service.base);
    return base === undefined ? new Set() : new Set([...inherited(base), ...memberNames(base)]);
  };
  const requiredInputs = new RequiredInputs(ir);
  for (const service of basesFirst([...services.values()], services)) {
    const plans = planMethods(service);
    const needs = requiredInputs.plan(service, plans);
    const overridden = inherited(service);
    for (const plan of plans) {
      const need = needs.get(plan) ?? { required: new Map() };
      statements.push(...argumentTypes(service, plan, need, targets));
    }
    statements.push(serviceClassStructure(ir, service, plans, { overridden, needs, targets }));
  }
  file.addStatements(statements);
}

/**
 * The types of a method's model arguments:
 * - `VmStartParameters`: its model parameters, those the model makes mandatory required. A method
 *   without any gets an alias of `NoParameters`, so that an object holding anything (a call option
 *   put in the wrong argument) is a type error rather than an empty interface that takes everything.
 *   A base method whose variants need different parameters takes any of theirs
 *   (`VmExportParameters = VmExportToExportDomainParameters | VmExportToPathOnHostParameters`).
 * - `VmsAddFromScratchVm`: the entity of an add or update, when the model requires some of it.
 */
function argumentTypes(
  service: ServiceIr,
  plan: MethodPlan,
  need: ArgumentNeeds,
  targets: LinkTargets,
): StatementStructures[] {
  const method = `\`${serviceClass(service.name)}.${plan.name}\``;
  const entity: StatementStructures[] =
    need.entity === undefined || plan.body === undefined
      ? []
      : [
          {
            kind: StructureKind.TypeAlias,
            isExported: true,
            name: need.entity.name,
            docs: jsDocs(
              need.entity.text.startsWith('types.')
                ? `The \`${propertyName(plan.body.name)}\` of ${method}: what the model makes mandatory is required.`
                : `The \`${propertyName(plan.body.name)}\` of ${method}, as one of its signatures needs it.`,
            ),
            type: need.entity.text,
          },
        ];
  const name = parametersName(service, plan);
  if (need.union !== undefined) {
    const docs = jsDocs(`Parameters of ${method}, as one of its signatures needs them.`);
    const type = unionText(need.union);
    return [...entity, { kind: StructureKind.TypeAlias, isExported: true, name, docs, type }];
  }
  const docs = jsDocs(`Parameters of ${method}.`);
  if (plan.parameters.length === 0) {
    return [...entity, { kind: StructureKind.TypeAlias, isExported: true, name, docs, type: 'NoParameters' }];
  }
  const parameters: StatementStructures = {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs,
    properties: plan.parameters.map((parameter) => {
      const required = need.required.get(parameter.name);
      return {
        name: propertyKey(propertyName(parameter.name)),
        type: required ?? typeText(parameter.type, 'types.'),
        hasQuestionToken: required === undefined,
        docs: modelDocs(parameter, targets),
      };
    }),
  };
  return [...entity, parameters];
}

interface ClassContext {
  /** Member names a base class declares too. */
  overridden: Set<string>;
  needs: Map<MethodPlan, ArgumentNeeds>;
  targets: LinkTargets;
}

function serviceClassStructure(
  ir: OvirtIr,
  service: ServiceIr,
  plans: MethodPlan[],
  { overridden, needs, targets }: ClassContext,
): ClassDeclarationStructure {
  const docsOf = (item: Documented) => modelDocs(item, targets);
  const methods: OptionalKind<MethodDeclarationStructure>[] = [];
  const add = (method: OptionalKind<MethodDeclarationStructure>) => {
    if (methods.some((existing) => existing.name === method.name)) {
      throw new GeneratorError(`${service.name}: two members named ${method.name}`);
    }
    methods.push({ ...method, hasOverrideKeyword: overridden.has(method.name) });
  };
  for (const plan of plans) add(methodStructure(service, plan, needs.get(plan), targets));
  for (const locator of planLocators(service)) {
    const path =
      locator.segment === undefined ? `\${encodeURIComponent(${locator.parameter})}` : locator.segment;
    add({
      name: locator.name,
      docs: docsOf(locator.locator),
      parameters: locator.parameter === undefined ? [] : [{ name: locator.parameter, type: 'string' }],
      returnType: locator.target,
      statements: [`return new ${locator.target}(this.$connection, \`\${this.$path}/${path}\`);`],
    });
  }
  const status = statusEnum(ir, plans);
  const get = plans.find((plan) => plan.kind === 'get' && plan.method.base === undefined);
  if (status !== undefined && get !== undefined) {
    const statusType = `types.${typeName(status)}`;
    add({
      name: 'waitFor',
      docs: jsDocs(
        'Polls `get()` until the status is `status` (or one of them), up to `options.timeout` ms.',
      ),
      parameters: [
        { name: 'status', type: `${statusType} | readonly ${statusType}[]` },
        { name: 'options', type: 'WaitOptions', initializer: '{}' },
      ],
      returnType: `Promise<${get.returns}>`,
      statements: ['return this.$waitFor((signal) => this.get({}, { signal }), status, options);'],
    });
  }
  return {
    kind: StructureKind.Class,
    isExported: true,
    name: serviceClass(service.name),
    docs: docsOf(service),
    extends: service.base === undefined ? 'Service' : serviceClass(service.base),
    methods,
  };
}

function methodStructure(
  service: ServiceIr,
  plan: MethodPlan,
  need: ArgumentNeeds | undefined,
  targets: LinkTargets,
): OptionalKind<MethodDeclarationStructure> {
  // Parameters the model makes mandatory make the argument itself required.
  const optional = (need?.required.size ?? 0) === 0 && need?.union === undefined;
  const parameters = {
    name: 'parameters',
    type: parametersName(service, plan),
    ...(optional ? { initializer: '{}' } : {}),
  };
  const options = { name: 'options', type: 'CallOptions', initializer: '{}' };
  const returnType = `Promise<${plan.returns}>`;
  const docs = modelDocs(plan.method, targets);
  // Model parameters named like a call option (`timeout`): the base sends them instead of refusing them.
  const optionNamed =
    plan.optionNamed.length === 0 ? '' : `, [${plan.optionNamed.map(stringLiteral).join(', ')}]`;
  const body = plan.body;
  if (body !== undefined) {
    const bodyType = typeName(elementOf(body.type)[0]);
    const call = plan.kind === 'add' ? '$add' : '$update';
    const entity = safeParameter(propertyName(body.name));
    return {
      name: plan.name,
      docs,
      parameters: [
        { name: entity, type: need?.entity?.name ?? typeText(body.type, 'types.') },
        parameters,
        options,
      ],
      returnType,
      statements: [
        `return this.${call}(${entity}, ${stringLiteral(bodyType)}, parameters, options${optionNamed});`,
      ],
    };
  }
  const call =
    plan.kind === 'action'
      ? `this.$action(${stringLiteral(plan.actionSegment ?? '')}, ${plan.output === undefined ? 'undefined' : stringLiteral(propertyName(plan.output.name))}, parameters, options${optionNamed})`
      : `this.$${plan.kind}(parameters, options${optionNamed})`;
  return {
    name: plan.name,
    docs,
    parameters: [parameters, options],
    returnType,
    statements: [`return ${call};`],
  };
}

/** Parameter names may not be reserved words (`import`, `function`…). */
function safeParameter(name: string): string {
  return /^(break|case|catch|class|const|continue|debugger|default|delete|do|else|enum|export|extends|false|finally|for|function|if|import|in|instanceof|new|null|return|super|switch|this|throw|true|try|typeof|var|void|while|with|yield|let|static|implements|interface|package|private|protected|public|await|options|parameters)$/.test(
    name,
  )
    ? `${name}_`
    : name;
}

function memberNames(service: ServiceIr): string[] {
  return [
    ...planMethods(service).map((plan) => plan.name),
    ...planLocators(service).map((locator) => locator.name),
  ];
}

/** Services ordered so that every base class is declared before the classes extending it. */
function basesFirst(list: ServiceIr[], byName: Map<string, ServiceIr>): ServiceIr[] {
  const ordered: ServiceIr[] = [];
  const placed = new Set<string>();
  const place = (service: ServiceIr) => {
    if (placed.has(service.name)) return;
    placed.add(service.name);
    const base = service.base === undefined ? undefined : byName.get(service.base);
    if (base !== undefined) place(base);
    ordered.push(service);
  };
  for (const service of list) place(service);
  return ordered;
}
