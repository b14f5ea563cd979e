/**
 * EC2 IR → `@overcast/ec2`'s `src/generated/`:
 * - `types.ts`: an interface per structure with the model's member names (`ImageId`, `Reservations`)
 *   and an open string union per enumeration, documented from the model; `OperationTypes` (each
 *   operation's input and output) and `OperationName`;
 * - `operations.ts`: the operation table (`OPERATIONS`) and, per structure, how its members are
 *   written in the query string (`INPUT_SHAPES`) and read from response XML (`OUTPUT_SHAPES`), which
 *   the package's hand-written serializer and reader walk; each entry of the two structure tables
 *   is an object literal inside a function of its own, built when first read (`lazyRecord`), so
 *   that importing the package only pre-parses them and a request builds only what it reads;
 * - `paginators.ts`: botocore's paginators (`NextToken`/`MaxResults`);
 * - `waiters.ts`: botocore's waiters, their JMESPath acceptors compiled into typed functions;
 * - `client.ts`: `Ec2Operations`, the client's typed methods (`runInstances`,
 *   `paginateDescribeInstances`, `waitUntilInstanceRunning`) with the model's documentation, which
 *   the package's `EC2` class implements from the table.
 */
import { type Emitter, jsDocs, propertyKey, safeIdentifier, stringLiteral } from '@overcast/generator-core';
import {
  type CodeBlockWriter,
  type OptionalKind,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
} from 'ts-morph';
import { docMarkdown } from './docs.js';
import type { AcceptorIr, Ec2Ir, MemberIr, OperationIr, WaiterIr } from './ir.js';
import { type CompiledFunction, compileJmesPath, HELPER_SOURCES, type JmesHelper } from './jmespath.js';
import { Ec2Model, methodName, paginatorMethodName, pathFunctionName, waiterMethodName } from './model.js';
import { type ProtocolTables, protocolTables } from './tables.js';

/** The hand-written module (in the package) declaring the table's types. */
const PROTOCOL = '../protocol.js';
/** The hand-written module (in the package) declaring the client's call options and results. */
const CLIENT_TYPES = '../client-types.js';
/** The hand-written module (in the package) making a table on first use. */
const LAZY_RECORD = '../lazy-record.js';

const BASE64_NOTE =
  'The client base64-encodes this value (as boto and boto3 do): pass the raw user data, not its base64.';

export function emitEc2(ir: Ec2Ir, out: Emitter): void {
  const model = new Ec2Model(ir);
  emitTypes(model, out);
  emitOperations(model, out);
  emitPaginators(model, out);
  emitWaiters(model, out);
  emitClient(model, out);
  const index = out.file('index.ts');
  index.addExportDeclaration({ isTypeOnly: true, moduleSpecifier: './types.js' });
  index.addExportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './client.js',
    namedExports: ['Ec2Operations'],
  });
  index.addExportDeclaration({
    moduleSpecifier: './operations.js',
    namedExports: ['API_VERSION', 'INPUT_SHAPES', 'OPERATIONS', 'OUTPUT_SHAPES', 'PROTOCOL'],
  });
  index.addExportDeclaration({
    moduleSpecifier: './paginators.js',
    namedExports: ['PAGINATORS', { name: 'PaginatorName', isTypeOnly: true }],
  });
  index.addExportDeclaration({
    moduleSpecifier: './waiters.js',
    namedExports: ['WAITERS', { name: 'WaiterName', isTypeOnly: true }],
  });
}

function docs(html: string, extra?: string) {
  const text = docMarkdown(html);
  return jsDocs(extra === undefined ? text : text === '' ? extra : `${text}\n\n${extra}`);
}

// ---------------------------------------------------------------------------------------------
// types.ts

