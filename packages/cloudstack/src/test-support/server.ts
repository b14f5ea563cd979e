/** A tiny CloudStack-like server for unit tests: records each request and answers from a script. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  params: URLSearchParams;
  contentType: string | undefined;
  /** The request target as sent (path and raw query string). */
  url: string;
  /** The raw request body. */
  body: string;
}

export type Reply =
  | {
      status?: number;
      json?: unknown;
      text?: string;
      /** A raw body, sent as is (e.g. bytes that are not UTF-8). */
      bytes?: Uint8Array;
      type?: string;
      headers?: Record<string, string>;
    }
  | 'drop';

export interface TestServer {
  endpoint: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function testServer(
  answer: (request: Seen, index: number) => Reply | Promise<Reply>,
): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
      const request = {
        method: req.method ?? '',
        params,
        contentType: req.headers['content-type'],
        url: req.url ?? '/',
        body,
      };
      seen.push(request);
      void Promise.resolve(answer(request, seen.length - 1)).then((reply) => {
        if (reply === 'drop') {
          req.socket.destroy();
          return;
        }
        const body = reply.bytes ?? reply.text ?? JSON.stringify(reply.json);
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.type ?? 'application/json',
          ...reply.headers,
        });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/client/api`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `{ <command lower>response: payload }`, as the server wraps every answer. */
export function envelope(command: string, payload: unknown): { json: unknown } {
  return { json: { [`${command.toLowerCase()}response`]: payload } };
}
