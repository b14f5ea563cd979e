import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** One HTTP request as a simulator handler sees it: already read in full. */
export interface SimulatorRequest {
  /** Upper-case HTTP method, e.g. `GET`. */
  readonly method: string;
  /** The request target exactly as sent (path and raw query), e.g. `/client/api?command=listZones`. */
  readonly url: string;
  /** The path part of `url`, percent-encoding kept, e.g. `/client/api`. */
  readonly path: string;
  /** The parsed query string. */
  readonly query: URLSearchParams;
  /** Request headers, names lower-cased (Node's `IncomingHttpHeaders`). */
  readonly headers: IncomingHttpHeaders;
  /** The raw request body (empty when there is none). */
  readonly body: Buffer;
  /** The body decoded as UTF-8. */
  readonly text: string;
}

/** What a handler answers. `Content-Length` is always set by the server. */
export interface SimulatorResponse {
  status: number;
  headers?: OutgoingHttpHeaders;
  /** A string body defaults to `Content-Type: text/plain; charset=utf-8` unless a type is given. */
  body?: string | Uint8Array;
}

/**
 * The protocol logic of a simulator: one request in, one response out. Throwing answers
 * `500 Internal Server Error` with the error's message; the server keeps serving.
 */
export type SimulatorHandler = (request: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>;

/**
 * Where the server reports what it does. Console-compatible, so `console` and the runtime's
 * `createLogger()` both fit. `debug` receives one line per request, including its URL: wrap the
 * sink in a redacting logger if those URLs carry credentials.
 */
export interface SimulatorLogger {
  debug(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * What to do on the wire for one request: answer, answer cut short after `truncate.bytes` body
 * bytes (half the body when not given), answer slowly (`trickle.bytes` body bytes every
 * `trickle.everyMs` ms), or drop the connection without answering (with a TCP reset when `reset`).
 */
export type Delivery =
  | {
      kind: 'respond';
      response: SimulatorResponse;
      truncate?: { bytes?: number | undefined };
      trickle?: { bytes: number; everyMs: number };
    }
  | { kind: 'drop'; reset?: boolean };
