/**
 * A small canned engine on 127.0.0.1 for the contract tests: SSO token and revoke endpoints, and
 * per-request answers from a route function, recording every request (headers, query and body as
 * received). Plain HTTP, or HTTPS with the given certificate (and client certificates if asked).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface EngineRequest {
  method: string;
  /** The path without the query, e.g. `/ovirt-engine/api/vms`. */
  path: string;
  /** The path below `/ovirt-engine/api`, e.g. `/vms` ('' for the root); undefined for other paths. */
  api: string | undefined;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  text: string;
}

export interface EngineAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** A body made as it is sent, chunk by chunk (each dropped once written), instead of `body`. */
  chunks?: () => Iterable<string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Route = (request: EngineRequest) => EngineAnswer | undefined;

export interface Engine {
  url: string;
  apiUrl: string;
  requests: EngineRequest[];
  /** API requests only. */
  apiRequests(): EngineRequest[];
  /** Replaces the route (the default SSO endpoints stay unless the route answers them). */
  route(route: Route): void;
  close(): Promise<void>;
}

export const PASSWORD = 's3cret-pass';

export const xml = (status: number, body: string, headers: Record<string, string> = {}): EngineAnswer => ({
  status,
  headers: { 'content-type': 'application/xml', ...headers },
  body,
});

export const json = (status: number, value: unknown): EngineAnswer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** Writes `chunks` as they are made, waiting for the socket to drain, so none is held longer than needed. */
function streamBody(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string> | undefined,
  chunks: Iterable<string>,
): void {
  outgoing.writeHead(status, headers);
  const iterator = chunks[Symbol.iterator]();
  const pump = () => {
    for (let next = iterator.next(); next.done !== true; next = iterator.next()) {
      if (!outgoing.write(next.value)) {
        outgoing.once('drain', pump);
        return;
      }
    }
    outgoing.end();
  };
  outgoing.on('close', () => iterator.return?.());
  pump();
}

export async function startEngine(tls?: ServerOptions): Promise<Engine> {
  const requests: EngineRequest[] = [];
  let route: Route = () => undefined;
  let tokens = 0;
  const sockets = new Set<import('node:net').Socket>();

  const defaultAnswer = (request: EngineRequest): EngineAnswer => {
    if (request.path === '/ovirt-engine/sso/oauth/token') {
      const form = new URLSearchParams(request.text);
      if (form.get('password') !== PASSWORD) {
        return json(400, { error: 'access_denied', error_description: 'Cannot authenticate user.' });
      }
      tokens++;
      return json(200, { access_token: `token-${tokens}-Zq8xWv` });
    }
    if (request.path === '/ovirt-engine/services/sso-logout') return json(200, {});
    return xml(404, '<fault><reason>Not Found</reason><detail>no such thing</detail></fault>');
  };

  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://engine');
      const api = url.pathname.startsWith('/ovirt-engine/api')
        ? url.pathname.slice('/ovirt-engine/api'.length)
        : undefined;
      const request: EngineRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        api,
        query: url.searchParams,
        headers: incoming.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = route(request) ?? defaultAnswer(request);
      const send = () => {
        if (answer.chunks !== undefined)
          return streamBody(outgoing, answer.status, answer.headers, answer.chunks());
        const body = answer.body ?? '';
        outgoing.writeHead(answer.status, {
          ...answer.headers,
          'content-length': String(Buffer.byteLength(body)),
        });
        outgoing.end(body);
      };
      if (answer.delayMs === undefined) send();
      else setTimeout(send, answer.delayMs).unref();
    });
  };
  const server = tls === undefined ? createHttpServer(listener) : createHttpsServer(tls, listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/ovirt-engine/api`,
    requests,
    apiRequests: () => requests.filter((request) => request.api !== undefined),
    route(next) {
      route = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
