import { readFileSync } from 'node:fs';
import { SchemasError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { MANIFEST_PATH } from './paths.js';

/** One upstream file of a pinned version. */
export interface PinnedFile {
  /** Path inside the resolved version folder, e.g. `xsd/vm.xsd`. */
  path: string;
  /** Path relative to the mirror root, e.g. `opennebula/7.5.80/xsd/vm.xsd`. */
  mirror: string;
  /** The upstream raw file at the pinned commit. */
  url: string;
  /** Lowercase hex sha256 of the file's bytes. */
  sha256: string;
}

export interface VersionPin {
  /** `owner/name` of the upstream GitHub repository. */
  repository: string;
  /** The commit (or tag) the files were taken from. */
  ref: string;
  /** Sorted by path. */
  files: PinnedFile[];
}

export interface ProviderPins {
  default: string;
  versions: Record<string, VersionPin>;
}

/** provider → its pins, e.g. `manifest.ovirt.versions['4.6.1']`. */
export type Manifest = Record<string, ProviderPins>;

export function loadManifest(path: string = MANIFEST_PATH): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemasError(`cannot read the schema manifest ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchemasError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(json, path);
}

// Numeric-aware, so that 4.9 comes before 4.18.
const byVersion = new Intl.Collator('en', { numeric: true }).compare;

/** Stable text: providers and versions sorted, two-space indent, final newline. */
export function formatManifest(manifest: Manifest): string {
  const sorted: Manifest = {};
  for (const provider of Object.keys(manifest).sort(byVersion)) {
    const pins = manifest[provider]!;
    const versions: Record<string, VersionPin> = {};
    for (const version of Object.keys(pins.versions).sort(byVersion)) {
      versions[version] = pins.versions[version]!;
    }
    sorted[provider] = { default: pins.default, versions };
  }
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

export async function writeManifest(manifest: Manifest, path: string = MANIFEST_PATH): Promise<void> {
  await writeFileAtomic(path, formatManifest(manifest));
}

// Names become folder names in the cache, and paths are joined onto the cache and mirror
// folders, so both are kept to plain relative paths that cannot climb out.
const NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const SEGMENT = /^(?!\.{1,2}$)[^/\\\0]+$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REF = /^[^\s/]+$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Checks the shape of a parsed manifest and returns it typed; `source` names it in errors. */
export function parseManifest(json: unknown, source: string): Manifest {
  const fail = (where: string, problem: string): never => {
    throw new SchemasError(`${source}: ${where}: ${problem}`);
  };
  const manifest: Manifest = {};
  for (const [provider, pins] of Object.entries(objectAt(json, 'manifest', fail))) {
    if (!NAME.test(provider)) fail(provider, 'provider names may use only letters, digits, ".", "_" and "-"');
    const pinsObject = objectAt(pins, provider, fail);
    const versions: Record<string, VersionPin> = {};
    for (const [version, entry] of Object.entries(
      objectAt(pinsObject.versions, `${provider}.versions`, fail),
    )) {
      const where = `${provider}.versions["${version}"]`;
      if (!NAME.test(version)) fail(where, 'versions may use only letters, digits, ".", "_" and "-"');
      versions[version] = parseVersionPin(entry, where, fail);
    }
    const defaultVersion = pinsObject.default;
    if (typeof defaultVersion !== 'string' || !(defaultVersion in versions)) {
      fail(
        `${provider}.default`,
        `must name one of its versions (${Object.keys(versions).join(', ') || 'none'})`,
      );
    }
    manifest[provider] = { default: defaultVersion as string, versions };
  }
  return manifest;
}

type Fail = (where: string, problem: string) => never;

function parseVersionPin(json: unknown, where: string, fail: Fail): VersionPin {
  const entry = objectAt(json, where, fail);
  const repository = stringAt(entry.repository, `${where}.repository`, REPOSITORY, 'owner/name', fail);
  const ref = stringAt(entry.ref, `${where}.ref`, REF, 'a commit sha or tag', fail);
  if (!Array.isArray(entry.files) || entry.files.length === 0) {
    fail(`${where}.files`, 'must be a non-empty array');
  }
  const seen = new Set<string>();
  const files = (entry.files as unknown[]).map((item, index) => {
    const at = `${where}.files[${index}]`;
    const file = objectAt(item, at, fail);
    const path = relativePathAt(file.path, `${at}.path`, fail);
    if (seen.has(path)) fail(`${at}.path`, `"${path}" is pinned twice`);
    seen.add(path);
    return {
      path,
      mirror: relativePathAt(file.mirror, `${at}.mirror`, fail),
      url: urlAt(file.url, `${at}.url`, fail),
      sha256: stringAt(file.sha256, `${at}.sha256`, SHA256, '64 lowercase hex digits', fail),
    };
  });
  return { repository, ref, files };
}

function objectAt(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, where: string, pattern: RegExp, expected: string, fail: Fail): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(where, `must be ${expected}, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

function relativePathAt(value: unknown, where: string, fail: Fail): string {
  const ok = typeof value === 'string' && value.split('/').every((segment) => SEGMENT.test(segment));
  if (!ok) fail(where, `must be a relative path without "." or ".." segments, got ${JSON.stringify(value)}`);
  return value as string;
}

function urlAt(value: unknown, where: string, fail: Fail): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    fail(where, `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value as string;
}
