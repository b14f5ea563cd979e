/**
 * A local HTTP server (127.0.0.1) that answers from bytes built beforehand, in a worker thread:
 * apart from the measured client processes, and cheap enough that what is measured is the client.
 * Every client gets the very same bytes.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** An answer given whole, whatever the query. */
export interface FixedRoute {
  /** The URL path it answers (query ignored). */
  path: string;
  contentType: string;
  body: Uint8Array;
  /** Milliseconds the answer waits, as a server's work would (default 0). */
  delayMs?: number;
}

/**
 * A CloudStack list answered page by page, honouring `page` and `pagesize`, with `count` (the
 * total) on every page as CloudStack sends it; each page is built once, on its first request.
 */
export interface PagedJsonRoute {
  path: string;
  contentType: string;
  pages: {
    /** `listvirtualmachinesresponse`. */
    responseKey: string;
    /** `virtualmachine`. */
    listKey: string;
    /** The JSON text of each item. */
    items: readonly string[];
  };
  delayMs?: number;
}

export type PayloadRoute = FixedRoute | PagedJsonRoute;

/** What the server saw between two `stats()` calls. */
export interface ServerStats {
  requests: number;
  /** The most requests it was answering at once. */
  peakInFlight: number;
}

export interface PayloadServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The requests since the last call (or the start), and the most at once; then starts counting again. */
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

const WORKER = new URL('./payload-server-worker.mjs', import.meta.url);

/** Starts the server with `routes` (their bytes are copied to the worker). */
export async function startPayloadServer(routes: readonly PayloadRoute[]): Promise<PayloadServer> {
  const worker = new Worker(WORKER, { workerData: { routes } });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  return {
    origin: `http://127.0.0.1:${port}`,
    async stats() {
      worker.postMessage('stats');
      const [stats] = (await once(worker, 'message')) as [ServerStats];
      return stats;
    },
    async close() {
      const exited = once(worker, 'exit');
      worker.postMessage('close');
      await exited;
    },
  };
}
