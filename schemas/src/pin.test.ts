import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from './files.js';
import { loadManifest } from './manifest.js';
import { pinVersion } from './pin.js';
import { DEMO_FILES, demoMirror, tempDir, writeFiles } from './testing.js';

const SHA = 'b'.repeat(40);

async function setUp(extra: Record<string, string> = {}) {
  const mirror = await demoMirror({
    ...DEMO_FILES,
    LICENSE: 'Apache-2.0',
    'SOURCE.md': '# source',
    ...extra,
  });
  return { mirror, manifestPath: join(await tempDir(), 'manifest.json') };
}

describe('pinVersion', () => {
  it('pins the files the globs select, mapped to their upstream folders, sorted by path', async () => {
    const { mirror, manifestPath } = await setUp();
    const base = {
      provider: 'demo',
      version: '1.0',
      repository: 'example/demo',
      ref: SHA,
      mirror,
      manifestPath,
    };
    const result = await pinVersion({
      ...base,
      mappings: [
        { glob: 'xsd/*.xsd', upstreamPrefix: 'share/doc/xsd' },
        { glob: 'proto/*.proto', upstreamPrefix: '/src/rm/grpc/proto/' },
      ],
    });

    expect(result).toEqual({ files: 2, isDefault: true });
    expect(loadManifest(manifestPath)).toEqual({
      demo: {
        default: '1.0',
        versions: {
          '1.0': {
            repository: 'example/demo',
            ref: SHA,
            files: [
              {
                path: 'proto/vm.proto',
                mirror: 'demo/1.0/proto/vm.proto',
                url: `https://raw.githubusercontent.com/example/demo/${SHA}/src/rm/grpc/proto/vm.proto`,
                sha256: sha256(Buffer.from(DEMO_FILES['proto/vm.proto']!)),
              },
              {
                path: 'xsd/vm.xsd',
                mirror: 'demo/1.0/xsd/vm.xsd',
                url: `https://raw.githubusercontent.com/example/demo/${SHA}/share/doc/xsd/vm.xsd`,
                sha256: sha256(Buffer.from(DEMO_FILES['xsd/vm.xsd']!)),
              },
            ],
          },
        },
      },
    });
  });

  it('without --files pins every file but the mirror metadata, under the one prefix', async () => {
    const { mirror, manifestPath } = await setUp();
    const options = {
      provider: 'demo',
      version: '1.0',
      repository: 'example/demo',
      ref: SHA,
      mirror,
      manifestPath,
    };
    await pinVersion({ ...options, mappings: [{ upstreamPrefix: 'src' }] });
    const files = loadManifest(manifestPath).demo!.versions['1.0']!.files;
    expect(files.map((file) => file.path)).toEqual(['model/types/Vm.java', 'proto/vm.proto', 'xsd/vm.xsd']);
    expect(files[0]!.url).toBe(
      `https://raw.githubusercontent.com/example/demo/${SHA}/src/model/types/Vm.java`,
    );
  });

  it('keeps the default unless told, and keeps the other versions', async () => {
    const { mirror, manifestPath } = await setUp();
    await writeFiles(join(mirror, 'demo', '2.0'), DEMO_FILES);
    const options = { provider: 'demo', repository: 'example/demo', ref: SHA, mirror, manifestPath };
    const mappings = [{ glob: 'xsd/*', upstreamPrefix: 'xsd' }];
    await pinVersion({ ...options, version: '1.0', mappings });
    expect(await pinVersion({ ...options, version: '2.0', mappings })).toMatchObject({ isDefault: false });
    expect(loadManifest(manifestPath).demo!.default).toBe('1.0');
    expect(await pinVersion({ ...options, version: '2.0', mappings, makeDefault: true })).toMatchObject({
      isDefault: true,
    });
    const manifest = loadManifest(manifestPath);
    expect(manifest.demo!.default).toBe('2.0');
    expect(Object.keys(manifest.demo!.versions)).toEqual(['1.0', '2.0']);
  });

  it('refuses a file that disagrees with the folder SHA256SUMS', async () => {
    const wrong = 'c'.repeat(64);
    const { mirror, manifestPath } = await setUp({ SHA256SUMS: `${wrong}  xsd/vm.xsd\n` });
    const run = pinVersion({
      provider: 'demo',
      version: '1.0',
      repository: 'example/demo',
      ref: SHA,
      mirror,
      manifestPath,
      mappings: [{ glob: 'xsd/*.xsd', upstreamPrefix: 'xsd' }],
    });
    await expect(run).rejects.toThrow(
      `SHA256SUMS says ${wrong}, the file hashes to ${sha256(Buffer.from(DEMO_FILES['xsd/vm.xsd']!))}`,
    );
  });

  it('refuses a glob that matches nothing, a file matched twice, and a bad repository', async () => {
    const { mirror, manifestPath } = await setUp();
    const options = {
      provider: 'demo',
      version: '1.0',
      repository: 'example/demo',
      ref: SHA,
      mirror,
      manifestPath,
    };
    await expect(
      pinVersion({ ...options, mappings: [{ glob: '*.wsdl', upstreamPrefix: 'x' }] }),
    ).rejects.toThrow('--files *.wsdl matches no file');
    const twice = [
      { glob: 'xsd/*', upstreamPrefix: 'a' },
      { glob: '**/*.xsd', upstreamPrefix: 'b' },
    ];
    await expect(pinVersion({ ...options, mappings: twice })).rejects.toThrow(
      'xsd/vm.xsd is matched by both --files xsd/* and --files **/*.xsd',
    );
    const badRepository = { ...options, repository: 'not a repo', mappings: [{ upstreamPrefix: 'x' }] };
    await expect(pinVersion(badRepository)).rejects.toThrow('repository: must be owner/name');
    await writeFile(manifestPath, '{}');
    await expect(
      pinVersion({ ...options, version: '9', mappings: [{ upstreamPrefix: 'x' }] }),
    ).rejects.toThrow(`${join(mirror, 'demo', '9')} has no files to pin`);
  });
});
