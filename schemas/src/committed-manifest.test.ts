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

// Which mirror files are schema files, and the upstream folder each comes from.
const UPSTREAM_FOLDERS: [RegExp, string][] = [
  [/^listApis\.json$/, 'generate/'],
  [/^xsd\/[^/]+\.xsd$/, 'share/doc/xsd/'],
  [/^proto\/[^/]+\.proto$/, 'src/rm/grpc/proto/'],
  [/^model\//, 'src/main/java/'],
];

function upstreamPath(path: string): string | undefined {
  for (const [pattern, folder] of UPSTREAM_FOLDERS) {
    if (pattern.test(path)) return folder + path.replace(/^(?:xsd|proto|model)\//, '');
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
    expect(defaults).toEqual({ cloudstack: '4.18', opennebula: '7.5.80', ovirt: '4.6.1' });
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

      const schemaFiles = (await listFiles(versionDir)).filter((path) => upstreamPath(path) !== undefined);
      expect(pin.files.map((file) => file.path)).toEqual(schemaFiles);

      const sums = new Map(
        (await readFile(join(versionDir, 'SHA256SUMS'), 'utf8').catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(66), line.slice(0, 64)] as const),
      );
      for (const file of pin.files) {
        expect(file.mirror).toBe(`${pin.provider}/${pin.version}/${file.path}`);
        expect(file.url).toBe(
          `https://raw.githubusercontent.com/${pin.repository}/${pin.ref}/${upstreamPath(file.path)}`,
        );
        expect(sha256(await readFile(join(DEFAULT_MIRROR_DIR, file.mirror))), file.path).toBe(file.sha256);
        if (sums.size > 0) expect(sums.get(file.path), `SHA256SUMS entry for ${file.path}`).toBe(file.sha256);
      }
    },
  );
});
