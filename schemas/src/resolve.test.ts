import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from './files.js';
import { resolveSchemas } from './resolve.js';
import { schemaDir } from './schema-dir.js';
import { DEMO_FILES, deadUrl, demoManifest, demoMirror, serve, tempDir, writeFiles } from './testing.js';

// Failure tests pin one file: with several in flight, which one fails first is up to timing.
const ONE_FILE = { 'model/types/Vm.java': DEMO_FILES['model/types/Vm.java']! };

describe('resolveSchemas', () => {
  it('copies every pinned file from the mirror into the cache, verified', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    const [resolved] = await resolveSchemas({ manifest: demoManifest(), mirror, cacheDir });
    expect(resolved).toEqual({
      provider: 'demo',
      version: '1.0',
      dir: join(cacheDir, 'demo', '1.0'),
      files: 3,
      fromMirror: 3,
      downloaded: 0,
      cached: 0,
    });
    for (const [path, content] of Object.entries(DEMO_FILES)) {
      expect(await readFile(join(cacheDir, 'demo', '1.0', path), 'utf8')).toBe(content);
    }
  });

  it('reuses cached files whose hash is right and replaces the others', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    const options = { manifest: demoManifest(), mirror, cacheDir };
    await resolveSchemas(options);
    expect((await resolveSchemas(options))[0]).toMatchObject({ cached: 3, fromMirror: 0 });

    await writeFile(join(cacheDir, 'demo', '1.0', 'xsd', 'vm.xsd'), 'damaged');
    expect((await resolveSchemas(options))[0]).toMatchObject({ cached: 2, fromMirror: 1 });
    expect(await readFile(join(cacheDir, 'demo', '1.0', 'xsd', 'vm.xsd'), 'utf8')).toBe(
      DEMO_FILES['xsd/vm.xsd'],
    );
  });

  it('rejects a tampered mirror file, naming it and both hashes, and leaves the folder unresolved', async () => {
    const tampered = '<xs:schemA/>\n'; // one byte changed
    const [mirror, cacheDir] = [await demoMirror({ ...DEMO_FILES, 'xsd/vm.xsd': tampered }), await tempDir()];
    const manifest = demoManifest();
    const error = await resolveSchemas({ manifest, mirror, cacheDir }).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('sha256 mismatch for demo@1.0 xsd/vm.xsd');
    expect(message).toContain(`expected ${sha256(Buffer.from(DEMO_FILES['xsd/vm.xsd']!))}`);
    expect(message).toContain(`actual   ${sha256(Buffer.from(tampered))}`);
    expect(message).toContain(`mirror ${join(mirror, 'demo', '1.0', 'xsd', 'vm.xsd')}`);
    await expect(readFile(join(cacheDir, 'demo', '1.0', 'xsd', 'vm.xsd'))).rejects.toThrow(/ENOENT/);
    expect(() => schemaDir('demo', undefined, { manifest, cacheDir })).toThrow(/not resolved/);
  });

  it('names the mirror path and the URL it tried when neither has the file', async () => {
    const url = await deadUrl();
    const mirror = await tempDir();
    const error = await resolveSchemas({
      manifest: demoManifest(ONE_FILE, url),
      mirror,
      cacheDir: await tempDir(),
    })
      .then(() => undefined)
      .catch((e: Error) => e.message);

    expect(error).toContain('cannot get demo@1.0 model/types/Vm.java');
    expect(error).toContain(
      `mirror: ${join(mirror, 'demo', '1.0', 'model', 'types', 'Vm.java')} (not found)`,
    );
    expect(error).toContain(`url:    ${url}/model/types/Vm.java (fetch failed: connect ECONNREFUSED`);
    expect(error).toContain('set SCHEMAS_MIRROR');
  });

  it('reports what the injected fetch threw', async () => {
    const fetch = async () => {
      throw new Error('network is off');
    };
    const error = resolveSchemas({
      manifest: demoManifest(ONE_FILE),
      mirror: await tempDir(),
      cacheDir: await tempDir(),
      fetch,
    });
    await expect(error).rejects.toThrow(
      /url: {4}https:\/\/example\.invalid\/demo\/model\/types\/Vm\.java \(network is off\)/,
    );
  });

  it('gives up on a URL that does not answer in time', async () => {
    const url = await serve(() => {}); // accepts, never answers
    const error = resolveSchemas({
      manifest: demoManifest(DEMO_FILES, url),
      mirror: await tempDir(),
      cacheDir: await tempDir(),
      timeoutMs: 100,
    });
    await expect(error).rejects.toThrow(/no answer within 100 ms/);
  });

  it('downloads from the upstream URL what the mirror lacks, and verifies it', async () => {
    const requested: string[] = [];
    const url = await serve((request, response) => {
      requested.push(request.url ?? '');
      const content = DEMO_FILES[(request.url ?? '').replace('/upstream/', '')];
      response.writeHead(content === undefined ? 404 : 200).end(content);
    });
    const mirror = await demoMirror({ 'xsd/vm.xsd': DEMO_FILES['xsd/vm.xsd']! });
    const cacheDir = await tempDir();
    const [resolved] = await resolveSchemas({
      manifest: demoManifest(DEMO_FILES, `${url}/upstream`),
      mirror,
      cacheDir,
    });

    expect(resolved).toMatchObject({ fromMirror: 1, downloaded: 2, cached: 0 });
    expect(requested.sort()).toEqual(['/upstream/model/types/Vm.java', '/upstream/proto/vm.proto']);
    expect(await readFile(join(cacheDir, 'demo', '1.0', 'proto', 'vm.proto'), 'utf8')).toBe(
      DEMO_FILES['proto/vm.proto'],
    );
  });

  it('rejects a download whose bytes are not the pinned ones, naming the URL', async () => {
    const url = await serve((_request, response) => response.end('something else'));
    const error = resolveSchemas({
      manifest: demoManifest(ONE_FILE, url),
      mirror: await tempDir(),
      cacheDir: await tempDir(),
    });
    await expect(error).rejects.toThrow(
      /sha256 mismatch for demo@1\.0 model\/types\/Vm\.java[\s\S]*from {5}http:\/\/127\.0\.0\.1:\d+\/model\/types\/Vm\.java/,
    );
  });

  it('reports an HTTP error status', async () => {
    const url = await serve((_request, response) => response.writeHead(404).end());
    const error = resolveSchemas({
      manifest: demoManifest(DEMO_FILES, url),
      mirror: await tempDir(),
      cacheDir: await tempDir(),
    });
    await expect(error).rejects.toThrow(/\(HTTP 404 Not Found\)/);
  });

  it('removes files the pin no longer lists', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    await writeFiles(join(cacheDir, 'demo', '1.0'), {
      'xsd/dropped.xsd': 'old',
      'xsd/vm.xsd.123.abcd.tmp': 'half',
    });
    await resolveSchemas({ manifest: demoManifest(), mirror, cacheDir });
    await expect(readFile(join(cacheDir, 'demo', '1.0', 'xsd', 'dropped.xsd'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(cacheDir, 'demo', '1.0', 'xsd', 'vm.xsd.123.abcd.tmp'))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('resolves only the selected providers and versions, and refuses unknown ones', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    const manifest = demoManifest();
    await expect(resolveSchemas({ manifest, mirror, cacheDir, versions: ['1.0'] })).resolves.toHaveLength(1);
    await expect(resolveSchemas({ manifest, mirror, cacheDir, providers: ['nope'] })).rejects.toThrow(
      'no pins for provider "nope"; pinned: demo',
    );
    await expect(resolveSchemas({ manifest, mirror, cacheDir, versions: ['2.0'] })).rejects.toThrow(
      'no pin for version 2.0; pinned: demo@1.0',
    );
  });

  it('refuses a mirror directory that does not exist', async () => {
    const mirror = join(await tempDir(), 'absent');
    await expect(
      resolveSchemas({ manifest: demoManifest(), mirror, cacheDir: await tempDir() }),
    ).rejects.toThrow(`mirror option: ${mirror} is not a directory`);
  });
});
