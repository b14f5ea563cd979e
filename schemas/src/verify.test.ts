import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from './files.js';
import { resolveSchemas } from './resolve.js';
import { demoManifest, demoMirror, tempDir } from './testing.js';
import { verifyCache } from './verify.js';

describe('verifyCache', () => {
  it('finds nothing wrong right after a resolve', async () => {
    const [mirror, cacheDir, manifest] = [await demoMirror(), await tempDir(), demoManifest()];
    await resolveSchemas({ manifest, mirror, cacheDir });
    expect(await verifyCache({ manifest, cacheDir })).toEqual([
      { provider: 'demo', version: '1.0', files: 3, problems: [] },
    ]);
  });

  it('reports missing and altered files, and an unresolved folder', async () => {
    const [mirror, cacheDir, manifest] = [await demoMirror(), await tempDir(), demoManifest()];
    await resolveSchemas({ manifest, mirror, cacheDir });
    const dir = join(cacheDir, 'demo', '1.0');
    await rm(join(dir, 'proto', 'vm.proto'));
    await writeFile(join(dir, 'xsd', 'vm.xsd'), 'edited');
    await rm(join(dir, '.resolved'));

    const [verified] = await verifyCache({ manifest, cacheDir });
    expect(verified?.problems).toEqual([
      'proto/vm.proto: missing',
      `xsd/vm.xsd: sha256 ${sha256(Buffer.from('edited'))}, expected ${manifest.demo!.versions['1.0']!.files[2]!.sha256}`,
      'not marked as resolved for the current pin (run `npm run schemas`)',
    ]);
  });
});
