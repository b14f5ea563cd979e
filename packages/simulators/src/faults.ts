/**
 * Fault injection: one layer wrapped around any simulator handler, steered by rules that a test
 * (or the command line) adds and clears while the simulator runs.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from './random.js';
import type { Delivery, SimulatorHandler, SimulatorRequest, SimulatorResponse } from './types.js';

/** Delays the answer by `ms` milliseconds, or by a uniformly drawn amount in `[min, max]`. */
export interface LatencyFault {
  kind: 'latency';
  ms: number | readonly [min: number, max: number];
}

/** Answers with an HTTP error `status` (default 503; any 4xx or 5xx) instead of calling the handler, so simulated state is untouched. */
export interface ErrorFault {
  kind: 'error';
  status?: number;
  /** Default: `Simulated fault: HTTP <status>`. */
  body?: string;
  headers?: OutgoingHttpHeaders;
}

/** Destroys the connection without answering; the handler is not called. */
export interface DropFault {
  kind: 'drop';
}

/**
 * Another name for `drop` (counted as `drop`): the connection ends without an answer and the
 * handler is not called. The socket is closed with a TCP reset, so the client sees `ECONNRESET`.
 */
export interface ResetFault {
  kind: 'reset';
}

/**
 * Calls the handler, announces the full `Content-Length`, sends only `bytes` body bytes (default
 * half, always fewer than announced) and then destroys the connection.
 */
export interface TruncateFault {
  kind: 'truncate';
  bytes?: number;
}

/**
 * Calls the handler, sends the status and headers (with the full `Content-Length`) at once, then
 * the body `bytes` bytes at a time, one write every `everyMs` milliseconds: a slow server, for
 * low-speed rules, deadlines and soak tests. A client that goes away, or closing the simulator,
 * ends it.
 */
export interface TrickleFault {
  kind: 'trickle';
  /** Body bytes per write (default 1). */
  bytes?: number;
  /** Milliseconds between writes (default 100). */
  everyMs?: number;
}

export type Fault = LatencyFault | ErrorFault | DropFault | ResetFault | TruncateFault | TrickleFault;
export type FaultKind = Fault['kind'];
/** The kinds `injected` counts: `reset` is counted as `drop`. */
export type CountedFaultKind = Exclude<FaultKind, 'reset'>;

/** Which requests a rule applies to. With neither `times` nor `probability`, every matching request. */
export interface FaultScope {
  /** Inject into the next `times` matching requests only. */
  times?: number;
  /** Inject into each matching request with this probability (0..1), drawn from a seeded generator. */
  probability?: number;
  /** Only requests for which this returns true match, e.g. `(r) => r.query.get('command') === 'listZones'`. */
  when?: (request: SimulatorRequest) => boolean;
}

/**
 * A fault plus its scope, e.g. `{ kind: 'error', status: 502, times: 2 }` or
 * `{ kind: 'drop', probability: 0.1, when: (r) => r.path === '/ovirt-engine/api/vms' }`.
 */
export type FaultRule = Fault & FaultScope;

export interface FaultOptions {
  /** Seed of the generator behind `probability` and latency ranges (default 1). */
  seed?: number;
  /** Rules active from the start. */
  rules?: readonly FaultRule[];
}

/** How many faults of each kind were injected (`reset` rules count as `drop`). */
export type FaultCounts = Record<CountedFaultKind, number>;

/** Handle on one added rule. */
export interface ActiveFault {
  /** How many requests this rule has hit so far. */
  readonly injected: number;
  /** Deactivates the rule; the others keep running. */
  remove(): void;
}

/** The faults chosen for one request: a total delay, then at most one outcome. */
export interface FaultDecision {
  delayMs: number;
  outcome?: ErrorFault | DropFault | ResetFault | TruncateFault | TrickleFault;
}

interface ArmedRule {
  rule: FaultRule;
  remaining: number;
  injected: number;
  random: () => number;
}

const DEFAULT_SEED = 1;
const DEFAULT_TRICKLE_BYTES = 1;
const DEFAULT_TRICKLE_EVERY_MS = 100;
// Spreads the per-rule seeds apart (the golden-ratio constant used by many hash mixers).
const SEED_STRIDE = 0x9e3779b9;

/**
 * The fault rules of one simulator, reachable as `simulator.faults`.
 *
 * Rules are checked in the order they were added. Every matching latency rule adds its delay; the
 * first matching error, drop or truncate rule decides the outcome, and later ones are not consumed.
 * Each rule draws from its own generator seeded from the controller's seed and the rule's position,
 * so a rule's pattern does not depend on what other rules or unmatched requests did.
 */
export class FaultController {
  readonly #seed: number;
  #rules: ArmedRule[] = [];
  #addedSinceClear = 0;
  #counts = zeroCounts();

  constructor(options: FaultOptions = {}) {
    const seed = options.seed ?? DEFAULT_SEED;
    if (!Number.isInteger(seed)) throw new RangeError(`fault seed must be an integer, got ${seed}`);
    this.#seed = seed;
    for (const rule of options.rules ?? []) this.add(rule);
  }

