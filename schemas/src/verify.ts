import { join, resolve } from 'node:path';
import { mapBounded, PARALLEL_FILES } from './bounded.js';
import { readIfExists, sha256 } from './files.js';
import { loadManifest, type Manifest, type PinnedFile } from './manifest.js';
import { hasCurrentMarker } from './marker.js';
import { DEFAULT_CACHE_DIR } from './paths.js';
import { selectPins } from './pins.js';

export interface VerifyOptions {
  providers?: readonly string[];
  versions?: readonly string[];
  cacheDir?: string;
  manifest?: Manifest;
}

export interface VerifiedVersion {
  provider: string;
  version: string;
  files: number;
  /** One line per missing or altered file; empty when the folder is exactly as pinned. */
  problems: string[];
}

/** Re-hashes the cached files against the pins. Reports; changes nothing. */
export async function verifyCache(options: VerifyOptions = {}): Promise<VerifiedVersion[]> {
  const manifest = options.manifest ?? loadManifest();
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const verified: VerifiedVersion[] = [];
  for (const pin of selectPins(manifest, options.providers, options.versions)) {
    const dir = join(cacheDir, pin.provider, pin.version);
    const fileProblems = await mapBounded(pin.files, PARALLEL_FILES, (file) => checkFile(dir, file));
    const problems = fileProblems.filter((problem) => problem !== undefined);
    if (!hasCurrentMarker(dir, pin)) {
      problems.push('not marked as resolved for the current pin (run `npm run schemas`)');
    }
    verified.push({ provider: pin.provider, version: pin.version, files: pin.files.length, problems });
  }
  return verified;
}

async function checkFile(dir: string, file: PinnedFile): Promise<string | undefined> {
  const data = await readIfExists(join(dir, file.path));
  if (!data) return `${file.path}: missing`;
  const actual = sha256(data);
  return actual === file.sha256 ? undefined : `${file.path}: sha256 ${actual}, expected ${file.sha256}`;
}
