/** Plain-fetch helpers for the OpenStack simulator's tests: sign in, call a service, poll. */
import type { RunningOpenStackSimulator } from './simulator.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when it is JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
  json: any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body (e.g. image data); sent as is. */
  raw?: Uint8Array | string;
}

/** Calls `path` (below the simulator's URL, e.g. `/compute/v2.1/servers`). */
export async function call(
  sim: RunningOpenStackSimulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['x-auth-token'] = options.token;
  let body: string | Uint8Array | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') json = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, json };
}

/** A password `auth` body for `user` (name + domain name), with an optional scope. */
export function passwordAuth(
  user: { username: string; password: string; userDomainName?: string },
  scope?: unknown,
): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: user.username,
            domain: { name: user.userDomainName ?? 'Default' },
            password: user.password,
          },
        },
      },
      ...(scope === undefined ? {} : { scope }),
    },
  };
}

/** `POST /identity/v3/auth/tokens`; throws unless Keystone issues a token. */
export async function issue(
  sim: RunningOpenStackSimulator,
  body: unknown,
): Promise<{ token: string; answer: Answer }> {
  const answer = await call(sim, 'POST', '/identity/v3/auth/tokens', { body });
  const token = answer.headers.get('x-subject-token');
  if (answer.status !== 201 || token === null) throw new Error(`no token: ${answer.status} ${answer.text}`);
  return { token, answer };
}

/** A token of the simulator's first user, scoped to its project. */
export async function projectToken(
  sim: RunningOpenStackSimulator,
  user: { username: string; password: string; projectName: string } = sim.credentials,
): Promise<string> {
  const scope = { project: { name: user.projectName, domain: { name: 'Default' } } };
  return (await issue(sim, passwordAuth(user, scope))).token;
}

/** Polls `probe` until `until` accepts its answer (each poll a real request); fails after `timeoutMs`. */
export async function poll<T>(
  probe: () => Promise<T>,
  until: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
