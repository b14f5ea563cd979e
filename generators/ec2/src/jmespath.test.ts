import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import {
  type CompiledExpression,
  compileJmesPath,
  HELPER_SOURCES,
  JmesPathError,
  type JmesType,
  type JmesTypes,
  parseJmesPath,
} from './jmespath.js';

// A small model: Root { Reservations: Reservation[]; PasswordData; Count; Matrix: Cell[][]; Names: string[]; Flag }
const MODEL: Record<string, Record<string, JmesType>> = {
  Root: {
    Reservations: { kind: 'list', item: { kind: 'structure', name: 'Reservation' } },
    PasswordData: { kind: 'scalar', scalar: 'string' },
    Count: { kind: 'scalar', scalar: 'integer' },
    Matrix: { kind: 'list', item: { kind: 'list', item: { kind: 'structure', name: 'Cell' } } },
    Names: { kind: 'list', item: { kind: 'scalar', scalar: 'string' } },
    Flag: { kind: 'scalar', scalar: 'boolean' },
  },
  Reservation: {
    Id: { kind: 'scalar', scalar: 'string' },
    Instances: { kind: 'list', item: { kind: 'structure', name: 'Instance' } },
  },
  Instance: {
    State: { kind: 'structure', name: 'State' },
    Tags: { kind: 'list', item: { kind: 'structure', name: 'Tag' } },
  },
  State: { Name: { kind: 'scalar', scalar: 'string' }, Code: { kind: 'scalar', scalar: 'integer' } },
  Tag: { Key: { kind: 'scalar', scalar: 'string' }, Value: { kind: 'scalar', scalar: 'string' } },
  Cell: { V: { kind: 'scalar', scalar: 'string' } },
};
const TYPES: JmesTypes = { member: (structure, field) => MODEL[structure]?.[field] };

const EXPRESSIONS = [
  'Reservations[].Instances[].State.Name',
  'Reservations[].Instances[].State',
  'Reservations[].Instances',
  'Reservations[].Instances[].Tags[].Key',
  'Reservations[].Id',
  'Reservations[]',
  'Matrix[]',
  'Matrix[][].V',
  'Matrix[].V',
  'Names[]',
  'PasswordData',
  'Count',
  'length(PasswordData) > `0`',
  'length(Names) >= `2`',
  'length(Reservations[].Instances[]) == `1`',
  "PasswordData == 'abc'",
  'Count < `3`',
  'Count != `2`',
  'Flag == `true`',
  '"Reservations"[]."Id"',
];

/** The compiled expression as a JavaScript function of the root. */
function evaluator(compiled: CompiledExpression): (root: unknown) => unknown {
  const source = [
    ...[...compiled.helpers].flatMap((helper) => HELPER_SOURCES[helper]),
    ...compiled.functions.map(
      (fn) => `function ${fn.name}(output: any): unknown[] | null {\n${fn.body.join('\n')}\n}`,
    ),
    `return ${compiled.expression};`,
  ].join('\n');
  const js = ts.transpileModule(`export function run(output: any) {\n${source}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  }).outputText;
  const exports: { run?: (root: unknown) => unknown } = {};
  new Function('exports', js)(exports);
  return exports.run as (root: unknown) => unknown;
}

const compile = (expression: string) => compileJmesPath(expression, 'Root', TYPES, 'path');

describe('parseJmesPath', () => {
  it('parses the waiter subset', () => {
    expect(parseJmesPath('Reservations[].Instances[].State.Name')).toEqual({
      kind: 'chain',
      head: { kind: 'current' },
      steps: [
        { kind: 'field', name: 'Reservations' },
        { kind: 'flatten' },
        { kind: 'field', name: 'Instances' },
        { kind: 'flatten' },
        { kind: 'field', name: 'State' },
        { kind: 'field', name: 'Name' },
      ],
    });
    expect(parseJmesPath('length(PasswordData) > `0`')).toEqual({
      kind: 'comparison',
      op: '>',
      left: {
        kind: 'function',
        name: 'length',
        args: [
          { kind: 'chain', head: { kind: 'current' }, steps: [{ kind: 'field', name: 'PasswordData' }] },
        ],
      },
      right: { kind: 'literal', value: 0 },
    });
  });

  it.each(['a[0]', 'a[?b]', 'a.*', 'a | b', '{a: b}', 'a || b', '`1', 'a.', 'length(a'])(
    'refuses %s',
    (expression) => {
      expect(() => compile(expression)).toThrow(JmesPathError);
    },
  );
});

