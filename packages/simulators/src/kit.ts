/**
 * The simulator kit: every provider simulator is defined with `defineSimulator`, so that all of
 * them take the same option names (`credentials`, `latency`, `faults`, `transitionMs`, `host`,
 * `port`, `logger`) and expose the same fields (`url`, `endpoint`, `apiPath`, `credentials`,
 * `requests`, `faults`, `transitionMs`, `reset()`, `close()`).
 */
import type { SimulatorDefinition, SimulatorStartOptions } from './registry.js';
import { defaultLogger, type RunningSimulator, type SimulatorOptions, startSimulator } from './server.js';
import { Timers } from './timers.js';
import type { SimulatorHandler, SimulatorLogger, SimulatorRequest } from './types.js';

/** The options every provider simulator takes, beside its own. */
export interface ProviderSimulatorOptions<CredentialsOption = unknown> extends SimulatorOptions {
  /**
   * The credentials the simulator accepts, in the provider's shape (CloudStack `{ apiKey, secret }`,
   * OpenNebula `{ session }`, oVirt `{ username, password }`; a list where the provider accepts
   * several). The first is the one `credentials` hands to clients. Default: the provider's fixture.
   */
  credentials?: CredentialsOption;
  /**
   * How long each timed state change takes, in ms: a CloudStack async job, an OpenNebula state
   * step, an oVirt status step. Default 100.
   */
  transitionMs?: number;
}

/** What every running provider simulator exposes, beside the harness's `RunningSimulator` fields. */
export interface RunningProviderSimulator<Credentials extends object = object> extends RunningSimulator {
  /** The URL a client is given: `url` + `apiPath`, e.g. `http://127.0.0.1:41234/client/api`. */
  readonly endpoint: string;
  /** Where the API is served, e.g. `/client/api`, `/RPC2`, `/ovirt-engine/api`. */
  readonly apiPath: string;
  /** What a client needs to sign in: the first accepted credentials. */
  readonly credentials: Readonly<Credentials>;
  /** The state-transition time in effect, in ms. */
  readonly transitionMs: number;
  /** Drops every change and pending transition and starts again from the initial state. */
  reset(): void;
}

/** What `setup` works with: the options with their aliases resolved and defaults applied. */
export interface SimulatorSetup<Options, Credentials> {
  readonly options: Options;
  /** Every accepted credential, the client's first; never empty. */
  readonly credentials: readonly Credentials[];
  readonly transitionMs: number;
  /** Cancelled when the simulator closes; schedule state transitions here. */
  readonly timers: Timers;
  readonly logger: SimulatorLogger;
}

/** What a provider's `setup` returns. */
export interface SimulatorParts<Extra> {
  handler: SimulatorHandler;
  /** Back to the initial state: cancel pending transitions, empty and re-seed the stores. */
  reset(): void;
  /** The provider's own fields of the running simulator (e.g. oVirt's `expireTokens()`). */
  fields(running: { readonly url: string; readonly endpoint: string }): Extra;
  /** Runs after the server closed and the timers were cancelled. */
  onClose?: () => void | Promise<void>;
}

/** An older, provider-familiar option name that means the same as a uniform one. */
export interface OptionAlias<Value = unknown, Uniform = unknown> {
  /** The option's name, e.g. `jobDuration`. */
  option: string;
  /** Turns the alias's value into the uniform option's (default: as it is). */
  map?: (value: Value) => Uniform;
}

export interface SimulatorSpec<Options extends ProviderSimulatorOptions, Credentials extends object, Extra> {
  /** The provider name, as `overcast-sim <name>` takes it, e.g. `cloudstack`. */
  name: string;
  /** One line for `overcast-sim --help`. */
  description: string;
  /** Where the API is served, e.g. `/client/api`. */
  apiPath: string;
  /** The credentials accepted when none are given. */
  defaultCredentials: Credentials;
  /** Throws when one credential is malformed (e.g. a session without a colon). */
  checkCredentials?: (credentials: Credentials) => void;
  /** Default `transitionMs` (100). */
  defaultTransitionMs?: number;
  /** The provider's older names of the uniform options, kept working. */
  aliases?: {
    credentials?: OptionAlias;
    transitionMs?: OptionAlias<number, number>;
  };
  /** Names the operation of a request for `requests` (default `METHOD path`). */
  operationOf?: (request: SimulatorRequest) => string | undefined;
  /** Provider-specific `overcast-sim` flags it honours, e.g. `accept-unknown-commands`. */
  flags?: readonly string[];
  /** Builds the provider's state and handler. Runs once per started simulator. */
  setup(context: SimulatorSetup<Options, Credentials>): SimulatorParts<Extra>;
}

/** A defined provider simulator: start it from code, or register it for `overcast-sim`. */
export interface ProviderSimulator<Options, Running> {
  readonly name: string;
  readonly description: string;
  readonly apiPath: string;
  start(options?: Options): Promise<Running>;
  /** The registry entry (`registerSimulator(sim.name, sim.definition)`). */
  readonly definition: SimulatorDefinition;
}

