/**
 * Repeating an operation that is known to be safe to repeat: exponential backoff with full jitter
 * (each wait is uniform between 0 and the current window, so many clients retrying at once spread
 * out instead of hitting the server in lockstep), a server-requested wait (Retry-After) honoured,
 * and every wait abortable at once. The policy is pure; randomness and sleeping are injectable.
 */
import { AbortError } from './errors.js';

/** How a retryable call is repeated. Delays are milliseconds. */
export interface RetryPolicy {
  /** Attempts after the first one (0 = send once). */
  retries: number;
  /** The backoff window before the first retry; it doubles on each retry (default 200 ms). */
  minDelay?: number;
  /**
   * The largest backoff window (default 10 000 ms). A server asking for a longer wait through
   * Retry-After is not retried: its answer goes back to the caller.
   */
  maxDelay?: number;
}

export const DEFAULT_MIN_DELAY = 200;
export const DEFAULT_MAX_DELAY = 10_000;

/** The result of one attempt, whether it returned or threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Whether an outcome deserves another attempt, and how long the server asked us to wait. */
export interface RetryDecision {
  retry: boolean;
  /** A wait the server requested (ms), used instead of the backoff. */
  after?: number;
}

export interface RetryOptions<T> {
  policy: RetryPolicy;
  /** Decides on each outcome but the last; outcomes it declines are returned or thrown as they are. */
  decide: (outcome: Outcome<T>) => RetryDecision;
  /** Aborting rejects with `AbortError`, at once even during a wait. */
  signal?: AbortSignal;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
  /** Waits `ms` or rejects with `AbortError` when `signal` aborts; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about each retry before its wait (for debug logging). */
  onRetry?: (info: { retry: number; delay: number; outcome: Outcome<T> }) => void;
}

/**
 * The wait before retry number `retry` (1-based): full jitter over a window of
 * `min(maxDelay, minDelay * 2^(retry-1))`.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const minDelay = policy.minDelay ?? DEFAULT_MIN_DELAY;
  const maxDelay = policy.maxDelay ?? DEFAULT_MAX_DELAY;
  const window = Math.min(maxDelay, minDelay * 2 ** (retry - 1));
  return Math.floor(random() * window);
}

/**
 * A Retry-After header value in milliseconds: either delay-seconds or an HTTP date. Dates in the
 * past give 0; anything unreadable gives `undefined`.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // All three HTTP-date forms start with the day of the week; Date.parse alone accepts far more.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`; rejects with `AbortError` as soon as `signal` aborts, leaving no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError('aborted', { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('aborted while waiting', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until `decide` declines an outcome or the retries are spent, then returns or throws
 * the last outcome. `attempt` gets the 0-based attempt number.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions<T>,
): Promise<T> {
  const { policy, decide, signal, random = Math.random, sleep: wait = sleep } = options;
  const maxDelay = policy.maxDelay ?? DEFAULT_MAX_DELAY;
  for (let attemptNumber = 0; ; attemptNumber++) {
    const outcome = await attempt(attemptNumber).then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error }),
    );
    const retry = attemptNumber + 1;
    const delay = retry <= policy.retries ? retryDelay(outcome, retry) : undefined;
    if (delay === undefined) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    options.onRetry?.({ retry, delay, outcome });
    await wait(delay, signal);
  }

  function retryDelay(outcome: Outcome<T>, retry: number): number | undefined {
    const decision = decide(outcome);
    if (!decision.retry) return undefined;
    if (decision.after === undefined) return backoffDelay(retry, policy, random);
    return decision.after <= maxDelay ? decision.after : undefined;
  }
}
