/** Starting the OpenNebula simulator: oned's XML-RPC API at /RPC2 over in-memory state. */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../server.js';
import { Timers } from '../timers.js';
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

export interface OpenNebulaSimulatorOptions extends SimulatorOptions {
  /** oneadmin's `user:password` (default `DEFAULT_ONE_SESSION`). */
  session?: string;
  /** How long each timed state change takes, in ms (VM PROLOG→BOOT→RUNNING, host INIT→MONITORED, image LOCKED→READY). Default 100. */
  transitionMs?: number;
}

export interface RunningOpenNebulaSimulator extends RunningSimulator {
  /** The XML-RPC endpoint for clients, e.g. `http://127.0.0.1:41234/RPC2`. */
  readonly endpoint: string;
  /** oneadmin's session. */
  readonly session: string;
  /** The XML-RPC method names the simulator answers. */
  readonly methods: readonly string[];
  /** Drops every object and pending transition: back to a fresh oned with its bootstrap users. */
  reset(): void;
}

/**
 * Starts an OpenNebula (oned XML-RPC) simulator on 127.0.0.1.
 *
 * @example
 * const sim = await startOpenNebulaSimulator();
 * // XML-RPC calls to sim.endpoint, with sim.session as the first parameter
 * await sim.close();
 */
export async function startOpenNebulaSimulator(
  options: OpenNebulaSimulatorOptions = {},
): Promise<RunningOpenNebulaSimulator> {
  const session = options.session ?? DEFAULT_ONE_SESSION;
  if (session.indexOf(':') <= 0)
    throw new Error('the OpenNebula simulator session must look like "user:password"');
  const timers = new Timers({
    onError: (error) => options.logger?.error('opennebula transition failed:', error),
  });
  const state = new OneState({ session, transitionMs: options.transitionMs ?? 100, timers });
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
  const running = await startSimulator({
    ...options,
    name: 'opennebula',
    handler: rpcHandler(state, methods),
    onClose: () => timers.close(),
  });
  const reset = () => {
    lifecycle.cancelAll();
    state.reset();
  };
  return Object.assign(running, {
    endpoint: `${running.url}${RPC_PATH}`,
    session,
    methods: Object.keys(methods).sort(),
    reset,
  });
}
