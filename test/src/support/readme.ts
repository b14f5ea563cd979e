/**
 * Checking a package's README as written: its code blocks, and the walk-through between the
 * `<!-- walkthrough:start -->` / `<!-- walkthrough:end -->` markers, type-checked with this
 * workspace's strict settings, run with its imports bound to the real modules, and compared with
 * what the README says it prints. Used by every `*-client-readme` / walk-through test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, promisify } from 'node:util';
import ts from 'typescript';

/** The test workspace (module resolution from here finds the built packages). */
export const TEST_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The path of `packages/<name>/README.md`. */
export function readmePath(name: string): string {
  return fileURLToPath(new URL(`../../../packages/${name}/README.md`, import.meta.url));
}

/** The text of `packages/<name>/README.md`. */
export function readme(name: string): string {
  return readFileSync(readmePath(name), 'utf8');
}

/** The contents of every fenced block of that language, in order. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');
}

/**
 * Runs `code` as an ES module with node, from a file inside the test workspace (so that
 * `@overcast/…` resolves to the built packages), and returns what it printed.
 */
export async function runScript(
  code: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(TEST_DIR, '.readme-'));
  const script = join(dir, 'walkthrough.mjs');
  writeFileSync(script, code);
  try {
    return await promisify(execFile)(process.execPath, [script], {
      cwd: options.cwd ?? TEST_DIR,
      timeout: options.timeout ?? 60_000,
      ...(options.env === undefined ? {} : { env: options.env }),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Type errors of `source`, checked as a module of the test workspace with its compiler options
 * (`overrides` on top).
 */
export function typeErrors(source: string, overrides: ts.CompilerOptions = {}): string[] {
  const file = fileURLToPath(new URL('../__readme_walkthrough__.ts', import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    join(TEST_DIR, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read test/tsconfig.json');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], { ...config.options, ...overrides, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The walk-through of one package's README. */
export interface Walkthrough {
  /** The TypeScript between the markers. */
  source(): string;
  /** The lines the README says the walk-through prints (the block after "It prints:"). */
  printed(): string[];
  /** The block as JavaScript whose imports read from `__modules`. */
  script(): string;
  /** Runs the block in this process, its `console.log` calls going to `log`. */
  run(log: (...args: unknown[]) => void): Promise<void>;
  /** Runs the block; returns each `console.log` line as node prints it. */
  lines(): Promise<string[]>;
}

/** `modules` binds each module the walk-through imports (`import { … }` or `import * as …`). */
export function walkthrough(name: string, modules: Record<string, unknown>): Walkthrough {
  const source = () => {
    const block = /<!-- walkthrough:start -->\s*```ts\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
      readme(name),
    )?.[1];
    if (!block) throw new Error('README.md has no walkthrough block between the markers');
    return block;
  };
  const script = () => {
    const js = ts.transpileModule(source(), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
    }).outputText;
    const from = (module: string) => {
      if (!(module in modules))
        throw new Error(`the walk-through imports ${module}, which this test does not provide`);
      return `__modules['${module}']`;
    };
    return js
      .replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, names: string, module: string) => {
        return `const {${names}} = ${from(module)};`;
      })
      .replace(/^import \* as (\w+) from '([^']+)';$/gm, (_, local: string, module: string) => {
        return `const ${local} = ${from(module)};`;
      });
  };
  const run = async (log: (...args: unknown[]) => void) => {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<void>;
    await new AsyncFunction('__modules', 'console', script())(modules, { log });
  };
  return {
    source,
    script,
    run,
    printed: () => {
      const block = /<!-- walkthrough:end -->\s*It prints:\s*```\n([\s\S]*?)```/.exec(readme(name))?.[1];
      if (!block) throw new Error('README.md does not say what the walk-through prints');
      return block.trimEnd().split('\n');
    },
    lines: async () => {
      const lines: string[] = [];
      await run((...args) => lines.push(format(...args)));
      return lines;
    },
  };
}

/** For type tests: `same<A, B>()` compiles only when `A` and `B` are the same type. */
export const SAME_TYPE_DECLARATION =
  'declare function same<A, B>(...proof: [A] extends [B] ? ([B] extends [A] ? [] : [never]) : [never]): void;';

/** The type errors of a module made of `prelude` then `body` (none when it compiles as annotated). */
export function typeErrorsAfter(prelude: string): (body: string) => string[] {
  return (body) => typeErrors(`${prelude}\n${body}\nexport {};\n`);
}
