import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatManifest, loadManifest, parseManifest } from './manifest.js';
import { defaultVersion, listPins, pinId } from './pins.js';
import { demoManifest, tempDir } from './testing.js';

/** The demo manifest as plain JSON, with `edit` applied to its only version entry. */
function editedDemo(edit: (entry: Record<string, unknown>) => void): unknown {
  const json = JSON.parse(formatManifest(demoManifest()));
  edit(json.demo.versions['1.0']);
  return json;
}

describe('manifest', () => {
  it('loads what formatManifest wrote', async () => {
    const path = join(await tempDir(), 'manifest.json');
    await writeFile(path, formatManifest(demoManifest()));
    expect(loadManifest(path)).toEqual(demoManifest());
  });

  it('says which file is unreadable or not JSON', async () => {
    const path = join(await tempDir(), 'manifest.json');
    expect(() => loadManifest(path)).toThrow(`cannot read the schema manifest ${path}`);
    await writeFile(path, '{ "demo": ');
    expect(() => loadManifest(path)).toThrow(`${path} is not valid JSON`);
  });

  it.each([
    [
      'a bad sha256',
      (e: Record<string, unknown>) => ((e.files as { sha256: string }[])[0]!.sha256 = 'ABC'),
      'demo.versions["1.0"].files[0].sha256: must be 64 lowercase hex digits, got "ABC"',
    ],
    [
      'a path that climbs out',
      (e: Record<string, unknown>) => ((e.files as { path: string }[])[1]!.path = '../x'),
      'demo.versions["1.0"].files[1].path: must be a relative path',
    ],
    [
      'an absolute mirror path',
      (e: Record<string, unknown>) => ((e.files as { mirror: string }[])[0]!.mirror = '/etc/passwd'),
      'files[0].mirror: must be a relative path',
    ],
    [
      'a missing url',
      (e: Record<string, unknown>) => delete (e.files as { url?: string }[])[0]!.url,
      'files[0].url: must be an http(s) URL, got undefined',
    ],
    [
      'a bad repository',
      (e: Record<string, unknown>) => (e.repository = 'demo'),
      'demo.versions["1.0"].repository: must be owner/name',
    ],
    [
      'no files',
      (e: Record<string, unknown>) => (e.files = []),
      'demo.versions["1.0"].files: must be a non-empty array',
    ],
    [
      'a file pinned twice',
      (e: Record<string, unknown>) => (e.files = [(e.files as unknown[])[0], (e.files as unknown[])[0]]),
      'is pinned twice',
    ],
  ])('rejects %s, saying where', (_name, edit, message) => {
    expect(() => parseManifest(editedDemo(edit), 'manifest.json')).toThrow(message);
  });

  it('rejects a default that is not one of the versions', () => {
    const json = JSON.parse(formatManifest(demoManifest()));
    json.demo.default = '2.0';
    expect(() => parseManifest(json, 'm.json')).toThrow(
      'm.json: demo.default: must name one of its versions (1.0)',
    );
  });

  it('rejects a manifest that is not an object', () => {
    expect(() => parseManifest([], 'm.json')).toThrow('m.json: manifest: must be an object');
  });

  it('writes providers and versions in sorted order, numbers by value', () => {
    const manifest = demoManifest();
    const entry = manifest.demo!.versions['1.0']!;
    const text = formatManifest({
      zeta: { default: '4.9', versions: { '4.18': entry, '4.9': entry } },
      ...manifest,
    });
    const keys = [...text.matchAll(/^ {2}"(\w+)"|^ {6}"([\w.]+)"/gm)].map((m) => m[1] ?? m[2]);
    expect(keys).toEqual(['demo', '1.0', 'zeta', '4.9', '4.18']);
  });
});

describe('pin queries', () => {
  it('answers the default version, the pin list and a short pin id', () => {
    const manifest = demoManifest();
    expect(defaultVersion('demo', manifest)).toBe('1.0');
    expect(listPins(manifest)).toMatchObject([
      { provider: 'demo', version: '1.0', isDefault: true, repository: 'example/demo' },
    ]);
    expect(pinId('demo', undefined, manifest)).toBe('demo@1.0 (example/demo@aaaaaaa)');
  });

  it('keeps a tag ref whole in the pin id', () => {
    const manifest = demoManifest();
    manifest.demo!.versions['1.0']!.ref = 'release-7.4.0';
    expect(pinId('demo', '1.0', manifest)).toBe('demo@1.0 (example/demo@release-7.4.0)');
  });

  it('names the pinned providers when asked for another', () => {
    expect(() => defaultVersion('nope', demoManifest())).toThrow('no pins for provider "nope"; pinned: demo');
  });
});
