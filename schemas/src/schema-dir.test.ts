import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSchemas } from './resolve.js';
import { schemaDir } from './schema-dir.js';
import { DEMO_FILES, demoManifest, demoMirror, tempDir } from './testing.js';

describe('schemaDir', () => {
  it('tells to run `npm run schemas` when the version was never resolved', async () => {
    const cacheDir = await tempDir();
    expect(() => schemaDir('demo', '1.0', { manifest: demoManifest(), cacheDir })).toThrow(
      `the schemas for demo@1.0 (example/demo@aaaaaaa) are not resolved in ${join(cacheDir, 'demo', '1.0')}`,
    );
    expect(() => schemaDir('demo', '1.0', { manifest: demoManifest(), cacheDir })).toThrow(
      'Run `npm run schemas`',
    );
  });

  it('returns the resolved folder, for the default version when none is given', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    const manifest = demoManifest();
    await resolveSchemas({ manifest, mirror, cacheDir });
    expect(schemaDir('demo', undefined, { manifest, cacheDir })).toBe(join(cacheDir, 'demo', '1.0'));
  });

  it('refuses a folder resolved for an older pin', async () => {
    const [mirror, cacheDir] = [await demoMirror(), await tempDir()];
    await resolveSchemas({ manifest: demoManifest(), mirror, cacheDir });
    const bumped = demoManifest({ ...DEMO_FILES, 'xsd/vm.xsd': '<xs:schema version="2"/>\n' });
    expect(() => schemaDir('demo', '1.0', { manifest: bumped, cacheDir })).toThrow(
      /older than schemas\/manifest\.json/,
    );
  });

  it('names the pinned versions when asked for another', () => {
    expect(() => schemaDir('demo', '9', { manifest: demoManifest() })).toThrow(
      'no pin for demo@9; pinned versions: 1.0',
    );
  });
});
