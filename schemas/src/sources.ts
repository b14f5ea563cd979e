import { join } from 'node:path';
import { SchemasError } from './errors.js';
import { readIfExists } from './files.js';
import type { PinnedFile } from './manifest.js';
import type { Mirror } from './paths.js';

export interface Sources {
  mirror: Mirror;
  fetch: typeof globalThis.fetch;
  /** Per download, covering the connection and the whole body. */
  timeoutMs: number;
}

export interface Obtained {
  data: Buffer;
  origin: 'mirror' | 'download';
  /** The mirror path or the URL, for messages. */
  from: string;
}

/** A pinned file's bytes from the mirror, or from its upstream URL when the mirror lacks it. Not verified here. */
export async function obtain(label: string, file: PinnedFile, sources: Sources): Promise<Obtained> {
  let mirrorTried = sources.mirror.origin;
  if (sources.mirror.dir) {
    const path = join(sources.mirror.dir, file.mirror);
    const data = await readIfExists(path);
    if (data) return { data, origin: 'mirror', from: path };
    mirrorTried = `${path} (not found)`;
  }
  try {
    return { data: await download(file.url, sources), origin: 'download', from: file.url };
  } catch (error) {
    throw new SchemasError(
      [
        `cannot get ${label}:`,
        `  mirror: ${mirrorTried}`,
        `  url:    ${file.url} (${describeFailure(error, sources.timeoutMs)})`,
        'Fix: set SCHEMAS_MIRROR to a schema mirror folder that has this file, or run where the URL is reachable.',
      ].join('\n'),
    );
  }
}

async function download(url: string, { fetch, timeoutMs }: Sources): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return Buffer.from(await response.arrayBuffer());
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
