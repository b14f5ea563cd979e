/**
 * Listing every VM of a local server with our client or its Python peer, one fresh process per
 * run (`listing-ours.mjs`, `listing-peers.py`), and the servers they list from: each answers from
 * bytes built beforehand (payload-server.ts), the same bytes for ours and the peer.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sharedPath } from '@overcast/generator-core/shared-data';
import { type PayloadRoute, type PayloadServer, startPayloadServer } from './payload-server.js';
import { runJsonProgram, withCleanEnv } from './peer-runs.js';
import { cloudStackVm, openNebulaVmPoolResponse, ovirtVmsDocument } from './vm-payloads.js';

export type Provider = 'ovirt' | 'opennebula' | 'cloudstack';

/** What a listing program is given (one JSON argument). */
export interface ListingJob {
  provider: Provider;
  /** The oVirt API URL, the OpenNebula XML-RPC endpoint or the CloudStack API URL. */
  url: string;
  /** User name (oVirt, OpenNebula) or API key (CloudStack). */
  user: string;
  /** Password (oVirt, OpenNebula) or secret key (CloudStack). */
  secret: string;
  /** Added to our client's options (`{ http: { maxResponseSize } }`); the peers take none. */
  options?: Record<string, unknown>;
}

/** What a listing program reports, and how long its process took. */
export interface ListingResult {
  /** Items listed (0 when the call failed). */
  count: number;
  /** The type the first item's typed field was read as (`Date`/`datetime`, `number`/`int`). */
  typed?: string;
  /** `<error class>: <message>` when the call (or the process) failed. */
  error?: string;
  /** Wall-clock milliseconds of the call (client made and, for oVirt, signed in beforehand). */
  ms: number;
  /** CPU milliseconds of the process during the call (user + system, every thread). */
  cpuMs: number;
  /** The process's RSS right before the call, KiB. */
  rssBeforeKiB: number;
  /** The process's peak RSS (VmHWM of /proc/self/status), KiB. */
  peakRssKiB: number;
  /** The peer's name and version. */
  version?: string;
  /** Spawn to exit, as the bench saw it. */
  processMs: number;
}

export type Side = 'ours' | 'peer';

const PYTHON = '/usr/bin/python3';
const OURS = fileURLToPath(new URL('./listing-ours.mjs', import.meta.url));
const PEERS = fileURLToPath(new URL('./listing-peers.py', import.meta.url));

/**
 * Runs one listing in a fresh process, in a clean environment (no proxies, an empty home, which
 * is also its working directory: outside the peers' folder). A process that dies is a failed
 * run, reported as such rather than ending the bench.
 */
export function runListing(side: Side, job: ListingJob): Promise<ListingResult> {
  return withCleanEnv(async (env) => {
    const [command, program, extraEnv] =
      side === 'ours'
        ? [process.execPath, OURS, {}]
        : [PYTHON, PEERS, { PYTHONPATH: sharedPath('peers/python/'), LANG: 'C.UTF-8' }];
    try {
      const { output, processMs } = await runJsonProgram<Omit<ListingResult, 'processMs'>>(
        command,
        [program, JSON.stringify(job)],
        { env: { ...env, ...extraEnv }, cwd: env.HOME, timeout: 900_000 },
      );
      return { ...output, processMs };
    } catch (error) {
      const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
      return {
        count: 0,
        error: `process failed: ${message}`,
        ms: Number.NaN,
        cpuMs: Number.NaN,
        rssBeforeKiB: Number.NaN,
        peakRssKiB: Number.NaN,
        processMs: Number.NaN,
      };
    }
  });
}

/** A server for one provider's listing, and the job that lists from it. */
export interface ListingServer {
  server: PayloadServer;
  job: ListingJob;
  /** Bytes of the listing's answer (all pages together for CloudStack). */
  bodyBytes: number;
}

const CLOUDSTACK_PAGE = { responseKey: 'listvirtualmachinesresponse', listKey: 'virtualmachine' };

/**
 * Starts a server answering `vms` VMs for `provider`: oVirt's SSO token and logout and
 * `/ovirt-engine/api/vms`; OpenNebula's `/RPC2` (the `one.vmpool.infoextended` answer, whatever is
 * asked); CloudStack's `/client/api` list, page by page, each answer `delayMs` late.
 */
export async function startListingServer(
  provider: Provider,
  vms: number,
  options: { delayMs?: number } = {},
): Promise<ListingServer> {
  const delay = options.delayMs === undefined ? {} : { delayMs: options.delayMs };
  let routes: PayloadRoute[];
  let bodyBytes: number;
  let path: string;
  let user = 'bench';
  switch (provider) {
    case 'ovirt': {
      const json = 'application/json';
      const body = ovirtVmsDocument(vms);
      const token = JSON.stringify({
        access_token: 'bench-token',
        scope: 'ovirt-app-api',
        token_type: 'bearer',
      });
      routes = [
        { path: '/ovirt-engine/sso/oauth/token', contentType: json, body: Buffer.from(token) },
        { path: '/ovirt-engine/services/sso-logout', contentType: json, body: Buffer.from('{}') },
        { path: '/ovirt-engine/api/vms', contentType: 'application/xml', body, ...delay },
      ];
      bodyBytes = body.byteLength;
      path = '/ovirt-engine/api';
      user = 'admin@internal';
      break;
    }
    case 'opennebula': {
      const body = openNebulaVmPoolResponse(vms);
      routes = [{ path: '/RPC2', contentType: 'text/xml', body, ...delay }];
      bodyBytes = body.byteLength;
      path = '/RPC2';
      break;
    }
    case 'cloudstack': {
      const items = Array.from({ length: vms }, (_, i) => JSON.stringify(cloudStackVm(i)));
      const pages = { ...CLOUDSTACK_PAGE, items };
      routes = [{ path: '/client/api', contentType: 'application/json; charset=utf-8', pages, ...delay }];
      bodyBytes = items.reduce((sum, item) => sum + Buffer.byteLength(item) + 1, 0);
      path = '/client/api';
      break;
    }
  }
  const server = await startPayloadServer(routes);
  return {
    server,
    // The payload server checks no credential; a fresh one a run keeps any literal secret out.
    job: { provider, url: `${server.origin}${path}`, user, secret: randomBytes(12).toString('hex') },
    bodyBytes,
  };
}
