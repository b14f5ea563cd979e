/**
 * The walk-through of packages/openstack/README.md (connect from clouds.yaml, list, create a server
 * and wait, upload and download an image, a raw call, the cloud layer, errors), checked as written:
 * it type-checks with the workspace's strict settings, runs against the OpenStack simulator with
 * its imports bound to the real modules, and prints exactly what the README says it prints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { sharedPath } from '@overcast/generator-core';
import * as openstack from '@overcast/openstack';
import * as simulators from '@overcast/simulators';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const README = new URL('../../packages/openstack/README.md', import.meta.url);
const MODULES: Record<string, unknown> = {
  '@overcast/openstack': openstack,
  '@overcast/simulators': simulators,
  'node:fs': fs,
  'node:os': os,
  'node:path': path,
};

function readme(): string {
  return fs.readFileSync(README, 'utf8');
}

/** The TypeScript of the walk-through block. */
function walkthroughSource(): string {
  const block = /<!-- walkthrough:start -->\s*```ts\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme(),
  )?.[1];
  if (!block) throw new Error('README.md has no walkthrough block between the markers');
  return block;
}

/** The lines the README says the walk-through prints. */
function printedLines(): string[] {
  const block = /<!-- walkthrough:end -->\s*It prints:\s*```\n([\s\S]*?)```/.exec(readme())?.[1];
  if (!block) throw new Error('README.md does not say what the walk-through prints');
  return block.trimEnd().split('\n');
}

/** Type errors of the block, checked as a module of this workspace with its compiler options. */
function typeErrors(source: string): string[] {
  const file = fileURLToPath(new URL('./__openstack_readme_walkthrough__.ts', import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
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
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The walk-through block as JavaScript whose imports read from `__modules`. */
function walkthroughScript(): string {
  const js = ts.transpileModule(walkthroughSource(), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  const from = (module: string) => {
    if (!(module in MODULES))
      throw new Error(`the walk-through imports ${module}, which this test does not provide`);
    return `__modules['${module}']`;
  };
  return js
    .replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, names: string, module: string) => {
      return `const {${names}} = ${from(module)};`;
    })
    .replace(/^import \* as (\w+) from '([^']+)';$/gm, (_, name: string, module: string) => {
      return `const ${name} = ${from(module)};`;
    });
}

describe('the README walk-through of @overcast/openstack', () => {
  it('shows the contract of ARCHITECTURE §3 as it is', () => {
    const architecture = fs.readFileSync(sharedPath('design/ARCHITECTURE.md'), 'utf8');
    const contract = /### @overcast\/openstack[^\n]*\n```ts\n([\s\S]*?)```/.exec(architecture)?.[1];
    if (!contract) throw new Error('ARCHITECTURE.md has no @overcast/openstack block');
    expect(readme()).toContain(contract);
  });

  it('type-checks with the project’s strict settings', () => {
    expect(typeErrors(walkthroughSource())).toEqual([]);
    // …and the check does catch a mistake:
    expect(
      typeErrors(
        "import { Connection } from '@overcast/openstack';\nconst n: number = (await new Connection({}).compute.getServer('x')).name;\n",
      ),
    ).toEqual([expect.stringMatching(/is not assignable to type 'number'/)]);
  }, 60_000);

  it('runs against the simulator and prints what the README says', async () => {
    const lines: string[] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<void>;
    const run = new AsyncFunction('__modules', 'console', walkthroughScript());
    await run(MODULES, { log: (...args: unknown[]) => lines.push(format(...args)) });
    expect(lines).toEqual(printedLines());
  }, 60_000);
});
