import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemasError } from './errors.js';

/** The `schemas/` package folder; this file lives in its `src/`. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = join(PACKAGE_DIR, 'manifest.json');
/** Gitignored: resolved schema files, `<provider>/<version>/<path>`. */
export const DEFAULT_CACHE_DIR = join(PACKAGE_DIR, '.cache');
/** The shared mirror beside the repository (`<repo>/../shared/schemas`). */
export const DEFAULT_MIRROR_DIR = resolve(PACKAGE_DIR, '..', '..', 'shared', 'schemas');

export interface Mirror {
  /** Absolute path of the mirror root, or undefined when there is none (downloads only). */
  dir: string | undefined;
  /** How the mirror was chosen, for error messages. */
  origin: string;
}

/**
 * Picks the mirror: an explicit directory, else `SCHEMAS_MIRROR`, else the default when it exists.
 * A mirror the user named but that does not exist is an error, not a silent fallback to the network.
 */
export function findMirror(explicit?: string): Mirror {
  if (explicit !== undefined) return { dir: requireDirectory(explicit, 'mirror option'), origin: explicit };
  const fromEnv = process.env.SCHEMAS_MIRROR;
  if (fromEnv) {
    return { dir: requireDirectory(fromEnv, 'SCHEMAS_MIRROR'), origin: `SCHEMAS_MIRROR=${fromEnv}` };
  }
  if (existsSync(DEFAULT_MIRROR_DIR)) return { dir: DEFAULT_MIRROR_DIR, origin: DEFAULT_MIRROR_DIR };
  return {
    dir: undefined,
    origin: `none (SCHEMAS_MIRROR is unset and ${DEFAULT_MIRROR_DIR} does not exist)`,
  };
}

function requireDirectory(path: string, what: string): string {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SchemasError(`${what}: ${dir} is not a directory`);
  }
  return dir;
}
