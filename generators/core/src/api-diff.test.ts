import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDiff, apiDiffMain, moduleGeneratorLoader } from './api-diff.js';
import {
  fakeGenerator,
  fakeSchemas,
  sampleApi,
  schemaFolder,
  tempDir,
} from './test-support/fake-generator.js';

/** sampleApi at 2.0: a method gains an optional parameter, another is removed. */
const nextApi = structuredClone(sampleApi);
nextApi.methods['listVirtualMachines']!.params['keyword'] = { type: 'string', required: false };
delete nextApi.methods['destroyVirtualMachine'];

/** sampleApi at 2.1: only additions. */
const additionsApi = structuredClone(nextApi);
additionsApi.types['vm_state'] = { enum: ['Running', 'Stopped', 'Migrating'] };

const schemas = () =>
  fakeSchemas({
    '1.0': schemaFolder(sampleApi),
    '1.1': schemaFolder(sampleApi),
    '2.0': schemaFolder(nextApi),
    '2.1': schemaFolder(additionsApi),
  });

function run(argv: string[], rootDir = tempDir()) {
  const io = { out: [] as string[], err: [] as string[] };
  const exitCode = apiDiffMain(
    argv,
    { stdout: (line) => io.out.push(line), stderr: (line) => io.err.push(line) },
    { rootDir, schemas: schemas(), loadGenerator: async () => fakeGenerator },
  );
  return exitCode.then((code) => ({ code, rootDir, ...io }));
}

describe('api-diff command line', () => {
  it('prints the diff and writes a major changeset', async () => {
    const result = await run(['fake', '1.0', '2.0']);
    const summary = [
      'fake API 1.0 → 2.0: major (2 changes)',
      '',
      'Breaking (major):',
      '- removed method `destroyVirtualMachine`',
      '',
      'Additions (minor):',
      '- added parameter `listVirtualMachines(keyword)`: optional string',
    ].join('\n');
    expect(result).toMatchObject({
      code: 0,
      err: [],
      out: [summary, '\nwrote .changeset/fake-api-1.0-to-2.0.md'],
    });
    expect(readFileSync(join(result.rootDir, '.changeset/fake-api-1.0-to-2.0.md'), 'utf8')).toBe(
      `---\n"@overcast/fake": major\n---\n\n${summary}\n`,
    );
  });

  it('writes a minor changeset for additions only', async () => {
    const result = await run(['fake', '2.0', '2.1']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(result.rootDir, '.changeset/fake-api-2.0-to-2.1.md'), 'utf8')).toBe(
      '---\n"@overcast/fake": minor\n---\n\nfake API 2.0 → 2.1: minor (1 change)\n\nAdditions (minor):\n- added enum value `vm_state.Migrating`\n',
    );
  });

  it('writes a patch changeset when only the schema version moved', async () => {
    const result = await run(['fake', '1.0', '1.1']);
    expect(readFileSync(join(result.rootDir, '.changeset/fake-api-1.0-to-1.1.md'), 'utf8')).toContain(
      '"@overcast/fake": patch',
    );
  });

  it('writes nothing when nothing changed, or with --no-changeset', async () => {
    const same = await run(['fake', '1.0', '1.0']);
    expect(same).toMatchObject({ code: 0, out: ['fake API 1.0 → 1.0: no change'] });
    const printed = await run(['fake', '1.0', '2.0', '--no-changeset']);
    expect(printed.code).toBe(0);
    expect(printed.out).toHaveLength(1);
    for (const { rootDir } of [same, printed]) expect(existsSync(join(rootDir, '.changeset'))).toBe(false);
  });

  it.each([[[]], [['fake', '1.0']], [['fake', '1.0', '2.0', '3.0']], [['fake', '1.0', '2.0', '--bogus']]])(
    'rejects %j with the usage',
    async (argv) => {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.err.join('\n')).toContain(
        'usage: npm run api-diff -- <provider> <fromVersion> <toVersion>',
      );
    },
  );

  it('reports an unknown version', async () => {
    const result = await run(['fake', '1.0', '7.0']);
    expect(result).toMatchObject({ code: 1, err: ['api-diff: no schema folder for fake@7.0'] });
  });
});

describe('moduleGeneratorLoader', () => {
  /** A repository root whose generators/<provider>/src/generator.ts is `source`. */
  function rootWith(provider: string, source: string): string {
    const rootDir = tempDir('overcast-root-');
    mkdirSync(join(rootDir, 'generators', provider, 'src'), { recursive: true });
    writeFileSync(join(rootDir, 'generators', provider, 'src', 'generator.ts'), source);
    return rootDir;
  }

  const moduleSource = (exportAs: string, provider = 'fake') => `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
${exportAs} {
  provider: '${provider}',
  version: '0.0.1',
  read: (dir: string) => JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8')),
  emit: () => {},
  digest: (ir: { methods: Record<string, { returns: string }> }) => ({
    provider: '', schemaVersion: '',
    methods: Object.fromEntries(Object.entries(ir.methods).map(([name, m]) => [name, { params: {}, returns: m.returns }])),
    types: {},
  }),
};
`;

  it.each([['export default'], ['export const generator =']])(
    'loads a generator module (%s)',
    async (exportAs) => {
      const rootDir = rootWith('fake', moduleSource(exportAs));
      const result = await apiDiff({ provider: 'fake', from: '1.0', to: '2.0', rootDir, schemas: schemas() });
      expect(result.diff.changes).toEqual([
        { level: 'major', kind: 'removed', subject: 'method', name: 'destroyVirtualMachine' },
      ]);
      expect(readdirSync(join(rootDir, '.changeset'))).toEqual(['fake-api-1.0-to-2.0.md']);
    },
  );

  it('refuses a module without a generator for the provider', async () => {
    const rootDir = rootWith('fake', moduleSource('export default', 'other'));
    await expect(moduleGeneratorLoader(rootDir)('fake')).rejects.toThrow(
      /generator\.ts must export \(as default or as `generator`\) a Generator whose provider is "fake"/,
    );
  });

  it('refuses a missing generator and a name that is not a provider', async () => {
    const load = moduleGeneratorLoader(tempDir());
    await expect(load('nothing')).rejects.toThrow(
      /no generator for nothing: .*generators\/nothing\/src\/generator\.ts does not exist/,
    );
    await expect(load('../evil')).rejects.toThrow('"../evil" is not a provider name');
  });
});
