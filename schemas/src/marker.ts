import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, writeFileAtomic } from './files.js';
import type { VersionPin } from './manifest.js';

/**
 * A resolved version folder holds this file once every pinned file in it has been verified. It
 * records the hash of the manifest entry it was resolved for, so `schemaDir` can tell "resolved
 * and current" from "never resolved", "interrupted" or "pin changed since" without re-hashing.
 * Dot-named so that generators listing the folder's schema files pass over it.
 */
export const MARKER_NAME = '.resolved';

/** Hash of exactly what decides the folder's content (not the default flag, not key order). */
export function pinHash(pin: VersionPin): string {
  const files = pin.files.map(({ path, mirror, url, sha256 }) => ({ path, mirror, url, sha256 }));
  return sha256(Buffer.from(JSON.stringify({ repository: pin.repository, ref: pin.ref, files })));
}

export function hasCurrentMarker(dir: string, pin: VersionPin): boolean {
  try {
    return readFileSync(join(dir, MARKER_NAME), 'utf8').trim() === pinHash(pin);
  } catch {
    return false;
  }
}

export async function writeMarker(dir: string, pin: VersionPin): Promise<void> {
  await writeFileAtomic(join(dir, MARKER_NAME), `${pinHash(pin)}\n`);
}

export async function removeMarker(dir: string): Promise<void> {
  await rm(join(dir, MARKER_NAME), { force: true });
}
