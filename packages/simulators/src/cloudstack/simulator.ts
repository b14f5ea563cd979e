/** Starting the CloudStack simulator: accounts, seed data, job timing, built on the simulator kit. */
import { defineSimulator, type ProviderSimulatorOptions, type RunningProviderSimulator } from '../kit.js';
import type { SimulatorRequest } from '../types.js';
import { type CloudStackSeed, CloudState } from './cloud.js';
import { API_PATH, apiHandler } from './handler.js';
import { JobRunner } from './jobs.js';

/** One API user: requests signed with `secret` and carrying `apiKey` are accepted. */
export interface CloudStackAccount {
  apiKey: string;
  secret: string;
}

/** What a CloudStack client needs: the kit's name for `CloudStackAccount`. */
export type CloudStackCredentials = CloudStackAccount;

/** The account a simulator accepts when no `credentials` are given. Not a secret: a test fixture. */
export const DEFAULT_CLOUDSTACK_ACCOUNT: Readonly<CloudStackAccount> = Object.freeze({
  apiKey: 'overcast-simulator-api-key',
  secret: 'overcast-simulator-secret-key',
});

export interface CloudStackSimulatorOptions
  extends ProviderSimulatorOptions<CloudStackCredentials | readonly CloudStackCredentials[]> {
  /** Older name of `credentials` (a list of accounts). */
  accounts?: readonly CloudStackAccount[];
  /** Extra objects to start with, e.g. `{ virtualMachines: 10_000 }`. */
  seed?: CloudStackSeed;
  /** Older name of `transitionMs`: how long an async job stays pending, in ms (default 100). */
  jobDuration?: number;
  /** `default.page.size`: the page size without `pagesize`, and the largest one accepted (default 500). */
  maxPageSize?: number;
  /**
   * Answer commands the simulator does not model, when they look like CloudStack commands
   * (`listHosts`, `migrateVirtualMachine`…), with shape-correct empty answers instead of the
   * server's 432. Default false: an unknown command is a 432, as for a real user without it.
   */
  acceptUnknownCommands?: boolean;
  /** The clock behind `expires` checks and `created` dates (default: the system clock). */
  now?: () => Date;
}

export interface RunningCloudStackSimulator extends RunningProviderSimulator<CloudStackCredentials> {
  /** The API endpoint for clients, e.g. `http://127.0.0.1:41234/client/api`. */
  readonly endpoint: string;
  /** The first accepted account, for clients' `key`/`secret` (the same as `credentials`). */
  readonly account: Readonly<CloudStackAccount>;
  /** Drops every change and pending job and starts again from the seed. */
  reset(): void;
}

/** The command of a request, from its query string or its form body; `requests` counts by it. */
function commandOf(request: SimulatorRequest): string | undefined {
  const fromQuery = request.query.get('command');
  if (fromQuery !== null) return fromQuery;
  const type = request.headers['content-type'] ?? '';
  if (request.method !== 'POST' || !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return undefined;
  }
  return new URLSearchParams(request.text).get('command') ?? undefined;
}

/** The CloudStack simulator as the kit defines it (`cloudstackSimulator.start(options)`). */
export const cloudstackSimulator = defineSimulator<
  CloudStackSimulatorOptions,
  CloudStackCredentials,
  { readonly account: Readonly<CloudStackAccount> }
>({
  name: 'cloudstack',
  description: 'CloudStack management server API at /client/api (signed requests, async jobs, paging)',
  apiPath: API_PATH,
  defaultCredentials: DEFAULT_CLOUDSTACK_ACCOUNT,
  checkCredentials: ({ apiKey, secret }) => {
    if (typeof apiKey !== 'string' || apiKey === '' || typeof secret !== 'string' || secret === '') {
      throw new Error('a CloudStack simulator credential needs a non-empty apiKey and secret');
    }
  },
  aliases: { credentials: { option: 'accounts' }, transitionMs: { option: 'jobDuration' } },
  operationOf: commandOf,
  flags: ['accept-unknown-commands'],
  setup: ({ options, credentials, transitionMs, timers }) => {
    const secrets = new Map(credentials.map(({ apiKey, secret }) => [apiKey, secret]));
    const now = options.now ?? (() => new Date());
    const cloud = new CloudState();
    const jobs = new JobRunner(cloud, timers, transitionMs, now);
    const reset = () => {
      timers.cancelAll();
      cloud.reset(options.seed, now());
    };
    reset();
    const account = credentials[0] as CloudStackAccount;
    return {
      handler: apiHandler({
        secretOf: (apiKey) => secrets.get(apiKey),
        acceptUnknownCommands: options.acceptUnknownCommands ?? false,
        context: { cloud, jobs, maxPageSize: options.maxPageSize ?? 500, now },
      }),
      reset,
      fields: () => ({ account }),
    };
  },
});

/**
 * Starts a CloudStack management server simulator on 127.0.0.1.
 *
 * @example
 * const sim = await startCloudStackSimulator({ seed: { virtualMachines: 100 } });
 * // point a client at sim.endpoint with sim.credentials.apiKey / sim.credentials.secret
 * await sim.close();
 */
export function startCloudStackSimulator(
  options: CloudStackSimulatorOptions = {},
): Promise<RunningCloudStackSimulator> {
  return cloudstackSimulator.start(options);
}
