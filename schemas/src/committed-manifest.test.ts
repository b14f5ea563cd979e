/**
 * The committed pins against the real mirror (`<repo>/../shared/schemas`, which CI always has).
 * Without the mirror this fails on purpose: a skipped check would pass unnoticed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, sha256 } from './files.js';
import { loadManifest } from './manifest.js';
import { DEFAULT_MIRROR_DIR } from './paths.js';
import { listPins } from './pins.js';

// Which mirror files are schema files, the upstream folder each comes from, and, for the few
// taken from another repository than the version's, that repository and commit.
const UPSTREAM_FOLDERS: [RegExp, string, string?][] = [
  [/^listApis\.json$/, 'generate/'],
  [/^xsd\/[^/]+\.xsd$/, 'share/doc/xsd/'],
  [/^proto\/[^/]+\.proto$/, 'src/rm/grpc/proto/'],
  [/^model\//, 'src/main/java/'],
  [/^(?:service-2|paginators-1|waiters-2)\.json$/, 'botocore/data/ec2/2014-10-01/'],
  [/^(?:compute|identity|image|network|block-storage)\//, 'specs/'],
  [/^metadata\/[^/]+\.yaml$/, '', 'gtema/openstack-codegenerator/306d1244ff5dea645592692a45c061b8e0d84f3e'],
];

function upstream(path: string): { path: string; source?: string } | undefined {
  for (const [pattern, folder, source] of UPSTREAM_FOLDERS) {
    if (pattern.test(path)) {
      const upstreamPath = folder + path.replace(/^(?:xsd|proto|model)\//, '');
      return source === undefined ? { path: upstreamPath } : { path: upstreamPath, source };
    }
  }
  return undefined;
}

describe('schemas/manifest.json', () => {
  const manifest = loadManifest();
  const pins = listPins(manifest);

  it('has the expected defaults', () => {
    const defaults = Object.fromEntries(
      Object.entries(manifest).map(([provider, p]) => [provider, p.default]),
    );
    expect(defaults).toEqual({
      cloudstack: '4.18',
      ec2: '2014-10-01',
      opennebula: '7.5.80',
      openstack: '2024-05-13',
      ovirt: '4.6.1',
    });
  });

  it.each(pins.map((pin) => [`${pin.provider}@${pin.version}`, pin] as const))(
    '%s matches the mirror file for file',
    async (_id, pin) => {
      expect(
        existsSync(DEFAULT_MIRROR_DIR),
        `the schema mirror ${DEFAULT_MIRROR_DIR} (../shared/schemas) is missing`,
      ).toBe(true);
      const versionDir = join(DEFAULT_MIRROR_DIR, pin.provider, pin.version);
      const source = await readFile(join(versionDir, 'SOURCE.md'), 'utf8');
      expect(source, `SOURCE.md names the pinned commit ${pin.ref}`).toContain(pin.ref);

      const schemaFiles = (await listFiles(versionDir)).filter((path) => upstream(path) !== undefined);
      expect(pin.files.map((file) => file.path)).toEqual(schemaFiles);

      const sums = new Map(
        (await readFile(join(versionDir, 'SHA256SUMS'), 'utf8').catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(66), line.slice(0, 64)] as const),
      );
      for (const file of pin.files) {
        expect(file.mirror).toBe(`${pin.provider}/${pin.version}/${file.path}`);
        const origin = upstream(file.path);
        const source = origin?.source ?? `${pin.repository}/${pin.ref}`;
        expect(file.url).toBe(`https://raw.githubusercontent.com/${source}/${origin?.path}`);
        expect(sha256(await readFile(join(DEFAULT_MIRROR_DIR, file.mirror))), file.path).toBe(file.sha256);
        if (sums.size > 0) expect(sums.get(file.path), `SHA256SUMS entry for ${file.path}`).toBe(file.sha256);
      }
    },
  );
});
