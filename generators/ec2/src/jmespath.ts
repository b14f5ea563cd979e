/**
 * The JMESPath of botocore's waiters, compiled to TypeScript at generation time so that nothing
 * parses or interprets an expression at run time.
 *
 * The subset is what waiter acceptors use: field paths (`State.Name`, quoted fields too), `[]`
 * flatten projections (`Reservations[].Instances[].State.Name`), `@`, literals (`` `0` ``, `'raw'`),
 * the `length()` function and the comparators `== != < <= > >=`. Anything else is refused with
 * the expression named. Compilation is driven by the model's shapes, so the code is typed against
 * the generated types and a field the shape lacks is an error at generation time.
 *
 * Semantics follow the JMESPath specification as python-jmespath implements it (botocore's): a
 * field of a non-object is null; `x[]` of a non-list is null; a projection drops null results; a
 * flatten spreads the list elements of its input and keeps the others; ordering comparisons hold
 * only between numbers (else null); `length` counts a string's code points. An absent member
 * (`undefined` in our objects) is JMESPath's null.
 */

export type JmesNode =
  | { kind: 'current' }
  | { kind: 'field'; name: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'function'; name: string; args: JmesNode[] }
  | { kind: 'chain'; head: JmesNode; steps: JmesStep[] }
  | { kind: 'comparison'; op: Comparator; left: JmesNode; right: JmesNode };

export type JmesStep = { kind: 'field'; name: string } | { kind: 'flatten' };
export type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export class JmesPathError extends Error {
  override name = 'JmesPathError';
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'dot' | 'flatten' | 'lparen' | 'rparen' | 'comma' | 'at' | 'eof' }
  | { t: 'cmp'; v: Comparator }
  | { t: 'literal'; v: unknown };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new JmesPathError(`JMESPath ${JSON.stringify(expression)}: ${why} at offset ${i}`);
  };
  while (i < expression.length) {
    const c = expression.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i)) as RegExpExecArray;
      tokens.push({ t: 'id', v: match[0] });
      i += match[0].length;
    } else if (c === '"') {
      const match = /^"((?:[^"\\]|\\.)*)"/.exec(expression.slice(i));
      if (!match) fail('unterminated quoted identifier');
      tokens.push({ t: 'id', v: JSON.parse((match as RegExpExecArray)[0]) as string });
      i += (match as RegExpExecArray)[0].length;
    } else if (c === '`') {
      const end = expression.indexOf('`', i + 1);
      if (end === -1) fail('unterminated literal');
      try {
        tokens.push({ t: 'literal', v: JSON.parse(expression.slice(i + 1, end)) as unknown });
      } catch {
        fail('a literal that is not JSON');
      }
      i = end + 1;
    } else if (c === "'") {
      const end = expression.indexOf("'", i + 1);
      if (end === -1) fail('unterminated raw string');
      tokens.push({ t: 'literal', v: expression.slice(i + 1, end) });
      i = end + 1;
    } else if (expression.startsWith('[]', i)) {
      tokens.push({ t: 'flatten' });
      i += 2;
    } else if (/^(==|!=|<=|>=)/.test(expression.slice(i, i + 2))) {
      tokens.push({ t: 'cmp', v: expression.slice(i, i + 2) as Comparator });
      i += 2;
    } else if (c === '<' || c === '>') {
      tokens.push({ t: 'cmp', v: c });
      i++;
    } else {
      const simple = { '.': 'dot', '(': 'lparen', ')': 'rparen', ',': 'comma', '@': 'at' } as const;
      const t = simple[c as keyof typeof simple];
      if (t === undefined) fail(`"${c}" is outside the JMESPath subset the EC2 generator compiles`);
      tokens.push({ t } as Token);
      i++;
    }
  }
  tokens.push({ t: 'eof' });
  return tokens;
}