const DEFAULT_TRANSITION_MS = 100;

/**
 * Defines a provider simulator on the kit: option aliases resolved, credentials checked, timers
 * closed with the server, requests counted per operation, and the uniform fields set.
 *
 * @example
 * export const hello = defineSimulator({
 *   name: 'hello', description: 'says hello', apiPath: '/api',
 *   defaultCredentials: { token: 'fixture' },
 *   setup: ({ credentials }) => ({
 *     handler: (r) => r.headers.authorization === `Bearer ${credentials[0]?.token}`
 *       ? { status: 200, body: 'hello' } : { status: 401 },
 *     reset: () => {},
 *     fields: () => ({}),
 *   }),
 * });
 * const sim = await hello.start({ latency: [5, 20] });
 */
export function defineSimulator<
  Options extends ProviderSimulatorOptions,
  Credentials extends object,
  Extra extends object,
>(
  spec: SimulatorSpec<Options, Credentials, Extra>,
): ProviderSimulator<Options, RunningProviderSimulator<Credentials> & Extra> {
  const start = async (options: Options = {} as Options) => {
    const transitionMs = resolveTransitionMs(spec, options);
    const credentials = resolveCredentials(spec, options);
    const logger = options.logger ?? defaultLogger;
    const timers = new Timers({ onError: (error) => logger.error(`${spec.name} transition failed:`, error) });
    const parts = spec.setup({ options, credentials, transitionMs, timers, logger });
    const running = await startSimulator({
      ...options,
      name: spec.name,
      handler: parts.handler,
      ...(spec.operationOf ? { operationOf: spec.operationOf } : {}),
      onClose: async () => {
        timers.close();
        await parts.onClose?.();
      },
    });
    const endpoint = `${running.url}${spec.apiPath}`;
    const uniform = {
      endpoint,
      apiPath: spec.apiPath,
      credentials: Object.freeze({ ...(credentials[0] as Credentials) }),
      transitionMs,
      reset: parts.reset,
    };
    return Object.assign(running, uniform, parts.fields({ url: running.url, endpoint }));
  };
  return {
    name: spec.name,
    description: spec.description,
    apiPath: spec.apiPath,
    start,
    definition: {
      description: spec.description,
      ...(spec.flags ? { flags: spec.flags } : {}),
      start: (options: SimulatorStartOptions) => start(options as Options),
    },
  };
}

/** The value of `uniform` or of its alias; both given with different values is a mistake. */
function resolveOption<Value>(
  simulator: string,
  options: object,
  uniform: string,
  alias: { option: string; map?: (value: never) => unknown } | undefined,
): Value | undefined {
  const record = options as Record<string, unknown>;
  const value = record[uniform] as Value | undefined;
  if (alias === undefined || record[alias.option] === undefined) return value;
  const given = record[alias.option];
  const aliased = (alias.map ? alias.map(given as never) : given) as Value;
  if (value !== undefined && value !== aliased) {
    throw new Error(
      `the ${simulator} simulator takes '${uniform}' or its older name '${alias.option}', not both`,
    );
  }
  return aliased;
}

function resolveTransitionMs<Options extends ProviderSimulatorOptions, Credentials extends object>(
  spec: SimulatorSpec<Options, Credentials, unknown>,
  options: Options,
): number {
  const transitionMs =
    resolveOption<number>(spec.name, options, 'transitionMs', spec.aliases?.transitionMs) ??
    spec.defaultTransitionMs ??
    DEFAULT_TRANSITION_MS;
  if (typeof transitionMs !== 'number' || !Number.isFinite(transitionMs) || transitionMs < 0) {
    const name = spec.aliases?.transitionMs?.option;
    const given = name !== undefined && (options as Record<string, unknown>)[name] !== undefined;
    throw new Error(`${given ? name : 'transitionMs'} must be a non-negative number, not ${transitionMs}`);
  }
  return transitionMs;
}

function resolveCredentials<Options extends ProviderSimulatorOptions, Credentials extends object>(
  spec: SimulatorSpec<Options, Credentials, unknown>,
  options: Options,
): readonly Credentials[] {
  const given = resolveOption<Credentials | readonly Credentials[]>(
    spec.name,
    options,
    'credentials',
    spec.aliases?.credentials,
  );
  const list: readonly Credentials[] =
    given === undefined ? [spec.defaultCredentials] : Array.isArray(given) ? given : [given as Credentials];
  if (list.length === 0) throw new Error(`the ${spec.name} simulator needs at least one credential`);
  for (const credentials of list) {
    if (credentials === null || typeof credentials !== 'object') {
      throw new Error(`the ${spec.name} simulator's credentials must be objects, not ${String(credentials)}`);
    }
    spec.checkCredentials?.(credentials);
  }
  return list;
}
