/**
 * Loads the parts of undici the runtime uses — `Agent`, `EnvHttpProxyAgent` and the request API
 * (`request`, and `connect` for proxy tunnels) — instead of its index. The index also loads fetch, WebSocket, caches, mocks
 * and the rest (about 70 ms of a process's first request here, against about 25 ms for these),
 * and every provider pays it once per process. The index's one side effect that we rely on is
 * adding its API (`request`, `connect`, …) to `Dispatcher.prototype`; this does the same, with the
 * same functions. The paths are undici's own files (no exports map forbids them); `undici-parts.test.ts`
 * holds them to the index's exports, so an undici that moves them fails the tests, not users.
 */
import { createRequire } from 'node:module';
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
  const [agent, envHttpProxyAgent, dispatcher, api] = requireUndiciParts() ?? (await importUndiciParts());
  // What undici's index does: `Object.assign(Dispatcher.prototype, api)` (the same functions).
  Object.assign((dispatcher as { prototype: object }).prototype, api);
  return { Agent: agent as typeof Agent, EnvHttpProxyAgent: envHttpProxyAgent as typeof EnvHttpProxyAgent };
}

/** What the four files export: Agent, EnvHttpProxyAgent, Dispatcher and the request API. */
export type UndiciFiles = [unknown, unknown, unknown, object];

/**
 * The files through `require`, which loads them some 5 ms sooner than `import()` (that first runs
 * each CommonJS file through the ES module loader's translation). Undefined where they cannot be
 * required — a bundle that carries undici inside it — which then imports them.
 */
export function requireUndiciParts(): UndiciFiles | undefined {
  let require: NodeJS.Require;
  try {
    require = createRequire(import.meta.url);
  } catch {
    return undefined;
  }
  try {
    return [
      require('undici/lib/dispatcher/agent.js'),
      require('undici/lib/dispatcher/env-http-proxy-agent.js'),
      require('undici/lib/dispatcher/dispatcher.js'),
      require('undici/lib/api/index.js'),
    ];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The files through `import()`, as a bundler sees them. */
export async function importUndiciParts(): Promise<UndiciFiles> {
  // Literal specifiers, so that bundlers find the files (`undici-files.d.ts` declares them).
  const modules = await Promise.all([
    import('undici/lib/dispatcher/agent.js'),
    import('undici/lib/dispatcher/env-http-proxy-agent.js'),
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/index.js'),
  ]);
  return modules.map((module) => module.default) as UndiciFiles;
}