/** Parses an expression of the supported subset. */
export function parseJmesPath(expression: string): JmesNode {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at] as Token;
  const fail = (why: string): never => {
    throw new JmesPathError(`JMESPath ${JSON.stringify(expression)}: ${why}`);
  };
  const expect = (t: Token['t']) => {
    if (peek().t !== t) fail(`expected ${t}, found ${peek().t}`);
    at++;
  };

  const comparison = (): JmesNode => {
    const left = chain();
    const next = peek();
    if (next.t !== 'cmp') return left;
    at++;
    return { kind: 'comparison', op: next.v, left, right: chain() };
  };
  const head = (): JmesNode => {
    const token = peek();
    at++;
    if (token.t === 'at') return { kind: 'current' };
    if (token.t === 'literal') return { kind: 'literal', value: token.v };
    if (token.t === 'id') {
      if (peek().t !== 'lparen') return { kind: 'field', name: token.v };
      at++;
      const args: JmesNode[] = [];
      if (peek().t !== 'rparen') {
        args.push(comparison());
        while (peek().t === 'comma') {
          at++;
          args.push(comparison());
        }
      }
      expect('rparen');
      return { kind: 'function', name: token.v, args };
    }
    return fail(`unexpected ${token.t}`);
  };
  const chain = (): JmesNode => {
    const first = head();
    const steps: JmesStep[] = [];
    for (;;) {
      const token = peek();
      if (token.t === 'flatten') {
        at++;
        steps.push({ kind: 'flatten' });
      } else if (token.t === 'dot') {
        at++;
        const name = peek();
        if (name.t !== 'id') fail('a "." must be followed by a field name');
        at++;
        steps.push({ kind: 'field', name: (name as { v: string }).v });
      } else {
        break;
      }
    }
    if (first.kind === 'field') return { kind: 'chain', head: { kind: 'current' }, steps: [first, ...steps] };
    return steps.length === 0 ? first : { kind: 'chain', head: first, steps };
  };

  const node = comparison();
  if (peek().t !== 'eof') fail(`unexpected ${peek().t} after the expression`);
  return node;
}

// ---------------------------------------------------------------------------------------------
// Compilation

/** The static type of a value, from the model's shapes. */
export type JmesType =
  | { kind: 'structure'; name: string }
  | { kind: 'list'; item: JmesType }
  | { kind: 'scalar'; scalar: string }
  | { kind: 'any' };

/** What the compiler needs to know of the model. */
export interface JmesTypes {
  /** The type of member `field` of structure `structure`, or undefined when it has none. */
  member(structure: string, field: string): JmesType | undefined;
}

/** A helper function the compiled code calls (emitted once per file). */
export type JmesHelper = 'length' | 'equals' | 'order';

export interface CompiledFunction {
  /** Its name, as called from `expression`. */
  name: string;
  /** The JMESPath it computes. */
  source: string;
  /** `(output: T): unknown[] | null`: the parameter and return type text. */
  parameterType: string;
  /** The body's lines (each without indentation; blocks are indented by two spaces). */
  body: string[];
}

export interface CompiledExpression {
  /** A TypeScript expression over the variable `root` evaluating to the JMESPath value (undefined = null). */
  expression: string;
  type: JmesType;
  /** Functions `expression` calls, to emit beside it. */
  functions: CompiledFunction[];
  helpers: Set<JmesHelper>;
}

/**
 * Compiles `expression` over a root of structure type `rootShape`. `name` names the function a
 * projection is compiled into (`describeInstancesReservationsInstancesStateName`).
 */
export function compileJmesPath(
  expression: string,
  rootShape: string,
  types: JmesTypes,
  name: string,
  root = 'output',
): CompiledExpression {
  const compiler = new Compiler(expression, types, name, rootShape);
  const compiled = compiler.value(parseJmesPath(expression), root, { kind: 'structure', name: rootShape });
  return { ...compiled, functions: compiler.functions, helpers: compiler.helpers };
}

class Compiler {
  readonly functions: CompiledFunction[] = [];
  readonly helpers = new Set<JmesHelper>();

  constructor(
    private readonly source: string,
    private readonly types: JmesTypes,
    private readonly name: string,
    private readonly rootShape: string,
  ) {}

  fail(why: string): never {
    throw new JmesPathError(`JMESPath ${JSON.stringify(this.source)} on ${this.rootShape}: ${why}`);
  }

