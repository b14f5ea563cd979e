import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGeneratorCli } from './cli.js';
import { readDigest } from './digest.js';
import { type Generator, runGenerator } from './generator.js';
import { readSchemaText } from './schema-files.js';
import {
  type FakeIr,
  fakeGenerator,
  fakeSchemas,
  packageFolder,
  sampleApi,
  schemaFolder,
} from './test-support/fake-generator.js';

const injected = (schemaDir: string) => ({
  schemaDir,
  schemaVersion: '1.0',
  pinId: 'fake@1.0 (example/fake@abc1234)',
});

/** Every file under `dir`, by relative path. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), readFileSync(path, 'utf8')];
      })
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

describe('runGenerator', () => {
  it('writes src/generated and api-digest.json, and sums them up', async () => {
    const packageDir = packageFolder();
    const summary = await runGenerator(fakeGenerator, { packageDir, ...injected(schemaFolder(sampleApi)) });
    const files = snapshot(packageDir);
    expect(Object.keys(files)).toEqual([
      'api-digest.json',
      'package.json',
      'src/generated/api/methods.ts',
      'src/generated/types.ts',
    ]);
    expect(summary).toMatchObject({ provider: 'fake', schemaVersion: '1.0', files: 2 });
    expect(summary.bytes).toBe(
      Buffer.byteLength(files['src/generated/api/methods.ts']!) +
        Buffer.byteLength(files['src/generated/types.ts']!),
    );
    expect(summary.ms).toBeGreaterThanOrEqual(0);
    const digest = await readDigest(summary.digestPath);
    expect(digest.provider).toBe('fake');
    expect(digest.schemaVersion).toBe('1.0');
    expect(Object.keys(digest.methods)).toEqual(['destroyVirtualMachine', 'listVirtualMachines']);
  });

  it('lays the written files out with the repository formatter when asked (as npm run generate does)', async () => {
    const unformatted: Generator<null> = {
      ...(fakeGenerator as unknown as Generator<null>),
      read: () => null,
      emit: (_ir, out) => {
        out.file('values.ts').addStatements(`export const value = { a: "one", b: "two" }`);
      },
      digest: () => ({ provider: 'fake', schemaVersion: '', methods: {}, types: {} }),
    };
    const packageDir = packageFolder();
    const options = { packageDir, ...injected(schemaFolder(sampleApi)) };
    await runGenerator(unformatted, options);
    const path = join(packageDir, 'src/generated/values.ts');
    expect(readFileSync(path, 'utf8')).toContain('"one"');
    const summary = await runGenerator(unformatted, { ...options, format: true });
    const text = readFileSync(path, 'utf8');
    expect(text).toContain("export const value = { a: 'one', b: 'two' };");
    expect(summary.bytes).toBe(Buffer.byteLength(text));
  });

  it('is deterministic: two runs write the same bytes', async () => {
    const schemaDir = schemaFolder(sampleApi);
    const [first, second] = [packageFolder(), packageFolder()];
    await runGenerator(fakeGenerator, { packageDir: first, ...injected(schemaDir) });
    await runGenerator(fakeGenerator, { packageDir: second, ...injected(schemaDir) });
    expect(snapshot(second)).toEqual(snapshot(first));
    const before = snapshot(first);
    await runGenerator(fakeGenerator, { packageDir: first, ...injected(schemaDir) });
    expect(snapshot(first)).toEqual(before);
  });

  it('removes stale generated files and nothing else', async () => {
    const packageDir = packageFolder();
    mkdirSync(join(packageDir, 'src/generated/old'), { recursive: true });
    writeFileSync(join(packageDir, 'src/generated/old/stale.ts'), 'export {};\n');
    writeFileSync(join(packageDir, 'src/generated/gone.ts'), 'export {};\n');
    writeFileSync(join(packageDir, 'src/client.ts'), '// hand-written\n');
    writeFileSync(join(packageDir, 'README.md'), '# fake\n');
    await runGenerator(fakeGenerator, { packageDir, ...injected(schemaFolder(sampleApi)) });
    expect(Object.keys(snapshot(packageDir))).toEqual([
      'README.md',
      'api-digest.json',
      'package.json',
      'src/client.ts',
      'src/generated/api/methods.ts',
      'src/generated/types.ts',
    ]);
    expect(readFileSync(join(packageDir, 'src/client.ts'), 'utf8')).toBe('// hand-written\n');
  });

  it('takes the default version, the folder and the pin id from the schema source', async () => {
    const packageDir = packageFolder();
    const schemas = fakeSchemas({ '2.0': schemaFolder(sampleApi) });
    const summary = await runGenerator(fakeGenerator, { packageDir, schemas });
    expect(summary).toMatchObject({ schemaVersion: '2.0', pinId: 'fake@2.0 (example/fake@abc1234)' });
    expect(readFileSync(join(packageDir, 'src/generated/types.ts'), 'utf8')).toMatch(
      /^\/\*!\n \* Generated by @overcast\/generator-fake 1\.2\.3 from fake@2\.0 \(example\/fake@abc1234\)\./,
    );
  });

  it('refuses a folder that is not a package', async () => {
    const notAPackage = join(packageFolder(), 'src');
    mkdirSync(notAPackage);
    await expect(
      runGenerator(fakeGenerator, { packageDir: notAPackage, ...injected(schemaFolder(sampleApi)) }),
    ).rejects.toThrow(/is not a package folder \(it has no package\.json\)/);
    expect(existsSync(join(notAPackage, 'src'))).toBe(false);
  });

  it('leaves the package untouched when a stage fails', async () => {
    const packageDir = packageFolder();
    await runGenerator(fakeGenerator, { packageDir, ...injected(schemaFolder(sampleApi)) });
    const before = snapshot(packageDir);
    const failing: Generator<FakeIr> = {
      ...fakeGenerator,
      digest: () => {
        throw new Error('no digest today');
      },
    };
    await expect(runGenerator(failing, { packageDir, ...injected(schemaFolder(sampleApi)) })).rejects.toThrow(
      'fake digest: no digest today',
    );
    expect(snapshot(packageDir)).toEqual(before);
  });

  describe('reader errors name the schema file', () => {
    it('when the file is not valid JSON', async () => {
      const schemaDir = schemaFolder({});
      writeFileSync(join(schemaDir, 'api.json'), '{ "methods": ');
      await expect(
        runGenerator(fakeGenerator, { packageDir: packageFolder(), ...injected(schemaDir) }),
      ).rejects.toThrow(`fake reader: ${join(schemaDir, 'api.json')}: `);
    });

    it('when the content is wrong', async () => {
      const schemaDir = schemaFolder({ methods: {} });
      await expect(
        runGenerator(fakeGenerator, { packageDir: packageFolder(), ...injected(schemaDir) }),
      ).rejects.toThrow(`fake reader: ${join(schemaDir, 'api.json')}: needs "methods" and "types"`);
    });

    it('when the file is missing', async () => {
      const schemaDir = schemaFolder({});
      const reader: Generator<FakeIr> = {
        ...fakeGenerator,
        read: (dir) => JSON.parse(readSchemaText(dir, 'missing.json')),
      };
      await expect(
        runGenerator(reader, { packageDir: packageFolder(), ...injected(schemaDir) }),
      ).rejects.toThrow(`fake reader: ${join(schemaDir, 'missing.json')}: ENOENT`);
    });

    it('or at least the schema folder', async () => {
      const schemaDir = schemaFolder({});
      const reader: Generator<FakeIr> = {
        ...fakeGenerator,
        read: () => {
          throw new Error('unexpected shape');
        },
      };
      await expect(
        runGenerator(reader, { packageDir: packageFolder(), ...injected(schemaDir) }),
      ).rejects.toThrow(`fake reader: unexpected shape (reading ${schemaDir})`);
    });
  });
});

describe('runGeneratorCli', () => {
  function cli(
    argv: string[],
    schemas = fakeSchemas({ '1.0': schemaFolder(sampleApi), '2.0': schemaFolder(sampleApi) }),
  ) {
    const io = { out: [] as string[], err: [] as string[] };
    const code = runGeneratorCli(
      fakeGenerator,
      argv,
      { stdout: (line) => io.out.push(line), stderr: (line) => io.err.push(line) },
      schemas,
    );
    return code.then((exitCode) => ({ exitCode, ...io }));
  }

  it('generates and prints a one-line summary', async () => {
    const packageDir = packageFolder();
    const result = await cli(['--out', packageDir, '--version', '2.0']);
    expect(result).toMatchObject({ exitCode: 0, err: [] });
    expect(result.out).toHaveLength(1);
    expect(result.out[0]).toMatch(
      /^fake: 2 files \(\d+\.\d kB\) in .*src\/generated \+ api-digest\.json from fake@2\.0 \(example\/fake@abc1234\) in \d+ ms$/,
    );
    expect((await readDigest(join(packageDir, 'api-digest.json'))).schemaVersion).toBe('2.0');
  });

  it.each([
    [[], /--out <packageDir> is required/],
    [['--out'], /argument missing/],
    [['--out', '.', '--verbose'], /Unknown option '--verbose'/],
    [['--out', '.', 'extra'], /Unexpected argument 'extra'/],
  ])('rejects %j with exit code 2 and the usage', async (argv, message) => {
    const result = await cli(argv);
    expect(result.exitCode).toBe(2);
    expect(result.err.join('\n')).toMatch(message);
    expect(result.err.join('\n')).toContain('usage: generator-fake --out <packageDir>');
  });

  it('prints the usage for --help', async () => {
    expect(await cli(['--help'])).toMatchObject({ exitCode: 0, out: [expect.stringContaining('usage:')] });
  });

  it('reports a reader error with the schema file, without a stack, and exit code 1', async () => {
    const schemaDir = schemaFolder({});
    writeFileSync(join(schemaDir, 'api.json'), 'not json');
    const result = await cli(['--out', packageFolder()], fakeSchemas({ '1.0': schemaDir }));
    expect(result.exitCode).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      new RegExp(`^generator-fake: fake reader: ${join(schemaDir, 'api.json')}: .*JSON`),
    );
  });

  it('reports an unknown schema version as @overcast/schemas words it', async () => {
    const result = await cli(['--out', packageFolder(), '--version', '9.9']);
    expect(result).toMatchObject({ exitCode: 1, err: ['generator-fake: no schema folder for fake@9.9'] });
  });

  it('prints the stack of a bug', async () => {
    const buggy: Generator<FakeIr> = {
      ...fakeGenerator,
      emit: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const err: string[] = [];
    const code = await runGeneratorCli(
      buggy,
      ['--out', packageFolder()],
      { stdout: () => {}, stderr: (line) => err.push(line) },
      fakeSchemas({ '1.0': schemaFolder(sampleApi) }),
    );
    expect(code).toBe(1);
    expect(err[0]).toMatch(
      /^generator-fake: fake emitter: cannot read properties of undefined\nTypeError: .*\n\s+at /,
    );
  });
});
