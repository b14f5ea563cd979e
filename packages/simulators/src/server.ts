/**
 * The HTTP plumbing every simulator shares: listening, reading requests, fault injection,
 * writing (or sabotaging) answers, and closing without leaving sockets or timers behind.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  drawLatency,
  FaultController,
  type FaultOptions,
  type LatencyFault,
  latencyProblem,
  withFaults,
} from './faults.js';
import { seededRandom } from './random.js';
import { BodyTooLarge, readRequest } from './request.js';
import { methodAndPath, RequestCounts } from './requests.js';
import type {
  Delivery,
  SimulatorHandler,
  SimulatorLogger,
  SimulatorRequest,
  SimulatorResponse,
} from './types.js';

/** Options every simulator accepts, whether started from code, from the registry or from the CLI. */
export interface SimulatorOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one, see `RunningSimulator.port`. */
  port?: number;
  /** Seed and initial rules of the fault controller. */
  faults?: FaultOptions;
  /**
   * Delays every answer by this many milliseconds, or by a uniformly drawn amount in `[min, max]`
   * (seeded by `faults.seed`). Not a fault rule: `faults.clear()` keeps it, `faults.injected` does
   * not count it; latency fault rules add to it.
   */
  latency?: number | readonly [min: number, max: number];
  /** Default: errors to `console.error`, no debug output. */
  logger?: SimulatorLogger;
  /** Larger request bodies are answered with 413 (default 8 MiB). */
  maxBodyBytes?: number;
}

export interface StartSimulatorOptions extends SimulatorOptions {
  /** Names the simulator in messages, e.g. `cloudstack`. */
  name: string;
  handler: SimulatorHandler;
  /**
   * Names the operation of a request for `requests` (a CloudStack command, an XML-RPC method);
   * undefined falls back to `METHOD path`, the default for every request.
   */
  operationOf?: (request: SimulatorRequest) => string | undefined;
  /** Runs once the server has closed, e.g. to cancel the simulator's `Timers`. */
  onClose?: () => void | Promise<void>;
}

