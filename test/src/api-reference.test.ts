/**
 * The API reference (`npm run docs`: typedoc over every package, warnings treated as errors, see
 * typedoc.json) builds cleanly from the sources and their JSDoc, with a page per package whose
 * guide is the package's README walk-through.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const typedocBin = join(
  dirname(createRequire(import.meta.url).resolve('typedoc/package.json')),
  'bin',
  'typedoc',
);
const out = mkdtempSync(join(tmpdir(), 'overcast-api-reference-'));
const PACKAGES = ['runtime', 'cloudstack', 'opennebula', 'ovirt', 'openstack', 'ec2', 'simulators'];

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A page's text: tags dropped, the entities typedoc writes decoded. */
function textOf(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name] ?? '');
}

describe('the API reference', () => {
  it('builds from every package without a warning, a page per package with its README as the guide', async () => {
    const { stdout, stderr } = await execFileAsync(process.execPath, [typedocBin, '--out', out], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    const log = `${stdout}\n${stderr}`;
    expect(log).not.toMatch(/\[warning\]|\[error\]/);
    for (const name of PACKAGES) {
      const page = join(out, 'modules', `_overcast_${name}.html`);
      expect(existsSync(page), page).toBe(true);
      // The package's README is its guide: every section of it is on the package's page.
      const text = textOf(readFileSync(page, 'utf8'));
      const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
      for (const [, heading] of readme.matchAll(/^## (.+)$/gm)) {
        expect(text, `${name}: ${heading}`).toContain((heading as string).replace(/`/g, ''));
      }
    }
  }, 300_000);
});
