/** Starting the oVirt engine simulator: users, seed state, VM transition timing, built on the kit. */
import { defineSimulator, type ProviderSimulatorOptions, type RunningProviderSimulator } from '../kit.js';
import { engineHandler } from './handler.js';
import { EngineState } from './model.js';
import { API_PATH } from './paths.js';
import { PowerControl } from './power.js';
import { type OvirtUser, SsoService } from './sso.js';

/** The user a simulator accepts when no `credentials` are given. Not a secret: a test fixture. */
export const DEFAULT_OVIRT_USER: Readonly<OvirtUser> = Object.freeze({
  username: 'admin@internal',
  password: 'overcast-simulator-password',
});

/** What an oVirt client needs: the kit's name for `OvirtUser` (`{ username, password }`). */
export type OvirtCredentials = OvirtUser;

export interface OvirtSimulatorOptions
  extends ProviderSimulatorOptions<OvirtCredentials | readonly OvirtCredentials[]> {
  /** Older name of `credentials` (a list of users). */
  users?: readonly OvirtUser[];
  /** Older name of `transitionMs`: how long each intermediate VM status lasts, in ms (default 100). */
  stepMs?: number;
  /** The clock behind creation, start and job times (default: the system clock). */
  now?: () => Date;
}

export interface RunningOvirtSimulator extends RunningProviderSimulator<OvirtCredentials> {
  /** The API URL for clients, e.g. `http://127.0.0.1:41234/ovirt-engine/api` (the same as `endpoint`). */
  readonly apiUrl: string;
  /** The first accepted user, for clients' `username`/`password` (the same as `credentials`). */
  readonly user: Readonly<OvirtUser>;
  /** Invalidates every issued token, as if they had expired: the next API call gets 401. */
  expireTokens(): void;
  /** Drops every change and pending transition and starts again from the seed. */
  reset(): void;
}

/** The oVirt simulator as the kit defines it (`ovirtSimulator.start(options)`). */
export const ovirtSimulator = defineSimulator<
  OvirtSimulatorOptions,
  OvirtCredentials,
  { readonly apiUrl: string; readonly user: Readonly<OvirtUser>; expireTokens(): void }
>({
  name: 'ovirt',
  description: 'oVirt engine REST API at /ovirt-engine/api (SSO bearer tokens, XML, VM status transitions)',
  apiPath: API_PATH,
  defaultCredentials: DEFAULT_OVIRT_USER,
  checkCredentials: ({ username, password }) => {
    if (typeof username !== 'string' || username === '' || typeof password !== 'string')
      throw new Error('an oVirt simulator credential needs a non-empty username and a password');
  },
  aliases: { credentials: { option: 'users' }, transitionMs: { option: 'stepMs' } },
  // Every request counts as `METHOD path`, e.g. `POST /ovirt-engine/api/vms/<id>/start`.
  setup: ({ options, credentials, transitionMs, timers }) => {
    const now = options.now ?? (() => new Date());
    const sso = new SsoService(credentials);
    const state = new EngineState();
    const power = new PowerControl(state, timers, transitionMs, now);
    const reset = () => {
      power.cancelAll();
      state.reset(now());
    };
    reset();
    const user = Object.freeze({ ...(credentials[0] as OvirtUser) });
    return {
      handler: engineHandler(sso, { state, power, now }),
      reset,
      fields: ({ endpoint }) => ({ apiUrl: endpoint, user, expireTokens: () => sso.expireTokens() }),
    };
  },
});

/**
 * Starts an oVirt engine simulator on 127.0.0.1: SSO at `/ovirt-engine/sso/oauth/token`, the XML
 * API at `/ovirt-engine/api` with data centers, clusters, hosts, templates (`Blank` and `tiny`),
 * VMs (`web01`, `db01`), disks, NICs and jobs.
 *
 * @example
 * const sim = await startOvirtSimulator({ transitionMs: 20 });
 * // point a client at sim.endpoint with sim.credentials.username / sim.credentials.password
 * await sim.close();
 */
export function startOvirtSimulator(options: OvirtSimulatorOptions = {}): Promise<RunningOvirtSimulator> {
  return ovirtSimulator.start(options);
}
