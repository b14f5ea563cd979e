/**
 * `@InputDetail` method bodies (upstream `InputDetailAnalyzer` + `Expression.g4`): statements such as
 * `mandatory(vm().name());`, `optional(vm().nics()[COLLECTION].name());` and
 * `or(mandatory(a()), mandatory(b()));`, parsed as text (the model never executes them).
 */
import { javaName } from './names.js';

export interface DetailStatement {
  /** Metamodel names: the parameter first, then members. */
  path: string[];
  mandatory: boolean;
  /** The second leaf of an `or(…)` pair. */
  or?: string[];
}

type Chain = string[];

/** The statements of one `{ … }` body. */
export function parseInputDetail(body: string): DetailStatement[] {
  const parser = new Parser(body);
  return parser.statements();
}

class Parser {
  private readonly tokens: string[];
  private position = 0;

  constructor(private readonly text: string) {
    const stripped = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
    this.tokens = stripped.match(/[A-Za-z_$][\w$]*|[{}()[\].,;]|\S/g) ?? [];
  }

  statements(): DetailStatement[] {
    this.expect('{');
    const found: DetailStatement[] = [];
    while (this.peek() !== '}') {
      found.push(this.statement());
      this.expect(';');
    }
    this.expect('}');
    return found;
  }

  private statement(): DetailStatement {
    const name = this.identifier();
    this.expect('(');
    if (name === 'or') {
      const first = this.statement();
      this.expect(',');
      const second = this.statement();
      this.expect(')');
      if (first.mandatory !== second.mandatory)
        this.fail('both sides of or(…) must have the same mandatory-ness');
      return { path: first.path, mandatory: first.mandatory, or: second.path };
    }
    if (name !== 'mandatory' && name !== 'optional') this.fail(`unknown input detail function ${name}`);
    const path = this.chain();
    this.expect(')');
    return { path, mandatory: name === 'mandatory' };
  }

  /** `vm().payloads()[COLLECTION].files()[COLLECTION].name()` → `['vm', 'payloads', 'files', 'name']`. */
  private chain(): Chain {
    const path: string[] = [];
    for (;;) {
      path.push(javaName(this.identifier()));
      this.expect('(');
      this.expect(')');
      if (this.peek() === '[') {
        this.expect('[');
        const index = this.identifier();
        if (index !== 'COLLECTION') this.fail(`only [COLLECTION] is allowed, not [${index}]`);
        this.expect(']');
      }
      if (this.peek() !== '.') return path;
      this.expect('.');
    }
  }

  private identifier(): string {
    const next = this.tokens[this.position];
    if (next === undefined || !/^[A-Za-z_$]/.test(next))
      this.fail(`expected a name, found ${next ?? 'the end'}`);
    this.position++;
    return next as string;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private expect(expected: string): void {
    const next = this.tokens[this.position];
    if (next !== expected)
      this.fail(`expected '${expected}', found ${next === undefined ? 'the end' : `'${next}'`}`);
    this.position++;
  }

  private fail(message: string): never {
    throw new Error(`input detail: ${message} in ${this.text.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
}