  /** Activates a rule. Throws a RangeError when it is malformed (e.g. a probability above 1). */
  add(rule: FaultRule): ActiveFault {
    validateRule(rule);
    const armed: ArmedRule = {
      rule,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      injected: 0,
      random: seededRandom(this.#seed + this.#addedSinceClear * SEED_STRIDE),
    };
    this.#addedSinceClear += 1;
    this.#rules.push(armed);
    return {
      get injected() {
        return armed.injected;
      },
      remove: () => {
        this.#rules = this.#rules.filter((candidate) => candidate !== armed);
      },
    };
  }

  /** Removes every rule and zeroes the counters; rules added next replay their seeded patterns afresh. */
  clear(): void {
    this.#rules = [];
    this.#addedSinceClear = 0;
    this.#counts = zeroCounts();
  }

  /** How many faults of each kind were injected since the start or the last `clear()`. */
  get injected(): FaultCounts {
    return { ...this.#counts };
  }

  /** Chooses (and counts) the faults for one request. The server calls this once per request. */
  decide(request: SimulatorRequest): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const armed of this.#rules) {
      const { rule } = armed;
      if (armed.remaining === 0 || (rule.kind !== 'latency' && decision.outcome)) continue;
      if (rule.when && !rule.when(request)) continue;
      if (rule.probability !== undefined && armed.random() >= rule.probability) continue;
      armed.remaining -= 1;
      armed.injected += 1;
      this.#counts[rule.kind === 'reset' ? 'drop' : rule.kind] += 1;
      if (rule.kind === 'latency') decision.delayMs += drawLatency(rule.ms, armed.random);
      else decision.outcome = rule;
    }
    return decision;
  }
}

/**
 * Wraps `handler` so that each request first passes through the controller's faults. `signal` ends
 * pending latency delays when the server closes.
 */
export function withFaults(
  faults: FaultController,
  handler: SimulatorHandler,
  signal: AbortSignal,
): (request: SimulatorRequest) => Promise<Delivery> {
  return async (request) => {
    const { delayMs, outcome } = faults.decide(request);
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    switch (outcome?.kind) {
      case 'drop':
        return { kind: 'drop' };
      case 'reset':
        return { kind: 'drop', reset: true };
      case 'error':
        return { kind: 'respond', response: errorResponse(outcome) };
      case 'truncate':
        return { kind: 'respond', response: await handler(request), truncate: { bytes: outcome.bytes } };
      case 'trickle':
        return {
          kind: 'respond',
          response: await handler(request),
          trickle: {
            bytes: outcome.bytes ?? DEFAULT_TRICKLE_BYTES,
            everyMs: outcome.everyMs ?? DEFAULT_TRICKLE_EVERY_MS,
          },
        };
      default:
        return { kind: 'respond', response: await handler(request) };
    }
  };
}

function errorResponse({ status = 503, body, headers }: ErrorFault): SimulatorResponse {
  return { status, headers, body: body ?? `Simulated fault: HTTP ${status}` };
}

/** Draws one delay: `ms` itself, or uniformly from the `[min, max]` range. */
export function drawLatency(ms: LatencyFault['ms'], random: () => number): number {
  if (typeof ms === 'number') return ms;
  const [min, max] = ms;
  return min + random() * (max - min);
}

function zeroCounts(): FaultCounts {
  return { latency: 0, error: 0, drop: 0, truncate: 0, trickle: 0 };
}

function validateRule(rule: FaultRule): void {
  const problem = describeProblem(rule);
  if (problem) throw new RangeError(`invalid ${rule.kind} fault rule: ${problem}`);
}

function describeProblem(rule: FaultRule): string | undefined {
  const isCount = (value: number) => Number.isInteger(value) && value >= 0;
  const isDelay = (value: number) => Number.isFinite(value) && value >= 0;
  if (rule.times !== undefined && !(isCount(rule.times) && rule.times > 0)) {
    return `times must be a positive integer, got ${rule.times}`;
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    return `probability must be between 0 and 1, got ${rule.probability}`;
  }
  switch (rule.kind) {
    case 'latency':
      return latencyProblem(rule.ms);
    case 'error': {
      const status = rule.status ?? 503;
      return Number.isInteger(status) && status >= 400 && status <= 599
        ? undefined
        : `status must be an HTTP error status (400-599), got ${status}`;
    }
    case 'truncate':
      return rule.bytes === undefined || isCount(rule.bytes)
        ? undefined
        : `bytes must be a non-negative integer, got ${rule.bytes}`;
    case 'trickle':
      if (rule.bytes !== undefined && !(isCount(rule.bytes) && rule.bytes > 0))
        return `bytes must be a positive integer, got ${rule.bytes}`;
      return rule.everyMs === undefined || isDelay(rule.everyMs)
        ? undefined
        : `everyMs must be a non-negative number, got ${rule.everyMs}`;
    case 'drop':
    case 'reset':
      return undefined;
  }
}

/** Why `ms` is not a delay or a `[min, max]` range of delays, or undefined when it is one. */
export function latencyProblem(ms: LatencyFault['ms']): string | undefined {
  const isDelay = (value: number) => Number.isFinite(value) && value >= 0;
  const [min, max] = typeof ms === 'number' ? [ms, ms] : Array.isArray(ms) ? ms : [Number.NaN, Number.NaN];
  return isDelay(min) && isDelay(max) && min <= max
    ? undefined
    : `ms must be a non-negative number or a [min, max] range, got ${String(ms)}`;
}
