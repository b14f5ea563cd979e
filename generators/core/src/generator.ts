/**
 * The generator contract and the run: schema folder → reader → IR → emitter → `src/generated/**`
 * and `api-digest.json` of the provider package.
 */
import { join } from 'node:path';
import { type ApiDigest, writeDigest } from './digest.js';
import { Emitter } from './emit.js';
import { GeneratorError, messageOf, SchemaFileError } from './errors.js';
import { formatGenerated } from './format.js';
import { assertPackageDir, generatedDir, writeGeneratedFiles } from './output.js';
import { resolveSchema, type SchemaChoice } from './schemas.js';

export interface Generator<IR> {
  /** `cloudstack`: names the package (`@overcast/cloudstack`) and the schema pins. */
  provider: string;
  /** The generator's own version, printed in every generated file's header. */
  version: string;
  /** Schema folder → IR (plain data). Reads files under `schemaDir` and nothing else. */
  read(schemaDir: string): IR | Promise<IR>;
  /** IR → source files, written only through `out`. */
  emit(ir: IR, out: Emitter): void;
  /** IR → the facts of the API; the run sets its `provider` and `schemaVersion`. */
  digest(ir: IR): ApiDigest;
}

export interface RunOptions extends SchemaChoice {
  /** The provider package, `packages/<provider>`. */
  packageDir: string;
  /**
   * Lay the written files out with the repository's formatter (what `npm run generate` does; the
   * generators' own tests read the emitters' text as written).
   */
  format?: boolean;
}

export interface RunSummary {
  provider: string;
  schemaVersion: string;
  pinId: string;
  generatedDir: string;
  digestPath: string;
  files: number;
  bytes: number;
  ms: number;
}

export async function runGenerator<IR>(generator: Generator<IR>, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  assertPackageDir(options.packageDir);
  const schema = await resolveSchema(generator.provider, options);
  const ir = await readSchema(generator, schema.dir);
  const out = new Emitter({
    provider: generator.provider,
    generatorVersion: generator.version,
    pinId: schema.pinId,
  });
  inStage(generator, 'emitter', () => generator.emit(ir, out));
  const files = out.output();
  const digest = digestOf(generator, ir, schema.version);
  // Everything is computed before anything is written: a failing run leaves the package as it was.
  const written = await writeGeneratedFiles(options.packageDir, files);
  const bytes =
    options.format === true ? await formatGenerated(generatedDir(options.packageDir), files) : written;
  const digestPath = join(options.packageDir, 'api-digest.json');
  await writeDigest(digestPath, digest);
  return {
    provider: generator.provider,
    schemaVersion: schema.version,
    pinId: schema.pinId,
    generatedDir: generatedDir(options.packageDir),
    digestPath,
    files: files.length,
    bytes,
    ms: Math.round(performance.now() - started),
  };
}

/** Runs the reader; its errors name the schema file when they can, else the schema folder. */
export async function readSchema<IR>(generator: Generator<IR>, schemaDir: string): Promise<IR> {
  try {
    return await generator.read(schemaDir);
  } catch (error) {
    throw new GeneratorError(`${generator.provider} reader: ${readFailure(error, schemaDir)}`, {
      cause: error,
    });
  }
}

function readFailure(error: unknown, schemaDir: string): string {
  const message = messageOf(error);
  if (error instanceof SchemaFileError) return message;
  // Node's file system errors carry the path they failed on.
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof path === 'string') return message.includes(path) ? message : `${path}: ${message}`;
  return `${message} (reading ${schemaDir})`;
}

/** The generator's digest of `ir`, labelled with its provider and the schema version it was read from. */
export function digestOf<IR>(generator: Generator<IR>, ir: IR, schemaVersion: string): ApiDigest {
  const digest = inStage(generator, 'digest', () => generator.digest(ir));
  return { ...digest, provider: generator.provider, schemaVersion };
}

function inStage<T>(generator: Generator<unknown>, stage: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new GeneratorError(`${generator.provider} ${stage}: ${messageOf(error)}`, { cause: error });
  }
}
