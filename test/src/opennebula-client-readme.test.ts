/**
 * The walk-through of packages/opennebula/README.md, executed as written against the simulator:
 * the block between the walkthrough markers is transpiled, its imports bound to the real modules,
 * and what it prints is checked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as opennebula from '@overcast/opennebula';
import * as runtime from '@overcast/runtime';
import * as simulators from '@overcast/simulators';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const README = new URL('../../packages/opennebula/README.md', import.meta.url);
const MODULES: Record<string, unknown> = {
  '@overcast/opennebula': opennebula,
  '@overcast/runtime': runtime,
  '@overcast/simulators': simulators,
};

/** The TypeScript of the walk-through block. */
function walkthroughSource(): string {
  const readme = readFileSync(README, 'utf8');
  const block = /<!-- walkthrough:start -->\s*```ts\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  )?.[1];
  if (!block) throw new Error('README.md has no walkthrough block between the markers');
  return block;
}

/** Type errors of the block, checked as a module of this workspace with its compiler options. */
function typeErrors(source: string, overrides: ts.CompilerOptions = {}): string[] {
  const file = fileURLToPath(new URL('./__readme_walkthrough__.ts', import.meta.url));
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
  const program = ts.createProgram([file], { ...config.options, ...overrides, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The walk-through block as JavaScript whose imports read from `__modules`. */
function walkthroughScript(): string {
  const block = walkthroughSource();
  const js = ts.transpileModule(block, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  return js.replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, names: string, from: string) => {
    if (!(from in MODULES))
      throw new Error(`the walk-through imports ${from}, which this test does not provide`);
    return `const {${names}} = __modules['${from}'];`;
  });
}

describe('the README walk-through', () => {
  it('type-checks with the project’s strict settings', () => {
    expect(typeErrors(walkthroughSource())).toEqual([]);
    // …and the check does catch a mistake:
    expect(
      typeErrors(
        "import { OneServer } from '@overcast/opennebula';\nconst id: string = await new OneServer('http://x', { session: 'a:b' }).vm.allocate('');\n",
      ),
    ).toEqual(["Type 'number' is not assignable to type 'string'."]);
  }, 60_000);

  it('runs against the simulator and shows what it says', async () => {
    const lines: unknown[][] = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<void>;
    const run = new AsyncFunction('__modules', 'console', walkthroughScript());
    await run(MODULES, { log: (...args: unknown[]) => lines.push(args) });
    const printed = Object.fromEntries(lines.map(([label, ...rest]) => [String(label), rest]));
    expect(printed['host']).toEqual([0, 'node1', 'x86_64']);
    expect(printed['labels']).toEqual(['HD']);
    expect(printed['host state']).toEqual([true]);
    expect(printed['markets']?.[0]).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(printed['disks']).toEqual([[{ IMAGE_ID: '0' }, { IMAGE_ID: '1' }]]);
    expect(printed['memory']).toEqual(['2048']);
    expect(printed['templates']).toEqual([['web', 'test100'], 1]);
    expect(printed['running']).toEqual(['my_VM']);
    expect(printed['user template']).toEqual([{ NAME: 'abc', MEMORY: '1024' }]);
    expect(printed['vms']).toEqual([['0:my_VM']]);
    expect(printed['missing']).toEqual([true, true, 0x400]);
    expect(printed['denied']).toEqual([true, true]);
    expect(printed['disk type']).toEqual([0, '7.5.80']);
  }, 30_000);

  it('keeps the ARCHITECTURE §3 contract: its snippet compiles as written (plain strict mode)', () => {
    const snippet = `import { OneServer, VM_STATE, LCM_STATE, OneNoExistsError } from '@overcast/opennebula';
const one = new OneServer('http://one:2633/RPC2', { session: 'oneadmin:onepass' });
const pool = await one.hostpool.info();
const id: number = pool.HOST[0].ID;
const host = await one.host.info(0);  host.TEMPLATE['ARCH'];
await one.host.update(0, { LABELS: 'HD' }, 1);
await one.vm.update(1, { TEMPLATE: { NAME: 'abc', MEMORY: '1024' } }, 1);
await one.template.allocate('NAME="test100"\\nMEMORY="1024"');
await one.vm.action('terminate', 0);
export { id, VM_STATE, LCM_STATE, OneNoExistsError };
`;
    // With noUncheckedIndexedAccess (this repository's setting) `pool.HOST[0]` may be undefined, as for any array.
    expect(typeErrors(snippet, { noUncheckedIndexedAccess: false })).toEqual([]);
  }, 60_000);
});