function emitTypes(model: Ec2Model, out: Emitter): void {
  const statements: StatementStructures[] = [];
  for (const shape of model.ir.shapes) {
    if (shape.kind === 'string' && shape.enum !== undefined) {
      statements.push({
        kind: StructureKind.TypeAlias,
        name: safeIdentifier(shape.name),
        isExported: true,
        docs: docs(
          shape.documentation,
          'One of the values the model lists; any other string is accepted too, as EC2-compatible clouds send their own (`m1.tiny`).',
        ),
        type: [...shape.enum.map(stringLiteral), '(string & {})'].join(' | '),
      });
    } else if (shape.kind === 'structure') {
      statements.push({
        kind: StructureKind.Interface,
        name: safeIdentifier(shape.name),
        isExported: true,
        docs: docs(shape.documentation),
        properties: shape.members.map((member) => memberProperty(model, member)),
      });
    }
  }
  statements.push({
    kind: StructureKind.Interface,
    name: 'OperationTypes',
    isExported: true,
    docs: jsDocs('Every operation of the model: the input it takes and the output it answers.'),
    properties: model.ir.operations.map((op) => ({
      name: propertyKey(op.name),
      docs: docs(op.documentation),
      type: `{ input: ${model.inputType(op)}; output: ${model.outputType(op)} }`,
    })),
  });
  statements.push({
    kind: StructureKind.TypeAlias,
    name: 'OperationName',
    isExported: true,
    docs: jsDocs('The name of an operation (its `Action`).'),
    type: 'keyof OperationTypes',
  });
  const file = out.file('types.ts');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: PROTOCOL,
    namedImports: ['EmptyStructure'],
  });
  file.addStatements(statements);
}

function memberProperty(model: Ec2Model, member: MemberIr): OptionalKind<PropertySignatureStructure> {
  return {
    name: propertyKey(member.name),
    type: model.typeText(member.shape),
    hasQuestionToken: !member.required,
    docs: docs(member.documentation, member.base64 ? BASE64_NOTE : undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// operations.ts

function emitOperations(model: Ec2Model, out: Emitter): void {
  const tables = protocolTables(model.ir, model);
  const file = out.file('operations.ts');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: PROTOCOL,
    namedImports: ['Ec2Protocol', 'InputShape', 'OperationSpec', 'OutputShape'],
  });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './types.js',
    namedImports: ['OperationName'],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs('The API version every request sends as `Version`.'),
    declarations: [{ name: 'API_VERSION', initializer: stringLiteral(model.ir.metadata.apiVersion) }],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs(
      'Every operation (`Action`): the structure its parameters are serialized from and the one its answer is read into.',
    ),
    declarations: [
      {
        name: 'OPERATIONS',
        type: 'Readonly<Record<OperationName, OperationSpec>>',
        initializer: (writer) => writeOperations(tables, writer),
      },
    ],
  });
  file.addImportDeclaration({ moduleSpecifier: LAZY_RECORD, namedImports: ['lazyRecord'] });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs(
      'How the members of every input structure are written in the query string: by member name, the wire ' +
        'name (`queryName`, else `locationName` capitalised, else the member name) and the type. Lists are ' +
        'flattened (`Name.1`, `Name.2`, …), structures dotted (`Name.Member`). Built on first use (`inputShapes` below).',
    ),
    declarations: [
      {
        name: 'INPUT_SHAPES',
        type: 'Readonly<Record<string, InputShape>>',
        initializer: 'lazyRecord(inputShapes)',
      },
    ],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs(
      'How every output structure is read from response XML: by element name (`locationName`, else the member ' +
        'name), the member it fills and its type. A list element holds one child element per item (`<item>`). ' +
        'Built on first use (`outputShapes` below).',
    ),
    declarations: [
      {
        name: 'OUTPUT_SHAPES',
        type: 'Readonly<Record<string, OutputShape>>',
        initializer: 'lazyRecord(outputShapes)',
      },
    ],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs('The whole table, as the serializer and the reader take it.'),
    declarations: [
      {
        name: 'PROTOCOL',
        type: 'Ec2Protocol',
        initializer:
          '{ apiVersion: API_VERSION, operations: OPERATIONS, inputShapes: INPUT_SHAPES, outputShapes: OUTPUT_SHAPES }',
      },
    ],
  });
  file.addFunction({
    name: 'inputShapes',
    docs: jsDocs('`INPUT_SHAPES`, each entry built when first read.'),
    returnType: 'Record<string, () => InputShape>',
    statements: (writer) => {
      writer.write('return ');
      writeInputShapes(tables, writer);
      writer.write(';');
    },
  });
  file.addFunction({
    name: 'outputShapes',
    docs: jsDocs('`OUTPUT_SHAPES`, each entry built when first read.'),
    returnType: 'Record<string, () => OutputShape>',
    statements: (writer) => {
      writer.write('return ');
      writeOutputShapes(tables, writer);
      writer.write(';');
    },
  });
}

function writeOperations(tables: ProtocolTables, writer: CodeBlockWriter): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const [name, op] of Object.entries(tables.operations)) {
      writer.writeLine(`${propertyKey(name)}: ${inline(op)},`);
    }
  });
  writer.write('}');
}

