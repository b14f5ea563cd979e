/**
 * The command line of every generator, so that a provider's `main.ts` is two lines:
 *
 *     import { generatorMain } from '@overcast/generator-core';
 *     import { generator } from './generator.js';
 *     await generatorMain(generator);
 *
 * `--out <packageDir>` (required) and `--version <schema version>` (default: the pinned default).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isUserError } from './errors.js';
import { type Generator, type RunSummary, runGenerator } from './generator.js';
import type { SchemaSource } from './schemas.js';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const processIo: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

export async function generatorMain<IR>(generator: Generator<IR>): Promise<void> {
  process.exitCode = await runGeneratorCli(generator, process.argv.slice(2));
}

const ARGS = {
  out: { type: 'string' },
  version: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line as a function: returns the exit code. */
export async function runGeneratorCli<IR>(
  generator: Generator<IR>,
  argv: readonly string[],
  io: CliIo = processIo,
  schemas?: SchemaSource,
): Promise<number> {
  const name = `generator-${generator.provider}`;
  const usage = `usage: ${name} --out <packageDir> [--version <schema version>]`;
  let options: { out?: string; version?: string; help?: boolean };
  try {
    options = parseArgs({ args: [...argv], options: ARGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr(`${name}: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (options.help) {
    io.stdout(usage);
    return 0;
  }
  if (!options.out) {
    io.stderr(`${name}: --out <packageDir> is required\n${usage}`);
    return 2;
  }
  try {
    const summary = await runGenerator(generator, {
      packageDir: options.out,
      format: true,
      schemaVersion: options.version,
      schemas,
    });
    io.stdout(summaryLine(summary));
    return 0;
  } catch (error) {
    io.stderr(`${name}: ${errorReport(error)}`);
    return 1;
  }
}

export function summaryLine(summary: RunSummary): string {
  const nearby = relative(process.cwd(), summary.generatedDir);
  const where = nearby === '' || nearby.startsWith('..') ? summary.generatedDir : nearby;
  const files = `${summary.files} ${summary.files === 1 ? 'file' : 'files'}`;
  const size = `${(summary.bytes / 1000).toFixed(1)} kB`;
  return `${summary.provider}: ${files} (${size}) in ${where} + api-digest.json from ${summary.pinId} in ${summary.ms} ms`;
}

/** The message of an error meant for the user, plus the stack of a bug behind it or instead of it. */
export function errorReport(error: unknown): string {
  if (!isUserError(error)) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  return isBug(error.cause) ? `${error.message}\n${error.cause.stack}` : error.message;
}

/** Not ours, not the schemas', not the system's (a missing file): an error in code. */
function isBug(error: unknown): error is Error {
  return error instanceof Error && !isUserError(error) && !('syscall' in error);
}
