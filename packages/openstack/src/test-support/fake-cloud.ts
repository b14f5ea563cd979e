/**
 * A tiny OpenStack for unit tests: a Keystone that issues numbered tokens with a chosen lifetime
 * and catalog, and whatever routes a test adds (unbuffered, so that streaming can be observed).
 * Every route but Keystone's refuses a missing or revoked token with 401, as keystonemiddleware.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface FakeCloudOptions {
  /** The catalog of every token (default: compute at `/compute/v2.1`, identity at `/identity`). */
  catalog?: (base: string) => unknown[];
  /** A token's lifetime in ms (default one hour). */
  lifetimeMs?: number;
  /** Token requests answer this instead (e.g. 401 for a wrong password). */
  refuse?: { status: number; body: unknown };
}

export interface FakeCloud {
  url: string;
  /** How many tokens were issued. */
  readonly tokens: number;
  /** The token request bodies, parsed. */
  readonly tokenRequests: unknown[];
  /** `METHOD path?query` of every request, Keystone's included. */
  readonly requests: string[];
  /** The headers of the last request. */
  readonly lastHeaders: IncomingMessage['headers'];
  /** Adds a route; `public` ones (version documents) need no token. */
  route(method: string, path: string, handler: Handler, access?: 'public'): void;
  /** Every issued token becomes invalid. */
  revokeAll(): void;
  close(): Promise<void>;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-openstack-request-id': 'req-fake',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function defaultCatalog(base: string): unknown[] {
  const entry = (type: string, path: string) => ({
    type,
    name: type,
    endpoints: ['public', 'internal'].map((face) => ({
      interface: face,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url: `${base}${face === 'internal' ? '/internal' : ''}${path}`,
    })),
  });
  return [entry('identity', '/identity'), entry('compute', '/compute/v2.1'), entry('image', '/image')];
}

export async function fakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const routes = new Map<string, { handler: Handler; open: boolean }>();
  const valid = new Set<string>();
  const requests: string[] = [];
  const tokenRequests: unknown[] = [];
  let tokens = 0;
  let lastHeaders: IncomingMessage['headers'] = {};
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    lastHeaders = req.headers;
    try {
      if (req.method === 'POST' && /\/v3\/auth\/tokens$/.test(url.pathname)) {
        const body = JSON.parse((await readBody(req)).toString('utf8'));
        tokenRequests.push(body);
        if (options.refuse !== undefined) {
          json(res, options.refuse.status, options.refuse.body);
          return;
        }
        tokens++;
        const token = `fake-token-${tokens}-0123456789`;
        valid.add(token);
        const now = Date.now();
        json(
          res,
          201,
          {
            token: {
              methods: ['password'],
              issued_at: new Date(now).toISOString(),
              expires_at: new Date(now + (options.lifetimeMs ?? 3_600_000)).toISOString(),
              user: { id: 'u1', name: 'demo', domain: { id: 'default', name: 'Default' } },
              project: { id: 'p1', name: 'demo', domain: { id: 'default', name: 'Default' } },
              roles: [{ id: 'r1', name: 'member' }],
              catalog: (options.catalog ?? defaultCatalog)(base),
            },
          },
          { 'x-subject-token': token },
        );
        return;
      }
      const route = routes.get(`${req.method} ${url.pathname}`);
      if (route === undefined) {
        json(res, 404, { itemNotFound: { code: 404, message: `no route ${req.method} ${url.pathname}` } });
        return;
      }
      const token = req.headers['x-auth-token'];
      if (!route.open && (typeof token !== 'string' || !valid.has(token))) {
        json(res, 401, {
          error: {
            code: 401,
            title: 'Unauthorized',
            message: 'The request you have made requires authentication.',
          },
        });
        return;
      }
      await route.handler(req, res, url);
    } catch (error) {
      if (!res.headersSent) json(res, 500, { computeFault: { code: 500, message: String(error) } });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    get tokens() {
      return tokens;
    },
    tokenRequests,
    requests,
    get lastHeaders() {
      return lastHeaders;
    },
    route(method, path, handler, access) {
      routes.set(`${method} ${path}`, { handler, open: access === 'public' });
    },
    revokeAll() {
      valid.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