/** One line per member: `ImageId: { wire: 'ImageId', type: 'string' },`. */
function writeInputShapes(tables: ProtocolTables, writer: CodeBlockWriter): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const [name, shape] of Object.entries(tables.inputShapes)) {
      writer.writeLine(`${propertyKey(name)}: () => ({`);
      writer.indent(() => {
        if (shape.required !== undefined)
          writer.writeLine(`required: [${shape.required.map(stringLiteral).join(', ')}],`);
        const members = Object.entries(shape.members);
        if (members.length === 0) {
          writer.writeLine('members: {},');
          return;
        }
        writer.writeLine('members: {');
        writer.indent(() => {
          for (const [member, spec] of members) writer.writeLine(`${propertyKey(member)}: ${inline(spec)},`);
        });
        writer.writeLine('},');
      });
      writer.writeLine('}),');
    }
  });
  writer.write('}');
}

/** One line per element: `launchTime: { member: 'LaunchTime', type: 'timestamp' },`. */
function writeOutputShapes(tables: ProtocolTables, writer: CodeBlockWriter): void {
  writer.write('{').newLine();
  writer.indent(() => {
    for (const [name, elements] of Object.entries(tables.outputShapes)) {
      const entries = Object.entries(elements);
      if (entries.length === 0) {
        writer.writeLine(`${propertyKey(name)}: () => ({}),`);
        continue;
      }
      writer.writeLine(`${propertyKey(name)}: () => ({`);
      writer.indent(() => {
        for (const [element, spec] of entries) writer.writeLine(`${propertyKey(element)}: ${inline(spec)},`);
      });
      writer.writeLine('}),');
    }
  });
  writer.write('}');
}

/** A plain-data object literal on one line: `{ wire: 'A', type: 'list', member: { type: 'string' } }`. */
function inline(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${inline(item)}`).join(', ')} }`;
}

// ---------------------------------------------------------------------------------------------
// client.ts

function emitClient(model: Ec2Model, out: Emitter): void {
  const file = out.file('client.ts');
  const used = new Set<string>();
  const type = (text: string) => {
    used.add(text);
    return text;
  };
  const operations = new Map(model.ir.operations.map((op) => [op.name, op]));
  const inputOptional = (op: OperationIr) =>
    op.input === undefined || model.structure(op.input).members.every((m) => !m.required);
  const inputParameter = (op: OperationIr) => ({
    name: 'input',
    type: type(model.inputType(op)),
    hasQuestionToken: inputOptional(op),
  });
  const methods = [];
  for (const op of model.ir.operations) {
    methods.push({
      name: methodName(op.name),
      docs: docs(op.documentation, `Sends \`${op.name}\`.`),
      parameters: [inputParameter(op), { name: 'options', type: 'Ec2CallOptions', hasQuestionToken: true }],
      returnType: `Promise<Ec2Output<${type(model.outputType(op))}>>`,
    });
  }
  for (const paginator of model.ir.paginators) {
    const op = operations.get(paginator.operation) as OperationIr;
    const limit =
      paginator.limitKey === undefined ? '' : ` \`pageSize\` is sent as \`${paginator.limitKey}\`.`;
    methods.push({
      name: paginatorMethodName(op.name),
      docs: jsDocs(
        `Every page of \`${op.name}\` (each a whole answer, its items in \`${paginator.resultKey}\`), each asked ` +
          `for with the previous answer's \`${paginator.outputToken}\` until an answer has none.${limit}`,
      ),
      parameters: [
        inputParameter(op),
        { name: 'options', type: 'Ec2PaginateOptions', hasQuestionToken: true },
      ],
      returnType: `AsyncGenerator<Ec2Output<${type(model.outputType(op))}>, void, undefined>`,
    });
  }
  for (const waiter of model.ir.waiters) {
    const op = operations.get(waiter.operation) as OperationIr;
    methods.push({
      name: waiterMethodName(waiter.name),
      docs: jsDocs(
        `${waiterDoc(waiter)}\n\nResolves with the answer that succeeded; rejects with \`Ec2WaiterError\` on a failure ` +
          'state, `TimeoutError` after `timeout` (default: delay × attempts), `AbortError` on `signal`.',
      ),
      parameters: [inputParameter(op), { name: 'options', type: 'Ec2WaiterOptions', hasQuestionToken: true }],
      returnType: `Promise<Ec2Output<${type(model.outputType(op))}>>`,
    });
  }
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: CLIENT_TYPES,
    namedImports: ['Ec2CallOptions', 'Ec2Output', 'Ec2PaginateOptions', 'Ec2WaiterOptions'],
  });
  if (used.has('EmptyStructure')) {
    file.addImportDeclaration({
      isTypeOnly: true,
      moduleSpecifier: PROTOCOL,
      namedImports: ['EmptyStructure'],
    });
  }
  used.delete('EmptyStructure');
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './types.js',
    namedImports: [...used].sort(),
  });
  file.addInterface({
    name: 'Ec2Operations',
    isExported: true,
    docs: jsDocs(
      'The methods of the `EC2` client: one per operation of the model (camelCase, as aws-sdk-js-v3 names ' +
        "them), one `paginate…` per paginator and one `waitUntil…` per waiter. Parameters keep the model's " +
        'member names; transport options are the separate trailing argument.',
    ),
    methods,
  });
}