  /** An expression for `node` evaluated on `current` (an expression of static type `type`). */
  value(node: JmesNode, current: string, type: JmesType): { expression: string; type: JmesType } {
    switch (node.kind) {
      case 'current':
        return { expression: current, type };
      case 'literal':
        return { expression: literal(node.value), type: literalType(node.value) };
      case 'field':
        return this.value({ kind: 'chain', head: { kind: 'current' }, steps: [node] }, current, type);
      case 'chain':
        return this.chain(node, current, type);
      case 'function':
        return this.call(node, current, type);
      case 'comparison':
        return this.comparison(node, current, type);
    }
  }

  private call(node: Extract<JmesNode, { kind: 'function' }>, current: string, type: JmesType) {
    if (node.name !== 'length' || node.args.length !== 1) {
      return this.fail(`the function ${node.name}() with ${node.args.length} arguments is not supported`);
    }
    const arg = this.value(node.args[0] as JmesNode, current, type);
    this.helpers.add('length');
    return {
      expression: `jmespathLength(${arg.expression})`,
      type: { kind: 'scalar', scalar: 'number' } as const,
    };
  }

  private comparison(node: Extract<JmesNode, { kind: 'comparison' }>, current: string, type: JmesType) {
    const left = this.value(node.left, current, type).expression;
    const right = this.value(node.right, current, type).expression;
    const bool = { kind: 'scalar', scalar: 'boolean' } as const;
    if (node.op === '==' || node.op === '!=') {
      this.helpers.add('equals');
      return { expression: `${node.op === '!=' ? '!' : ''}jmespathEquals(${left}, ${right})`, type: bool };
    }
    this.helpers.add('order');
    return { expression: `jmespathOrder(${left}, ${right}, '${node.op}')`, type: bool };
  }

  /** A chain: fields resolved with optional chaining; from the first `[]` on, a projection function. */
  private chain(node: Extract<JmesNode, { kind: 'chain' }>, current: string, type: JmesType) {
    const base = this.value(node.head, current, type);
    const firstFlatten = node.steps.findIndex((step) => step.kind === 'flatten');
    const plain = firstFlatten === -1 ? node.steps : node.steps.slice(0, firstFlatten);
    const start = this.fields(base.expression, base.type, plain as FieldStep[], node.head.kind === 'current');
    if (firstFlatten === -1) return start;
    return this.projection(node.steps.slice(firstFlatten), start, current, type);
  }

  /** `expr.A?.B`: the first access plain when `definite` (the root), the rest optional. */
  private fields(expression: string, type: JmesType, steps: readonly FieldStep[], definite: boolean) {
    let out = expression;
    let outType = type;
    steps.forEach((step, index) => {
      outType = this.member(outType, step.name);
      const access = propertyAccess(step.name);
      const optional = !(index === 0 && definite);
      if (access.startsWith('[')) out += optional ? `?.${access}` : access;
      else out += optional ? `?.${access}` : `.${access}`;
    });
    return { expression: out, type: outType };
  }

  private member(type: JmesType, field: string): JmesType {
    if (type.kind === 'any') return type;
    if (type.kind !== 'structure')
      return this.fail(`"${field}" is read from a ${describe(type)}, which has no fields`);
    const member = this.types.member(type.name, field);
    if (member === undefined) return this.fail(`${type.name} has no member "${field}"`);
    return member;
  }

