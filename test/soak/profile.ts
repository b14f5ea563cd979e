/**
 * The soak's settings shared by the runner and the simulator host: the fault mix, the client
 * options under test, and the names both sides use for the per-call marker header.
 */

/** Header every soak call carries (through the call options' `headers`), so the simulator can count per call. */
export const CALL_HEADER = 'x-soak-call';

/** The providers the soak covers, in the order it runs them. */
export const PROVIDERS = ['cloudstack', 'opennebula', 'ovirt', 'ec2', 'openstack'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** What the soak's clients are built with (the options under test). */
export const CLIENT_SETTINGS = {
  retry: { retries: 3, minDelay: 10, maxDelay: 100 },
  /** Per-call deadline (ms), passed as the call option `timeout` and as the client's `timeout`. */
  timeout: 2_000,
  /** The low-speed rule, tightened from the default 1 KiB over 30 s. */
  lowSpeed: { bytes: 256, time: 250 },
} as const;

/**
 * Longest a call can legitimately take: every attempt at its deadline, plus backoffs and a sign-in
 * exchange (oVirt's SSO, OpenStack's Keystone token).
 */
export function callBudgetMs(): number {
  const { retries, maxDelay } = CLIENT_SETTINGS.retry;
  return (retries + 1) * CLIENT_SETTINGS.timeout + retries * maxDelay + 2 * CLIENT_SETTINGS.timeout;
}

/**
 * The fault mix, per request (each rule rolls on its own seeded generator; the first outcome rule
 * that hits decides). Roughly one request in five meets an outcome fault, one in sixteen a
 * latency spike: common, but a read retried three times nearly always gets through.
 */
export const FAULTS = {
  /** Added to every answer (the simulator's `latency` option, not a fault rule). */
  baseLatencyMs: [0, 3] as [number, number],
  /** A spike the deadline survives. */
  spike: { probability: 0.05, ms: [150, 700] as [number, number] },
  /** A spike past the per-call deadline: the client gives up, the server acts later ('sent'). */
  stall: { probability: 0.012, ms: [2_200, 2_900] as [number, number] },
  /** Not executed by the server: the client must see 'sent' (reset, drop) or the 503. */
  reset: 0.03,
  drop: 0.015,
  unavailable: 0.05,
  /** Executed, then the answer is cut: the client must see 'response'. */
  truncate: 0.03,
  /** Executed, answered too slowly for the low-speed rule: 'response'. */
  trickleSlow: { probability: 0.02, bytes: 8, everyMs: 100 },
  /** Executed, answered slowly but above the low-speed rule: succeeds. */
  trickleOk: { probability: 0.03, bytes: 2048, everyMs: 25 },
} as const;

/** Longest a server-side delay can hold a request before the handler runs. */
export const MAX_SERVER_DELAY_MS = FAULTS.baseLatencyMs[1] + FAULTS.spike.ms[1] + FAULTS.stall.ms[1];

/** One request the simulator received for a soak call. */
export interface TracedRequest {
  /** Its token (oVirt's bearer token, OpenStack's `X-Auth-Token`), '' without one. */
  token: string;
  /**
   * It carried a token the simulator had expired (issued before `expireTokens`, received after):
   * if it reached the handler, it was refused with 401 and not executed.
   */
  stale: boolean;
  /** It passed the faults that keep the handler from running (reset, drop, 503). */
  executed: boolean;
}

/** What the simulator host saw of one soak call (keyed by its `CALL_HEADER`), in arrival order. */
export type CallTrace = TracedRequest[];

/** Messages from the runner to the simulator host. */
export type HostRequest =
  | { type: 'start'; provider: ProviderName; seed: number }
  | { type: 'arm' }
  | { type: 'disarm' }
  | { type: 'expireTokens' }
  | { type: 'report' }
  | { type: 'close' };

export interface StartedSimulator {
  endpoint: string;
  credentials: Record<string, string>;
}

export interface HostReport {
  /** `sim.requests.byOperation()`. */
  operations: Record<string, number>;
  traces: Record<string, CallTrace>;
  /** Faults injected per kind (counted while armed). */
  injected: Record<string, number>;
}

/**
 * How long after the last call the idle sample is taken: undici keeps an idle socket for the
 * server's keep-alive hint minus 2 s (Node's server says 5 s), checked on a 1 s timer.
 */
export const IDLE_MS = 4_500;

/** Tolerances of the resource checks, printed with the results. */
export const TOLERANCE = {
  rssGrowthMb: 64,
  /**
   * Sockets open at any sample, over the baseline: at most the calls in flight plus this fraction of
   * them. A keep-alive pool opens a new socket when a request comes while the one just freed is not
   * yet reusable (undici: about 1.5 sockets per call in flight under load, faults or not); those
   * close once idle, which the idle sample checks.
   */
  socketsOverConcurrency: 1,
  /** And this many per client (a socket being torn down after a fault while its replacement opens). */
  socketsPerClient: 2,
  /** Sockets over the baseline once the clients have been idle past the keep-alive timeout. */
  idleSockets: 2,
  /** Handles after the clients closed, over the baseline taken before they were made. */
  handlesAfterClose: 2,
} as const;