// ---------------------------------------------------------------------------------------------
// paginators.ts

function emitPaginators(model: Ec2Model, out: Emitter): void {
  const file = out.file('paginators.ts');
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: PROTOCOL, namedImports: ['PaginatorSpec'] });
  const paginated = model.ir.paginators.map((p) => stringLiteral(p.operation));
  file.addTypeAlias({
    name: 'PaginatorName',
    isExported: true,
    docs: jsDocs('The operations that page their answers.'),
    type: paginated.length === 0 ? 'never' : paginated.join(' | '),
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs(
      "botocore's paginators: each page is asked for with the previous answer's token, until an answer has none.",
    ),
    declarations: [
      {
        name: 'PAGINATORS',
        type: 'Readonly<Record<PaginatorName, PaginatorSpec>>',
        initializer: (writer) => {
          writer.write('{').newLine();
          writer.indent(() => {
            for (const p of model.ir.paginators) {
              const fields = [
                `inputToken: ${stringLiteral(p.inputToken)}`,
                `outputToken: ${stringLiteral(p.outputToken)}`,
                ...(p.limitKey === undefined ? [] : [`limitKey: ${stringLiteral(p.limitKey)}`]),
                `resultKey: ${stringLiteral(p.resultKey)}`,
              ];
              writer.writeLine(`${propertyKey(p.operation)}: { ${fields.join(', ')} },`);
            }
          });
          writer.write('}');
        },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// waiters.ts

function emitWaiters(model: Ec2Model, out: Emitter): void {
  const file = out.file('waiters.ts');
  const types = model.jmesTypes();
  const functions: CompiledFunction[] = [];
  const helpers = new Set<JmesHelper>();
  const usedTypes = new Set<string>();
  const waiterStatements: StatementStructures[] = [];
  const emittedFunctions = new Set<string>();

  for (const waiter of model.ir.waiters) {
    const op = model.ir.operations.find((o) => o.name === waiter.operation) as OperationIr;
    const outputType = model.outputType(op);
    usedTypes.add(outputType);
    const acceptors = waiter.acceptors.map((acceptor) => {
      try {
        return acceptorText(acceptor, op, outputType, (argument) => {
          if (op.output === undefined) throw new Error(`${op.name} answers no data to match`);
          const compiled = compileJmesPath(argument, op.output, types, pathFunctionName(op.name, argument));
          for (const helper of compiled.helpers) helpers.add(helper);
          // Waiters of one operation share their arguments (InstanceRunning, InstanceStopped, …).
          for (const fn of compiled.functions) {
            if (!emittedFunctions.has(fn.name)) functions.push(fn);
            emittedFunctions.add(fn.name);
          }
          return compiled.expression;
        });
      } catch (error) {
        throw new Error(`waiter ${waiter.name}: ${(error as Error).message}`, { cause: error });
      }
    });
    waiterStatements.push({
      kind: StructureKind.VariableStatement,
      leadingTrivia: '\n',
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: jsDocs(waiterDoc(waiter)),
      declarations: [
        {
          name: safeIdentifier(waiter.name),
          type: `WaiterSpec<${stringLiteral(waiter.operation)}, ${outputType}>`,
          initializer: (writer) => {
            writer.write('{').newLine();
            writer.indent(() => {
              writer.writeLine(`operation: ${stringLiteral(waiter.operation)},`);
              writer.writeLine(`delay: ${waiter.delay},`);
              writer.writeLine(`maxAttempts: ${waiter.maxAttempts},`);
              writer.writeLine('acceptors: [');
              writer.indent(() => {
                for (const lines of acceptors) {
                  for (const line of lines) writer.writeLine(line);
                }
              });
              writer.writeLine('],');
            });
            writer.write('}');
          },
        },
      ],
    });
  }

  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: PROTOCOL, namedImports: ['WaiterSpec'] });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './types.js',
    namedImports: [...usedTypes].sort(),
  });
  for (const helper of [...helpers].sort()) file.addStatements(`\n${HELPER_SOURCES[helper].join('\n')}`);
  file.addFunctions(
    functions.map((fn) => ({
      name: fn.name,
      docs: jsDocs(
        `JMESPath ${codeSpan(fn.source)} on a \`${fn.parameterType}\`: the projected values, or null.`,
      ),
      parameters: [{ name: 'output', type: fn.parameterType }],
      returnType: 'unknown[] | null',
      statements: fn.body.join('\n'),
    })),
  );
  file.addStatements(waiterStatements);
  const names = model.ir.waiters.map((w) => safeIdentifier(w.name));
  file.addTypeAlias({
    name: 'WaiterName',
    isExported: true,
    docs: jsDocs('The name of a waiter.'),
    type: names.length === 0 ? 'never' : names.map(stringLiteral).join(' | '),
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs('Every waiter by name.'),
    declarations: [
      {
        name: 'WAITERS',
        initializer: (writer) => {
          writer.write('{').newLine();
          writer.indent(() => {
            for (const name of names) writer.writeLine(`${name},`);
          });
          writer.write('} as const');
        },
      },
    ],
  });
}