  /**
   * `start` followed by `steps` (beginning with a flatten), compiled into a function of the root
   * returning the projected list, or null when the first flatten's input is not a list.
   */
  private projection(
    steps: readonly JmesStep[],
    start: { expression: string; type: JmesType },
    current: string,
    currentType: JmesType,
  ) {
    if (start.type.kind !== 'list' && start.type.kind !== 'any') {
      return this.fail(`[] flattens a ${describe(start.type)}, which is never a list`);
    }
    // Segments: the fields after each flatten, up to the next.
    const segments: FieldStep[][] = [];
    for (const step of steps) {
      if (step.kind === 'flatten') segments.push([]);
      else (segments[segments.length - 1] as FieldStep[]).push(step);
    }
    const body: string[] = [];
    const indent = (depth: number) => '  '.repeat(depth);
    let counter = 0;
    let resultType: JmesType = { kind: 'any' };
    const flattened = (variable: string, itemType: JmesType, segment: number, depth: number) => {
      if (itemType.kind === 'list') {
        const element = `e${counter++}`;
        body.push(`${indent(depth)}for (const ${element} of ${variable}) {`);
        projectSegment(element, itemType.item, segment, depth + 1);
        body.push(`${indent(depth)}}`);
      } else {
        projectSegment(variable, itemType, segment, depth);
      }
    };
    const projectSegment = (element: string, elementType: JmesType, segment: number, depth: number) => {
      const fields = segments[segment] as FieldStep[];
      let value = element;
      let valueType = elementType;
      if (fields.length > 0) {
        const projected = this.fields(element, elementType, fields, true);
        value = `v${counter++}`;
        valueType = projected.type;
        body.push(`${indent(depth)}const ${value} = ${projected.expression};`);
        body.push(`${indent(depth)}if (${value} === undefined) continue;`);
      }
      if (segment === segments.length - 1) {
        resultType = valueType;
        body.push(`${indent(depth)}result.push(${value});`);
      } else {
        flattened(value, valueType, segment + 1, depth);
      }
    };
    const list = `l${counter++}`;
    body.push(`const ${list} = ${start.expression};`);
    body.push(`if (!Array.isArray(${list})) return null;`);
    body.push('const result: unknown[] = [];');
    const first = `e${counter++}`;
    body.push(`for (const ${first} of ${list}) {`);
    flattened(first, start.type.kind === 'list' ? start.type.item : { kind: 'any' }, 0, 1);
    body.push('}');
    body.push('return result;');
    const name = this.functions.length === 0 ? this.name : `${this.name}${this.functions.length + 1}`;
    this.functions.push({
      name,
      source: this.source,
      parameterType: currentType.kind === 'structure' ? currentType.name : 'unknown',
      body,
    });
    return { expression: `${name}(${current})`, type: { kind: 'list', item: resultType } as JmesType };
  }
}

type FieldStep = Extract<JmesStep, { kind: 'field' }>;

function propertyAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
}

function describe(type: JmesType): string {
  return type.kind === 'structure' ? type.name : type.kind === 'scalar' ? type.scalar : type.kind;
}

function literal(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function literalType(value: unknown): JmesType {
  if (Array.isArray(value)) return { kind: 'list', item: { kind: 'any' } };
  if (value === null || typeof value === 'object') return { kind: 'any' };
  return { kind: 'scalar', scalar: typeof value };
}

/** The helpers' source, for the file that uses them. */
export const HELPER_SOURCES: Record<JmesHelper, string[]> = {
  length: [
    '/** JMESPath `length()`: code points of a string, items of a list, keys of an object; else null. */',
    'function jmespathLength(value: unknown): number | null {',
    "  if (typeof value === 'string') return [...value].length;",
    '  if (Array.isArray(value)) return value.length;',
    "  if (value !== null && typeof value === 'object') return Object.keys(value).length;",
    '  return null;',
    '}',
  ],
  equals: [
    '/** JMESPath `==`: deep equality of JSON values; an absent member is null. */',
    'function jmespathEquals(left: unknown, right: unknown): boolean {',
    '  const a = left === undefined ? null : left;',
    '  const b = right === undefined ? null : right;',
    '  if (a === b) return true;',
    "  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;",
    '  if (Array.isArray(a) || Array.isArray(b)) {',
    '    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;',
    '    return a.every((item, i) => jmespathEquals(item, b[i]));',
    '  }',
    '  const keys = Object.keys(a);',
    '  if (keys.length !== Object.keys(b).length) return false;',
    '  return keys.every((key) => jmespathEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));',
    '}',
  ],
  order: [
    '/** JMESPath `< <= > >=`: a boolean between two numbers, else null. */',
    "function jmespathOrder(left: unknown, right: unknown, op: '<' | '<=' | '>' | '>='): boolean | null {",
    "  if (typeof left !== 'number' || typeof right !== 'number') return null;",
    "  return op === '<' ? left < right : op === '<=' ? left <= right : op === '>' ? left > right : left >= right;",
    '}',
  ],
};
