/** Starting the oVirt engine simulator: users, seed state, VM transition timing and the harness server. */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../server.js';
import { Timers } from '../timers.js';
import { engineHandler } from './handler.js';
import { EngineState } from './model.js';
import { API_PATH } from './paths.js';
import { PowerControl } from './power.js';
import { type OvirtUser, SsoService } from './sso.js';

/** The user a simulator accepts when no `users` are given. Not a secret: a test fixture. */
export const DEFAULT_OVIRT_USER: Readonly<OvirtUser> = Object.freeze({
  username: 'admin@internal',
  password: 'overcast-simulator-password',
});

export interface OvirtSimulatorOptions extends SimulatorOptions {
  /** Accepted users (default: `DEFAULT_OVIRT_USER` only). */
  users?: readonly OvirtUser[];
  /** How long each intermediate VM status lasts, in ms (default 100). */
  stepMs?: number;
  /** The clock behind creation, start and job times (default: the system clock). */
  now?: () => Date;
}

export interface RunningOvirtSimulator extends RunningSimulator {
  /** The API URL for clients, e.g. `http://127.0.0.1:41234/ovirt-engine/api`. */
  readonly apiUrl: string;
  /** The first accepted user, for clients' `username`/`password`. */
  readonly user: Readonly<OvirtUser>;
  /** Invalidates every issued token, as if they had expired: the next API call gets 401. */
  expireTokens(): void;
  /** Drops every change and pending transition and starts again from the seed. */
  reset(): void;
}

/**
 * Starts an oVirt engine simulator on 127.0.0.1: SSO at `/ovirt-engine/sso/oauth/token`, the XML
 * API at `/ovirt-engine/api` with data centers, clusters, hosts, templates (`Blank` and `tiny`),
 * VMs (`web01`, `db01`), disks, NICs and jobs.
 *
 * @example
 * const sim = await startOvirtSimulator({ stepMs: 20 });
 * // point a client at sim.apiUrl with sim.user.username / sim.user.password
 * await sim.close();
 */
export async function startOvirtSimulator(
  options: OvirtSimulatorOptions = {},
): Promise<RunningOvirtSimulator> {
  const users = options.users ?? [DEFAULT_OVIRT_USER];
  const [user] = users;
  if (user === undefined) throw new Error('the oVirt simulator needs at least one user');
  const stepMs = options.stepMs ?? 100;
  if (!Number.isFinite(stepMs) || stepMs < 0)
    throw new Error(`stepMs must be a non-negative number, not ${stepMs}`);
  const now = options.now ?? (() => new Date());
  const sso = new SsoService(users);
  const state = new EngineState();
  const timers = new Timers({ onError: (error) => options.logger?.error('ovirt transition failed:', error) });
  const power = new PowerControl(state, timers, stepMs, now);
  const reset = () => {
    power.cancelAll();
    state.reset(now());
  };
  reset();
  const running = await startSimulator({
    ...options,
    name: 'ovirt',
    handler: engineHandler(sso, { state, power, now }),
    onClose: () => timers.close(),
  });
  return Object.assign(running, {
    apiUrl: `${running.url}${API_PATH}`,
    user,
    expireTokens: () => sso.expireTokens(),
    reset,
  });
}
