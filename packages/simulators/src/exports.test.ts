/**
 * The built package's entries: `@overcast/simulators` and one per provider. These tests read
 * `dist`, so they need a build first (`npx turbo run build --filter=@overcast/simulators`, which
 * turbo's `test` task runs before them).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PACKAGE_DIR, 'dist');
const BUILD_FIRST = 'dist is missing: run `npx turbo run build --filter=@overcast/simulators` first';

interface ExportEntry {
  types: string;
  import: string;
  default: string;
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, ExportEntry>;
  files: string[];
};

/** Every provider entry of the manifest (`./cloudstack` → `cloudstack`), in the manifest's order. */
const PROVIDERS = Object.keys(manifest.exports)
  .filter((entry) => entry !== '.')
  .map((entry) => entry.slice(2));

/** Every file a built module reaches through relative imports, itself included. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?['"](\.[^'"]+)['"]/g)) {
      visit(resolve(dirname(file), specifier as string));
    }
  };
  visit(entry);
  return seen;
}

const execFileAsync = promisify(execFile);

/** Runs an ES module script with plain Node from the package directory, as a user's test would. */
async function runNode(script: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE_DIR,
    timeout: 20_000,
  });
  return stdout;
}

describe('package entries', () => {
  it('exports the root and one entry per provider, types and import', () => {
    expect(Object.keys(manifest.exports)[0]).toBe('.');
    expect(PROVIDERS).toEqual(expect.arrayContaining(['cloudstack', 'ec2', 'opennebula', 'ovirt']));
    expect(PROVIDERS).toEqual([...PROVIDERS].sort());
    for (const provider of PROVIDERS) {
      expect(manifest.exports[`./${provider}`]).toEqual({
        types: `./dist/${provider}/index.d.ts`,
        import: `./dist/${provider}/index.js`,
        default: `./dist/${provider}/index.js`,
      });
    }
    expect(manifest.files).toContain('dist');
  });

  it('points every entry at a built file', () => {
    expect(existsSync(DIST), BUILD_FIRST).toBe(true);
    for (const [entry, { types, import: code }] of Object.entries(manifest.exports)) {
      expect(existsSync(join(PACKAGE_DIR, types)), `${entry} types: ${types}`).toBe(true);
      expect(existsSync(join(PACKAGE_DIR, code)), `${entry} import: ${code}`).toBe(true);
    }
  });

  it('a provider entry loads none of the other providers', () => {
    expect(existsSync(DIST), BUILD_FIRST).toBe(true);
    for (const provider of PROVIDERS) {
      const files = [...reachable(join(DIST, provider, 'index.js'))].map((file) => relative(DIST, file));
      const others = files.filter((file) =>
        PROVIDERS.some((p) => p !== provider && file.startsWith(`${p}/`)),
      );
      expect(others, `${provider} reaches ${others.join(', ')}`).toEqual([]);
      expect(files).toContain('kit.js');
    }
    const all = [...reachable(join(DIST, 'index.js'))].map((file) => relative(DIST, file));
    for (const provider of PROVIDERS) expect(all).toContain(`${provider}/simulator.js`);
  });

  it('each built entry exports what its source does (the build is not stale)', async () => {
    expect(existsSync(DIST), BUILD_FIRST).toBe(true);
    const sources: Record<string, object> = { '.': await import('./index.js') };
    for (const provider of PROVIDERS) {
      const source = fileURLToPath(new URL(`./${provider}/index.ts`, import.meta.url));
      sources[provider] = await import(/* @vite-ignore */ source);
    }
    const built = JSON.parse(
      await runNode(`
        const entries = ${JSON.stringify([...PROVIDERS, '.'])};
        const names = {};
        for (const entry of entries) {
          const specifier = entry === '.' ? '${manifest.name}' : '${manifest.name}/' + entry;
          names[entry] = Object.keys(await import(specifier)).sort();
        }
        console.log(JSON.stringify(names));
      `),
    ) as Record<string, string[]>;
    for (const [entry, module] of Object.entries(sources)) {
      expect(built[entry], entry).toEqual(Object.keys(module).sort());
    }
  });

  it("a user's test imports '@overcast/simulators/ovirt' and gets a running simulator with the uniform fields", async () => {
    expect(existsSync(DIST), BUILD_FIRST).toBe(true);
    const fields = JSON.parse(
      await runNode(`
        import { startOvirtSimulator } from '@overcast/simulators/ovirt';
        const sim = await startOvirtSimulator({ transitionMs: 5 });
        const { url, endpoint, apiPath, credentials, apiUrl, user, transitionMs } = sim;
        const answer = await fetch(endpoint);
        console.log(JSON.stringify({
          url, endpoint, apiPath, credentials, apiUrl, user, transitionMs,
          status: answer.status,
          counted: sim.requests.count('GET ' + apiPath),
          faults: typeof sim.faults.add,
        }));
        await sim.close();
      `),
    );
    expect(fields).toMatchObject({
      apiPath: '/ovirt-engine/api',
      credentials: { username: 'admin@internal', password: 'overcast-simulator-password' },
      user: { username: 'admin@internal' },
      transitionMs: 5,
      status: 401,
      counted: 1,
      faults: 'function',
    });
    expect(fields.endpoint).toBe(`${fields.url}/ovirt-engine/api`);
    expect(fields.apiUrl).toBe(fields.endpoint);
  });

  it('the CloudStack and OpenNebula entries start their simulators too', async () => {
    expect(existsSync(DIST), BUILD_FIRST).toBe(true);
    const fields = JSON.parse(
      await runNode(`
        import { startCloudStackSimulator } from '@overcast/simulators/cloudstack';
        import { startOpenNebulaSimulator } from '@overcast/simulators/opennebula';
        const cs = await startCloudStackSimulator();
        const one = await startOpenNebulaSimulator();
        console.log(JSON.stringify({
          cloudstack: { apiPath: cs.apiPath, credentials: cs.credentials, endpoint: cs.endpoint === cs.url + cs.apiPath },
          opennebula: { apiPath: one.apiPath, credentials: one.credentials, endpoint: one.endpoint === one.url + one.apiPath },
        }));
        await Promise.all([cs.close(), one.close()]);
      `),
    );
    expect(fields).toEqual({
      cloudstack: {
        apiPath: '/client/api',
        credentials: { apiKey: 'overcast-simulator-api-key', secret: 'overcast-simulator-secret-key' },
        endpoint: true,
      },
      opennebula: { apiPath: '/RPC2', credentials: { session: 'oneadmin:opennebula' }, endpoint: true },
    });
  });
});
