import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { mapBounded, PARALLEL_FILES } from './bounded.js';
import { SchemasError } from './errors.js';
import { listFiles, readIfExists, sha256 } from './files.js';
import { loadManifest, type Manifest, type PinnedFile, parseManifest, writeManifest } from './manifest.js';
import { findMirror, MANIFEST_PATH } from './paths.js';

/** Which files of the mirror version folder to pin, and where they live upstream. */
export interface UpstreamMapping {
  /** Relative to the mirror version folder; absent = every file but the mirror's own metadata. */
  glob?: string;
  /** Folder in the upstream repository; it replaces the glob's literal leading folders. */
  upstreamPrefix: string;
}

export interface PinOptions {
  provider: string;
  version: string;
  /** `owner/name` on GitHub. */
  repository: string;
  /** Commit sha (or tag) the mirror folder was copied from. */
  ref: string;
  mappings: readonly UpstreamMapping[];
  /** Mirror root (default: as for resolving). */
  mirror?: string;
  /** Default: `schemas/manifest.json`. */
  manifestPath?: string;
  /** Make this the provider's default version (a provider's first pin always is). */
  makeDefault?: boolean;
}

export interface PinResult {
  files: number;
  isDefault: boolean;
}

// Provenance files the mirror keeps beside the schemas: never upstream schema files.
const MIRROR_METADATA = /^(?:LICENSE[^/]*|NOTICE[^/]*|SOURCE\.md|SHA256SUMS)$/;

/** (Re)writes one version's manifest entry from the files in its mirror folder. */
export async function pinVersion(options: PinOptions): Promise<PinResult> {
  const { provider, version, repository, ref } = options;
  const mirror = findMirror(options.mirror);
  if (!mirror.dir) {
    throw new SchemasError(`pin reads the files from the mirror, and there is none: ${mirror.origin}`);
  }
  const versionDir = join(mirror.dir, provider, version);
  const available = await listFiles(versionDir);
  if (available.length === 0) throw new SchemasError(`${versionDir} has no files to pin`);

  const files = await mapBounded(
    mapToUpstream(available, options.mappings, versionDir),
    PARALLEL_FILES,
    async ({ path, upstreamPath }): Promise<PinnedFile> => ({
      path,
      mirror: `${provider}/${version}/${path}`,
      url: rawGitHubUrl(repository, ref, upstreamPath),
      sha256: sha256(await readFile(join(versionDir, path))),
    }),
  );
  await crossCheckSums(versionDir, files);

  const manifestPath = options.manifestPath ?? MANIFEST_PATH;
  const manifest: Manifest = existsSync(manifestPath) ? loadManifest(manifestPath) : {};
  const previous = manifest[provider];
  const defaultVersion = options.makeDefault || !previous ? version : previous.default;
  manifest[provider] = {
    default: defaultVersion,
    versions: { ...previous?.versions, [version]: { repository, ref, files } },
  };
  // The same checks as loading, so a bad --repository or --ref never reaches the file.
  await writeManifest(parseManifest(manifest, 'new manifest entry'), manifestPath);
  return { files: files.length, isDefault: defaultVersion === version };
}

interface Mapped {
  path: string;
  upstreamPath: string;
}

function mapToUpstream(
  available: readonly string[],
  mappings: readonly UpstreamMapping[],
  versionDir: string,
) {
  const claimedBy = new Map<string, string>();
  const mapped: Mapped[] = [];
  for (const { glob, upstreamPrefix } of mappings) {
    const matches = glob === undefined ? undefined : picomatch(glob, { strictBrackets: true });
    const matched = available.filter((path) => (matches ? matches(path) : !MIRROR_METADATA.test(path)));
    const name = glob ?? '(all files)';
    if (matched.length === 0) throw new SchemasError(`--files ${name} matches no file in ${versionDir}`);
    const base = glob === undefined ? '' : globBase(glob);
    const prefix = upstreamPrefix.replace(/^\/+|\/+$/g, '');
    for (const path of matched) {
      const other = claimedBy.get(path);
      if (other) throw new SchemasError(`${path} is matched by both --files ${other} and --files ${name}`);
      claimedBy.set(path, name);
      mapped.push({ path, upstreamPath: posix.join(prefix, base ? path.slice(base.length + 1) : path) });
    }
  }
  return mapped.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function rawGitHubUrl(repository: string, ref: string, upstreamPath: string): string {
  const encodedPath = upstreamPath.split('/').map(encodeURIComponent).join('/');
  return `https://raw.githubusercontent.com/${repository}/${ref}/${encodedPath}`;
}

/** A mirror folder may carry `SHA256SUMS` (`<hex>  <path>` lines); a file that disagrees with it is not pinned. */
async function crossCheckSums(versionDir: string, files: readonly PinnedFile[]): Promise<void> {
  const sums = await readIfExists(join(versionDir, 'SHA256SUMS'));
  if (!sums) return;
  const listed = new Map<string, string>();
  for (const line of sums.toString('utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (match) listed.set(match[2] as string, match[1] as string);
  }
  for (const file of files) {
    const expected = listed.get(file.path);
    if (expected && expected !== file.sha256) {
      throw new SchemasError(
        `${join(versionDir, file.path)} disagrees with ${join(versionDir, 'SHA256SUMS')}: ` +
          `SHA256SUMS says ${expected}, the file hashes to ${file.sha256}`,
      );
    }
  }
}

/** The folders a glob starts with that hold no wildcard: `xsd/*.xsd` → `xsd`, `listApis.json` → ``. */
function globBase(glob: string): string {
  const scanned = picomatch.scan(glob);
  const base = scanned.isGlob ? scanned.base : posix.dirname(glob);
  return base === '.' ? '' : base;
}
