/**
 * Loads the parts of undici the runtime uses — `Agent`, `EnvHttpProxyAgent` and the request API
 * (`request`, and `connect` for proxy tunnels) — instead of its index. The index also loads fetch, WebSocket, caches, mocks
 * and the rest (about 70 ms of a process's first request here, against about 25 ms for these),
 * and every provider pays it once per process. The index's one side effect that we rely on is
 * adding its API (`request`, `connect`, …) to `Dispatcher.prototype`; this does the same, with the
 * same functions. The paths are undici's own files (no exports map forbids them); `undici-parts.test.ts`
 * holds them to the index's exports, so an undici that moves them fails the tests, not users.
 */
import type { Agent, EnvHttpProxyAgent } from 'undici';

export interface UndiciParts {
  Agent: typeof Agent;
  EnvHttpProxyAgent: typeof EnvHttpProxyAgent;
}

let loading: Promise<UndiciParts> | undefined;

/** The dispatcher classes, with the request API on every dispatcher; loaded once per process. */
export function loadUndici(): Promise<UndiciParts> {
  loading ??= load();
  return loading;
}

async function load(): Promise<UndiciParts> {
  // Literal specifiers, so that bundlers find the files (`undici-files.d.ts` declares them).
  const [agent, envHttpProxyAgent, dispatcher, api] = await Promise.all([
    import('undici/lib/dispatcher/agent.js'),
    import('undici/lib/dispatcher/env-http-proxy-agent.js'),
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/index.js'),
  ]);
  const prototype = (dispatcher.default as { prototype: object }).prototype;
  // What undici's index does: `Object.assign(Dispatcher.prototype, api)` (the same functions).
  Object.assign(prototype, api.default);
  return {
    Agent: agent.default as typeof Agent,
    EnvHttpProxyAgent: envHttpProxyAgent.default as typeof EnvHttpProxyAgent,
  };
}
