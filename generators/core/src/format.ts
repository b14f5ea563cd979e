/**
 * Generated code laid out by the repository's own formatter (biome, with biome.json's lineWidth), so
 * that what a user's editor opens reads like the hand-written code: the emitters produce correct
 * code, the formatter gives it its line breaks. Biome's own command line is run on the written
 * folder (the generated files are gitignored, so the ignore file is set aside for them).
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
/** The repository's biome.json, whatever folder the package is in (a test's is a temporary one). */
const CONFIG = fileURLToPath(new URL('../../../biome.json', import.meta.url));

/** Formats the generated `files` under `dir` in place, as the repository's formatter does; their bytes now. */
export async function formatGenerated(dir: string, files: readonly { path: string }[]): Promise<number> {
  const args = [biome, 'format', '--write', '--vcs-use-ignore-file=false', `--config-path=${CONFIG}`, dir];
  try {
    await execFileAsync(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`biome could not format the generated code in ${dir}:\n${stderr || stdout}`, {
      cause: error,
    });
  }
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(dir, file.path))).size;
  return bytes;
}