/** A Markdown code span around `text`, with a longer fence when it holds backticks. */
function codeSpan(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function waiterDoc(waiter: WaiterIr): string {
  const lines = [
    waiter.description ?? `Waits until \`${waiter.operation}\` answers what \`${waiter.name}\` expects.`,
    '',
    `From botocore's \`waiters-2.json\`: every ${waiter.delay} s, at most ${waiter.maxAttempts} attempts.`,
    '',
    ...waiter.acceptors.map(
      (a) =>
        `- ${a.state}: ${a.matcher}${a.argument === undefined ? '' : ` ${codeSpan(a.argument)}`} = ${JSON.stringify(a.expected)}`,
    ),
  ];
  return lines.join('\n');
}

/** The lines of one acceptor object; `path(argument)` compiles an argument into an expression over `output`. */
function acceptorText(
  acceptor: AcceptorIr,
  op: OperationIr,
  outputType: string,
  path: (argument: string) => string,
): string[] {
  const expected =
    typeof acceptor.expected === 'string'
      ? stringLiteral(acceptor.expected)
      : JSON.stringify(acceptor.expected);
  const head = [
    `state: '${acceptor.state}'`,
    `matcher: '${acceptor.matcher}'`,
    ...(acceptor.argument === undefined ? [] : [`argument: ${stringLiteral(acceptor.argument)}`]),
    `expected: ${expected}`,
  ];
  const lines = ['{', `  ${head.join(', ')},`];
  const equal = (value: string) => `${value} === ${expected}`;
  switch (acceptor.matcher) {
    case 'path': {
      const value = path(acceptor.argument as string);
      lines.push(`  output: (output: ${outputType}) => ${equal(`${value}`)},`);
      break;
    }
    case 'pathAll':
    case 'pathAny': {
      const value = path(acceptor.argument as string);
      const method = acceptor.matcher === 'pathAll' ? 'every' : 'some';
      lines.push(`  output: (output: ${outputType}) => {`);
      lines.push(`    const values = ${value};`);
      lines.push(
        `    return Array.isArray(values) && values.length > 0 && values.${method}((value) => ${equal('value')});`,
      );
      lines.push('  },');
      break;
    }
    case 'error':
      if (typeof acceptor.expected === 'boolean') {
        // `true`: any error; `false`: an answer without error.
        if (acceptor.expected) lines.push('  error: () => true,');
        else lines.push(`  output: (_output: ${outputType}) => true,`);
      } else {
        lines.push(`  error: (code) => code === ${expected},`);
      }
      break;
    case 'status':
      lines.push(`  status: (status) => status === ${expected},`);
      break;
  }
  lines.push('},');
  if (op.output === undefined && acceptor.matcher.startsWith('path')) {
    throw new Error(`${op.name} answers no data to match`);
  }
  return lines;
}
