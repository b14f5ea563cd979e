/** Helpers for this package's tests: throwaway mirrors, caches and HTTP servers. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { sha256 } from './files.js';
import type { Manifest } from './manifest.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'overcast-schemas-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** The schema files of the fake provider `demo@1.0` used throughout the tests. */
export const DEMO_FILES: Record<string, string> = {
  'proto/vm.proto': 'syntax = "proto3";\n',
  'xsd/vm.xsd': '<xs:schema/>\n',
  'model/types/Vm.java': 'public interface Vm {}\n',
};

/** A manifest pinning `files` as `demo@1.0`, downloadable under `baseUrl`. */
export function demoManifest(files = DEMO_FILES, baseUrl = 'https://example.invalid/demo'): Manifest {
  return {
    demo: {
      default: '1.0',
      versions: {
        '1.0': {
          repository: 'example/demo',
          ref: 'a'.repeat(40),
          files: Object.entries(files)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([path, content]) => ({
              path,
              mirror: `demo/1.0/${path}`,
              url: `${baseUrl}/${path}`,
              sha256: sha256(Buffer.from(content)),
            })),
        },
      },
    },
  };
}

/** A mirror root holding `files` under `demo/1.0/`. */
export async function demoMirror(files = DEMO_FILES): Promise<string> {
  const mirror = await tempDir();
  await writeFiles(join(mirror, 'demo', '1.0'), files);
  return mirror;
}

/** An HTTP server on 127.0.0.1, closed after the test. */
export async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL on 127.0.0.1 where nothing listens (a port just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
