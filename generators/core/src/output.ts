/**
 * Writing a run's output into a provider package: `src/generated/**` is replaced as a whole (so a
 * file the generator no longer emits disappears); nothing else in the package is touched.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './emit.js';
import { GeneratorError } from './errors.js';

/** `src/generated` of `packageDir`: the only folder a generator writes into. */
export function generatedDir(packageDir: string): string {
  return join(packageDir, 'src', 'generated');
}

/** Refuses a folder that is not a package, so a wrong `--out` cannot scatter files around. */
export function assertPackageDir(packageDir: string): void {
  if (!existsSync(join(packageDir, 'package.json'))) {
    throw new GeneratorError(`${packageDir} is not a package folder (it has no package.json)`);
  }
}

/** Replaces `src/generated` of `packageDir` with `files`; returns the bytes written. */
export async function writeGeneratedFiles(
  packageDir: string,
  files: readonly GeneratedFile[],
): Promise<number> {
  const dir = generatedDir(packageDir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
    bytes += Buffer.byteLength(file.text);
  }
  return bytes;
}
