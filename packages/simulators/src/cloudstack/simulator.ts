/** Starting the CloudStack simulator: accounts, seed data, job timing, and the harness server. */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../server.js';
import { Timers } from '../timers.js';
import { type CloudStackSeed, CloudState } from './cloud.js';
import { API_PATH, apiHandler } from './handler.js';
import { JobRunner } from './jobs.js';

/** One API user: requests signed with `secret` and carrying `apiKey` are accepted. */
export interface CloudStackAccount {
  apiKey: string;
  secret: string;
}

/** The account a simulator accepts when no `accounts` are given. Not a secret: a test fixture. */
export const DEFAULT_CLOUDSTACK_ACCOUNT: Readonly<CloudStackAccount> = Object.freeze({
  apiKey: 'overcast-simulator-api-key',
  secret: 'overcast-simulator-secret-key',
});

export interface CloudStackSimulatorOptions extends SimulatorOptions {
  /** Accepted API users (default: `DEFAULT_CLOUDSTACK_ACCOUNT` only). */
  accounts?: readonly CloudStackAccount[];
  /** Extra objects to start with, e.g. `{ virtualMachines: 10_000 }`. */
  seed?: CloudStackSeed;
  /** How long an async job stays pending, in ms (default 100). */
  jobDuration?: number;
  /** `default.page.size`: the page size without `pagesize`, and the largest one accepted (default 500). */
  maxPageSize?: number;
  /** The clock behind `expires` checks and `created` dates (default: the system clock). */
  now?: () => Date;
}

export interface RunningCloudStackSimulator extends RunningSimulator {
  /** The API endpoint for clients, e.g. `http://127.0.0.1:41234/client/api`. */
  readonly endpoint: string;
  /** The first accepted account, for clients' `key`/`secret`. */
  readonly account: Readonly<CloudStackAccount>;
  /** Drops every change and pending job and starts again from the seed. */
  reset(): void;
}

/**
 * Starts a CloudStack management server simulator on 127.0.0.1.
 *
 * @example
 * const sim = await startCloudStackSimulator({ seed: { virtualMachines: 100 } });
 * // point a client at sim.endpoint with sim.account.apiKey / sim.account.secret
 * await sim.close();
 */
export async function startCloudStackSimulator(
  options: CloudStackSimulatorOptions = {},
): Promise<RunningCloudStackSimulator> {
  const accounts = options.accounts ?? [DEFAULT_CLOUDSTACK_ACCOUNT];
  const [account] = accounts;
  if (account === undefined) throw new Error('the CloudStack simulator needs at least one account');
  const secrets = new Map(accounts.map(({ apiKey, secret }) => [apiKey, secret]));
  const now = options.now ?? (() => new Date());
  const cloud = new CloudState();
  const timers = new Timers({ onError: (error) => options.logger?.error('cloudstack job failed:', error) });
  const jobs = new JobRunner(cloud, timers, options.jobDuration ?? 100, now);
  const reset = () => {
    timers.cancelAll();
    cloud.reset(options.seed, now());
  };
  reset();
  const running = await startSimulator({
    ...options,
    name: 'cloudstack',
    handler: apiHandler({
      secretOf: (apiKey) => secrets.get(apiKey),
      context: { cloud, jobs, maxPageSize: options.maxPageSize ?? 500, now },
    }),
    onClose: () => timers.close(),
  });
  return Object.assign(running, { endpoint: `${running.url}${API_PATH}`, account, reset });
}
