import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mapBounded, PARALLEL_FILES } from './bounded.js';
import { SchemasError } from './errors.js';
import { listFiles, readIfExists, sha256, writeFileAtomic } from './files.js';
import { loadManifest, type Manifest, type PinnedFile } from './manifest.js';
import { MARKER_NAME, removeMarker, writeMarker } from './marker.js';
import { DEFAULT_CACHE_DIR, findMirror } from './paths.js';
import { type Pin, selectPins } from './pins.js';
import { type Obtained, obtain, type Sources } from './sources.js';

export interface ResolveOptions {
  /** Only these providers (default: all pinned). */
  providers?: readonly string[];
  /** Only these versions of the chosen providers (default: all pinned). */
  versions?: readonly string[];
  /** Mirror root (default: `SCHEMAS_MIRROR`, else `<repo>/../shared/schemas` when it exists). */
  mirror?: string;
  /** Cache root (default: `schemas/.cache`). */
  cacheDir?: string;
  /** Used for downloads (default: global fetch). */
  fetch?: typeof globalThis.fetch;
  /** Per-download timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Default: `schemas/manifest.json`. */
  manifest?: Manifest;
}

/** What one provider version's resolve did. */
export interface ResolvedVersion {
  provider: string;
  version: string;
  /** Absolute path of the resolved folder. */
  dir: string;
  files: number;
  fromMirror: number;
  downloaded: number;
  cached: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

type FileOrigin = 'cached' | Obtained['origin'];

/** Places every selected pinned file, verified, in `<cache>/<provider>/<version>/<path>`. */
export async function resolveSchemas(options: ResolveOptions = {}): Promise<ResolvedVersion[]> {
  const manifest = options.manifest ?? loadManifest();
  const pins = selectPins(manifest, options.providers, options.versions);
  const sources: Sources = {
    mirror: findMirror(options.mirror),
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const resolved: ResolvedVersion[] = [];
  for (const pin of pins) {
    resolved.push(await resolveVersion(pin, join(cacheDir, pin.provider, pin.version), sources));
  }
  return resolved;
}

async function resolveVersion(pin: Pin, dir: string, sources: Sources): Promise<ResolvedVersion> {
  // Unmark first, so that a run that stops half-way leaves a folder schemaDir refuses.
  await removeMarker(dir);
  const origins = await mapBounded(pin.files, PARALLEL_FILES, (file) => placeFile(pin, file, dir, sources));
  await removeUnpinned(dir, pin);
  await writeMarker(dir, pin);
  const count = (origin: FileOrigin) => origins.filter((o) => o === origin).length;
  return {
    provider: pin.provider,
    version: pin.version,
    dir,
    files: pin.files.length,
    fromMirror: count('mirror'),
    downloaded: count('download'),
    cached: count('cached'),
  };
}

async function placeFile(pin: Pin, file: PinnedFile, dir: string, sources: Sources): Promise<FileOrigin> {
  const target = join(dir, file.path);
  const existing = await readIfExists(target);
  if (existing && sha256(existing) === file.sha256) return 'cached';
  const label = `${pin.provider}@${pin.version} ${file.path}`;
  const { data, origin, from } = await obtain(label, file, sources);
  const actual = sha256(data);
  if (actual !== file.sha256) {
    throw new SchemasError(
      [
        `sha256 mismatch for ${label}`,
        `  expected ${file.sha256} (pinned)`,
        `  actual   ${actual}`,
        `  from     ${origin === 'mirror' ? `mirror ${from}` : from}`,
        'The file is not the pinned one. Restore the mirror file, or re-pin if upstream really changed (schemas/README.md).',
      ].join('\n'),
    );
  }
  await writeFileAtomic(target, data);
  return origin;
}

/** Files of an older pin (or stray temp files) would otherwise be picked up by generators globbing the folder. */
async function removeUnpinned(dir: string, pin: Pin): Promise<void> {
  const pinned = new Set(pin.files.map((file) => file.path));
  const stale = (await listFiles(dir)).filter((path) => !pinned.has(path) && path !== MARKER_NAME);
  await Promise.all(stale.map((path) => rm(join(dir, path), { force: true })));
}
