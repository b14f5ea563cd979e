/**
 * `npm run api-diff -- <provider> <from> <to> [--no-changeset]`: reads both schema versions with
 * the provider's generator, diffs their API digests, prints the diff and, unless the API did not
 * change, writes a changeset at the diff's level.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeChangeset } from './changeset.js';
import { type CliIo, errorReport } from './cli.js';
import { type ApiDiff, diffDigests, formatDiff } from './diff.js';
import { GeneratorError } from './errors.js';
import { digestOf, type Generator, readSchema } from './generator.js';
import { pinnedSchemas, type SchemaSource } from './schemas.js';

export type GeneratorLoader = (provider: string) => Promise<Generator<unknown>>;

export interface ApiDiffOptions {
  provider: string;
  from: string;
  to: string;
  /** Write a changeset (default true). */
  changeset?: boolean;
  /** The repository root, holding `generators/` and `.changeset/`. */
  rootDir?: string;
  /** Default: `generators/<provider>/src/generator.ts` under `rootDir`. */
  loadGenerator?: GeneratorLoader;
  /** Default: @overcast/schemas. */
  schemas?: Pick<SchemaSource, 'schemaDir'>;
}

export interface ApiDiffResult {
  diff: ApiDiff;
  changesetPath?: string;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function apiDiff(options: ApiDiffOptions): Promise<ApiDiffResult> {
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const load = options.loadGenerator ?? moduleGeneratorLoader(rootDir);
  const generator = await load(options.provider);
  const schemas = options.schemas ?? (await pinnedSchemas());
  const digestAt = async (version: string) => {
    const ir = await readSchema(generator, schemas.schemaDir(options.provider, version));
    return digestOf(generator, ir, version);
  };
  const diff = diffDigests(await digestAt(options.from), await digestAt(options.to));
  if (options.changeset === false || diff.level === 'none') return { diff };
  return { diff, changesetPath: await writeChangeset(join(rootDir, '.changeset'), diff) };
}

/** Loads `generators/<provider>/src/generator.ts`: its default export or its `generator`. */
export function moduleGeneratorLoader(rootDir: string): GeneratorLoader {
  return async (provider) => {
    if (!/^[a-z][a-z0-9-]*$/.test(provider)) throw new GeneratorError(`"${provider}" is not a provider name`);
    const path = join(rootDir, 'generators', provider, 'src', 'generator.ts');
    if (!existsSync(path)) throw new GeneratorError(`no generator for ${provider}: ${path} does not exist`);
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown; generator?: unknown };
    const generator = module.default ?? module.generator;
    if (!isGenerator(generator) || generator.provider !== provider) {
      throw new GeneratorError(
        `${path} must export (as default or as \`generator\`) a Generator whose provider is "${provider}"`,
      );
    }
    return generator;
  };
}

function isGenerator(value: unknown): value is Generator<unknown> {
  const candidate = value as Partial<Record<keyof Generator<unknown>, unknown>> | null;
  return (
    typeof candidate?.provider === 'string' &&
    typeof candidate.version === 'string' &&
    typeof candidate.read === 'function' &&
    typeof candidate.emit === 'function' &&
    typeof candidate.digest === 'function'
  );
}

type MainDependencies = Pick<ApiDiffOptions, 'rootDir' | 'loadGenerator' | 'schemas'>;

/** The command line as a function: returns the exit code. */
export async function apiDiffMain(
  argv: readonly string[],
  io: CliIo,
  dependencies: MainDependencies = {},
): Promise<number> {
  const usage = 'usage: npm run api-diff -- <provider> <fromVersion> <toVersion> [--no-changeset]';
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`api-diff: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(usage);
    return 0;
  }
  const [provider, from, to] = parsed.positionals;
  if (!provider || !from || !to || parsed.positionals.length > 3) {
    io.stderr(`api-diff: expected a provider and two schema versions\n${usage}`);
    return 2;
  }
  try {
    const changeset = !parsed.values['no-changeset'];
    const result = await apiDiff({ provider, from, to, changeset, ...dependencies });
    io.stdout(formatDiff(result.diff).trimEnd());
    if (result.changesetPath) {
      io.stdout(`\nwrote ${relative(dependencies.rootDir ?? REPOSITORY_ROOT, result.changesetPath)}`);
    }
    return 0;
  } catch (error) {
    io.stderr(`api-diff: ${errorReport(error)}`);
    return 1;
  }
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { 'no-changeset': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
}