describe('compileJmesPath', () => {
  it('compiles a projection into typed loops', () => {
    const compiled = compileJmesPath(
      'Reservations[].Instances[].State.Name',
      'Root',
      TYPES,
      'describeInstancesStateNames',
    );
    expect(compiled.expression).toBe('describeInstancesStateNames(output)');
    expect(compiled.functions[0]?.body).toEqual([
      'const l0 = output.Reservations;',
      'if (!Array.isArray(l0)) return null;',
      'const result: unknown[] = [];',
      'for (const e1 of l0) {',
      '  const v2 = e1.Instances;',
      '  if (v2 === undefined) continue;',
      '  for (const e3 of v2) {',
      '    const v4 = e3.State?.Name;',
      '    if (v4 === undefined) continue;',
      '    result.push(v4);',
      '  }',
      '}',
      'return result;',
    ]);
    expect(compileJmesPath('length(PasswordData) > `0`', 'Root', TYPES, 'f').expression).toBe(
      "jmespathOrder(jmespathLength(output.PasswordData), 0, '>')",
    );
  });

  it('refuses a field the shape does not have, and a flatten of a non-list', () => {
    expect(() => compile('Reservations[].Nope')).toThrow(/Reservation has no member "Nope"/);
    expect(() => compile('PasswordData[]')).toThrow(/flattens a string, which is never a list/);
    expect(() => compile('PasswordData.Length')).toThrow(/read from a string, which has no fields/);
  });

  it('agrees with a hand evaluation on a sample', () => {
    const doc = {
      Reservations: [
        { Instances: [{ State: { Name: 'running' } }, { State: {} }, {}] },
        {},
        { Instances: [{ State: { Name: 'pending' } }] },
      ],
      Matrix: [[{ V: 'a' }], [], [{ V: 'b' }, {}]],
    };
    expect(evaluator(compile('Reservations[].Instances[].State.Name'))(doc)).toEqual(['running', 'pending']);
    expect(evaluator(compile('Matrix[][].V'))(doc)).toEqual(['a', 'b']);
    // One flatten is enough to reach the cells: `[]` flattens the list of lists.
    expect(evaluator(compile('Matrix[].V'))(doc)).toEqual(['a', 'b']);
    expect(evaluator(compile('Matrix[]'))(doc)).toEqual([{ V: 'a' }, { V: 'b' }, {}]);
    expect(evaluator(compile('Names[]'))(doc)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Against python-jmespath (Debian's python3-jmespath, botocore's own evaluator)

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import json, sys
import jmespath
out = []
for case in json.load(sys.stdin):
    try:
        out.append({"value": jmespath.search(case["expression"], case["document"])})
    except Exception as error:
        out.append({"error": type(error).__name__})
print(json.dumps(out))
`;

function pythonJmespath(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import jmespath'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const text = fc.constantFrom('running', 'pending', 'stopped', 'abc', '', 'é✓');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const state = fc.record(
  { Name: maybe(text), Code: maybe(fc.integer({ min: 0, max: 80 })) },
  { requiredKeys: [] },
);
const tag = fc.record({ Key: maybe(text), Value: maybe(text) }, { requiredKeys: [] });
const instance = fc.record(
  { State: maybe(state), Tags: maybe(fc.array(tag, { maxLength: 3 })) },
  { requiredKeys: [] },
);
const reservation = fc.record(
  { Id: maybe(text), Instances: maybe(fc.array(instance, { maxLength: 3 })) },
  { requiredKeys: [] },
);
const root = fc.record(
  {
    Reservations: maybe(fc.array(reservation, { maxLength: 4 })),
    PasswordData: maybe(text),
    Count: maybe(fc.integer({ min: 0, max: 5 })),
    Matrix: maybe(
      fc.array(fc.array(fc.record({ V: maybe(text) }, { requiredKeys: [] }), { maxLength: 3 }), {
        maxLength: 3,
      }),
    ),
    Names: maybe(fc.array(text, { maxLength: 3 })),
    Flag: maybe(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** JSON as Python sees it: absent members dropped (undefined is not JSON). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

describe('against python-jmespath', () => {
  it('has python3-jmespath (installed with python3-boto3)', () => {
    expect(
      pythonJmespath(),
      "Debian's python3-jmespath is required: `sh scripts/system-deps.sh` installs it",
    ).toBe(true);
  });

  it('gives the same value for every expression on 150 random documents', () => {
    const documents = fc.sample(root, { numRuns: 150, seed: 14 });
    const cases = EXPRESSIONS.flatMap((expression) =>
      documents.map((document) => ({ expression, document })),
    );
    const theirs = JSON.parse(
      execFileSync(PYTHON, ['-c', SCRIPT], {
        input: JSON.stringify(cases),
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' },
        maxBuffer: 64 * 1024 * 1024,
      }).toString('utf8'),
    ) as Array<{ value?: unknown; error?: string }>;
    const evaluators = new Map(EXPRESSIONS.map((expression) => [expression, evaluator(compile(expression))]));
    let compared = 0;
    cases.forEach((c, i) => {
      const expected = theirs[i] as { value?: unknown; error?: string };
      const ours = asJson((evaluators.get(c.expression) as (root: unknown) => unknown)(c.document));
      // python-jmespath raises for length(null); the compiled code gives null (or false once
      // compared), which no acceptor takes for a match.
      if (expected.error !== undefined) {
        expect({ expression: c.expression, error: expected.error, matches: ours === true }).toEqual({
          expression: c.expression,
          error: 'JMESPathTypeError',
          matches: false,
        });
        return;
      }
      compared++;
      expect({ expression: c.expression, document: c.document, value: ours }).toEqual({
        expression: c.expression,
        document: c.document,
        value: expected.value,
      });
    });
    expect(compared).toBeGreaterThan(cases.length * 0.9);
  });
});
