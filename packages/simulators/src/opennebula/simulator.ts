/** Starting the OpenNebula simulator: oned's XML-RPC API at /RPC2 over in-memory state, built on the kit. */
import { defineSimulator, type ProviderSimulatorOptions, type RunningProviderSimulator } from '../kit.js';
import type { SimulatorRequest } from '../types.js';
import { RPC_PATH, rpcHandler } from './handler.js';
import { VmLifecycle } from './lifecycle.js';
import { catalogMethods } from './methods/catalog.js';
import { hostMethods } from './methods/hosts.js';
import { marketMethods } from './methods/markets.js';
import { systemMethods } from './methods/system.js';
import type { MethodTable } from './methods/types.js';
import { userMethods } from './methods/users.js';
import { vmMethods } from './methods/vms.js';
import { OneState } from './state.js';

/** oneadmin's session when none is given. Not a secret: a test fixture. */
export const DEFAULT_ONE_SESSION = 'oneadmin:opennebula';

/** What an OpenNebula client needs: oneadmin's `user:password` session. */
export interface OpenNebulaCredentials {
  session: string;
}

export interface OpenNebulaSimulatorOptions extends ProviderSimulatorOptions<OpenNebulaCredentials> {
  /** Older name of `credentials`: oneadmin's `user:password` (default `DEFAULT_ONE_SESSION`). */
  session?: string;
  /**
   * How long each timed state change takes, in ms (VM PROLOG→BOOT→RUNNING, host INIT→MONITORED,
   * image LOCKED→READY). Default 100.
   */
  transitionMs?: number;
}

export interface RunningOpenNebulaSimulator extends RunningProviderSimulator<OpenNebulaCredentials> {
  /** The XML-RPC endpoint for clients, e.g. `http://127.0.0.1:41234/RPC2`. */
  readonly endpoint: string;
  /** oneadmin's session (the same as `credentials.session`). */
  readonly session: string;
  /** The XML-RPC method names the simulator answers. */
  readonly methods: readonly string[];
  /** Drops every object and pending transition: back to a fresh oned with its bootstrap users. */
  reset(): void;
}

/** The XML-RPC method of a call, read from its `<methodName>`; `requests` counts by it. */
function methodOf(request: SimulatorRequest): string | undefined {
  return /<methodName>\s*([^<]*?)\s*<\/methodName>/.exec(request.text)?.[1];
}

/** The OpenNebula simulator as the kit defines it (`opennebulaSimulator.start(options)`). */
export const opennebulaSimulator = defineSimulator<
  OpenNebulaSimulatorOptions,
  OpenNebulaCredentials,
  { readonly session: string; readonly methods: readonly string[] }
>({
  name: 'opennebula',
  description: 'OpenNebula oned XML-RPC API at /RPC2 (session oneadmin:opennebula, VM state machine)',
  apiPath: RPC_PATH,
  defaultCredentials: { session: DEFAULT_ONE_SESSION },
  checkCredentials: ({ session }) => {
    if (typeof session !== 'string' || session.indexOf(':') <= 0)
      throw new Error('the OpenNebula simulator session must look like "user:password"');
  },
  aliases: { credentials: { option: 'session', map: (session) => ({ session }) } },
  operationOf: methodOf,
  setup: ({ credentials, transitionMs, timers }) => {
    const { session } = credentials[0] as OpenNebulaCredentials;
    const state = new OneState({ session, transitionMs, timers });
    const lifecycle = new VmLifecycle(state);
    const vms = vmMethods(lifecycle);
    const methods: MethodTable = {
      ...userMethods,
      ...hostMethods(lifecycle),
      ...catalogMethods(vms.allocateVm),
      ...vms.methods,
      ...marketMethods,
      ...systemMethods,
    };
    return {
      handler: rpcHandler(state, methods),
      reset: () => {
        lifecycle.cancelAll();
        state.reset();
      },
      fields: () => ({ session, methods: Object.keys(methods).sort() }),
    };
  },
});

/**
 * Starts an OpenNebula (oned XML-RPC) simulator on 127.0.0.1.
 *
 * @example
 * const sim = await startOpenNebulaSimulator();
 * // XML-RPC calls to sim.endpoint, with sim.credentials.session as the first parameter
 * await sim.close();
 */
export function startOpenNebulaSimulator(
  options: OpenNebulaSimulatorOptions = {},
): Promise<RunningOpenNebulaSimulator> {
  return opennebulaSimulator.start(options);
}
