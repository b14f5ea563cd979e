import { join, resolve } from 'node:path';
import { SchemasError } from './errors.js';
import { loadManifest, type Manifest } from './manifest.js';
import { hasCurrentMarker } from './marker.js';
import { DEFAULT_CACHE_DIR } from './paths.js';
import { getPin, pinId } from './pins.js';

export interface SchemaDirOptions {
  /** Default: `schemas/.cache`. */
  cacheDir?: string;
  /** Default: `schemas/manifest.json`. */
  manifest?: Manifest;
}

/**
 * Absolute path of a resolved version folder (`version` defaults to the pinned default), for
 * generators to read schema files from. Throws, saying what to run, unless a complete verified
 * resolve of the current pin is there.
 */
export function schemaDir(provider: string, version?: string, options: SchemaDirOptions = {}): string {
  const manifest = options.manifest ?? loadManifest();
  const pin = getPin(manifest, provider, version);
  const dir = join(resolve(options.cacheDir ?? DEFAULT_CACHE_DIR), pin.provider, pin.version);
  if (!hasCurrentMarker(dir, pin)) {
    throw new SchemasError(
      `the schemas for ${pinId(pin.provider, pin.version, manifest)} are not resolved in ${dir} ` +
        '(missing, incomplete, or older than schemas/manifest.json). ' +
        'Run `npm run schemas` at the repository root (or `npm run schemas -w @overcast/schemas`).',
    );
  }
  return dir;
}