/** A listening simulator. Close it when done, or let `await using` do it. */
export interface RunningSimulator {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Add and clear fault rules while the simulator runs. */
  readonly faults: FaultController;
  /** Requests received per operation (counted before faults), e.g. `requests.count('listZones')`. */
  readonly requests: RequestCounts;
  /**
   * Stops accepting connections, destroys open ones (keep-alive included, so it never hangs),
   * ends pending latency delays and runs `onClose`. Calling it again returns the same promise.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The logger of a simulator started without one: errors to `console.error`, no debug output. */
export const defaultLogger: SimulatorLogger = {
  debug: () => {},
  error: (...args) => console.error(...args),
};

/**
 * Starts an HTTP server on `host:port` answering with `handler`, behind a fault controller.
 * Rejects with a message naming the port when it cannot listen (e.g. the port is in use).
 *
 * @example
 * const sim = await startSimulator({ name: 'hello', handler: () => ({ status: 200, body: 'hi' }) });
 * await fetch(sim.url); // 'hi'
 * await sim.close();
 */
export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const { name, handler, host = '127.0.0.1', port = 0, logger = defaultLogger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const faults = new FaultController(options.faults);
  const latency = baseLatency(options.latency, options.faults?.seed);
  const requests = new RequestCounts();
  const operationOf = options.operationOf ?? methodAndPath;
  const closing = new AbortController();
  // Every delayed answer waits on this one signal; hundreds at once are normal, not a leak.
  setMaxListeners(0, closing.signal);
  const serve = withFaults(faults, handler, closing.signal);
  const sockets = new Set<Socket>();

  const server = createServer((message, res) => {
    void answer();

    async function answer(): Promise<void> {
      let request: SimulatorRequest | typeof BodyTooLarge;
      try {
        request = await readRequest(message, maxBodyBytes);
      } catch {
        res.destroy(); // the client went away while sending its body: nobody to answer
        return;
      }
      if (request === BodyTooLarge) {
        requests.record(methodAndPath({ method: message.method ?? 'GET', path: pathOf(message.url) }));
        deliver(res, { kind: 'respond', response: tooLarge(maxBodyBytes) }, closing.signal);
        return;
      }
      try {
        requests.record(operationOf(request) ?? methodAndPath(request));
        const delay = latency();
        if (delay > 0) await sleep(delay, undefined, { signal: closing.signal });
        const delivery = await serve(request);
        deliver(res, delivery, closing.signal);
        logger.debug(`${name}: ${request.method} ${request.url} -> ${describe(delivery)}`);
      } catch (error) {
        if (closing.signal.aborted) return; // closing destroyed the socket; there is no one to tell
        logger.error(`${name}: ${request.method} ${request.url} failed:`, error);
        answerInternalError(res, error);
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await listen(server, name, host, port);
  server.on('error', (error) => logger.error(`${name}: server error:`, error));

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing.abort();
      const stopped = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await stopped;
      await options.onClose?.();
    })();
    return closed;
  };

  const boundPort = (server.address() as AddressInfo).port;
  return {
    name,
    host,
    port: boundPort,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    faults,
    requests,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function listen(server: Server, name: string, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
      reject(new Error(`${name} simulator cannot listen on ${host}:${port}: ${reason}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A function drawing the delay of the `latency` option for each request (0 without one). */
function baseLatency(latency: SimulatorOptions['latency'], seed = 1): () => number {
  if (latency === undefined) return () => 0;
  const problem = latencyProblem(latency as LatencyFault['ms']);
  if (problem) throw new RangeError(`invalid latency option: ${problem.replace(/^ms/, 'latency')}`);
  const random = seededRandom(seed ^ 0x5bd1e995);
  return () => drawLatency(latency as LatencyFault['ms'], random);
}

function pathOf(url = '/'): string {
  return new URL(url, 'http://simulator.invalid').pathname;
}

/**
 * Writes a delivery. Content-Length is always the full body length, even when the body is cut or
 * trickled; `signal` (the server closing) ends a trickle.
 */
function deliver(res: ServerResponse, delivery: Delivery, signal: AbortSignal): void {
  if (delivery.kind === 'drop') {
    if (delivery.reset && res.socket && !res.socket.destroyed) res.socket.resetAndDestroy();
    else res.destroy();
    return;
  }
  const { response, truncate, trickle } = delivery;
  const body =
    typeof response.body === 'string' ? Buffer.from(response.body) : (response.body ?? Buffer.alloc(0));
  for (const [header, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined) res.setHeader(header, value);
  }
  if (typeof response.body === 'string' && !res.hasHeader('content-type')) {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
  }
  res.statusCode = response.status;
  if (trickle) {
    void trickleBody(res, body, trickle, signal).catch(() => res.destroy());
    return;
  }
  if (!truncate) {
    res.end(body); // Node sets Content-Length (and leaves it out for 204 and 304)
    return;
  }
  // An empty body is announced as one byte, so that the cut is visible to the client.
  const announced = Math.max(body.length, 1);
  const sent = Math.min(truncate.bytes ?? Math.floor(body.length / 2), announced - 1);
  res.setHeader('content-length', announced);
  res.write(body.subarray(0, sent), () => res.destroy());
}

/** Sends the headers now and the body `bytes` bytes at a time, one write every `everyMs` ms. */
async function trickleBody(
  res: ServerResponse,
  body: Uint8Array,
  { bytes, everyMs }: { bytes: number; everyMs: number },
  signal: AbortSignal,
): Promise<void> {
  let gone = false;
  res.once('close', () => {
    gone = true;
  });
  res.setHeader('content-length', body.length);
  res.flushHeaders();
  for (let offset = 0; offset < body.length; offset += bytes) {
    await sleep(everyMs, undefined, { signal });
    if (gone) return;
    res.write(body.subarray(offset, offset + bytes));
  }
  res.end();
}

function answerInternalError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Drop whatever the failed response had already set (it may be what failed).
  for (const header of res.getHeaderNames()) res.removeHeader(header);
  const reason = error instanceof Error ? error.message : String(error);
  deliver(
    res,
    { kind: 'respond', response: { status: 500, body: `Internal simulator error: ${reason}` } },
    new AbortController().signal,
  );
}

function tooLarge(maxBodyBytes: number): SimulatorResponse {
  return { status: 413, body: `Request body larger than ${maxBodyBytes} bytes` };
}

function describe(delivery: Delivery): string {
  if (delivery.kind === 'drop') return delivery.reset ? 'reset' : 'dropped';
  const how = delivery.truncate ? ' (truncated)' : delivery.trickle ? ' (trickled)' : '';
  return `${delivery.response.status}${how}`;
}
