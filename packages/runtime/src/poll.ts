/**
 * Waiting for a remote state: probe, check, sleep, repeat — CloudStack async jobs, oVirt statuses,
 * OpenNebula VM states. The deadline and the caller's signal end the wait at once, even in the middle
 * of a probe that ignores its signal, and no timer survives the call.
 */
import { AbortError, TimeoutError } from './errors.js';
import { sleep } from './retry.js';

/** Growing intervals: each wait is the previous one times `factor`, up to `maxInterval`. */
export interface PollBackoff {
  factor: number;
  maxInterval?: number;
}

export interface WaitForOptions<T> {
  /** The condition to wait for; the first probed value satisfying it is returned. */
  until: (value: T) => boolean;
  /** Milliseconds between the end of one probe and the start of the next (default 1000). */
  interval?: number;
  backoff?: PollBackoff;
  /** Overall limit in milliseconds, probes included (default: none). */
  timeout?: number;
  signal?: AbortSignal;
  /** What is awaited, for the timeout message: "job 42 to finish". */
  description?: string;
  /** Keep polling when a probe throws an error this accepts (a transient failure); others propagate. */
  retryOn?: (error: unknown) => boolean;
  /** Told about every probed value, with the 1-based probe count. */
  onPoll?: (value: T, probe: number) => void;
}

const DEFAULT_INTERVAL = 1000;

/**
 * Probes until `until` accepts a value and resolves with it.
 *
 * @param probe reads the current state; it gets a signal that aborts when the wait ends
 * @throws TimeoutError (with `timeoutMs`) when `timeout` expires first
 * @throws AbortError when `signal` aborts
 * @throws whatever the probe throws, unless `retryOn` accepts it
 */
export async function waitFor<T>(
  probe: (signal: AbortSignal) => Promise<T>,
  options: WaitForOptions<T>,
): Promise<T> {
  const { until, timeout, signal, description = 'the condition', retryOn } = options;
  const what = `waiting for ${description}`;
  if (signal?.aborted) throw new AbortError(`${what} was aborted`, { cause: signal.reason });

  // Aborted when the wait ends for any reason, so a running probe or sleep stops too.
  const stop = new AbortController();
  let stopReason: Error | undefined;
  let lastError: unknown;
  let rejectStopped: (reason: Error) => void = () => {};
  const stopped = new Promise<never>((_resolve, reject) => {
    rejectStopped = reject;
  });
  stopped.catch(() => {}); // observed through the race below; never an unhandled rejection
  const end = (reason: Error) => {
    if (stopReason !== undefined) return;
    stopReason = reason;
    rejectStopped(reason);
    stop.abort(reason);
  };
  const onAbort = () => end(new AbortError(`${what} was aborted`, { cause: signal?.reason }));
  signal?.addEventListener('abort', onAbort, { once: true });
  const deadline =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          const cause = lastError === undefined ? {} : { cause: lastError };
          end(new TimeoutError(`timed out after ${timeout} ms ${what}`, { timeoutMs: timeout, ...cause }));
        }, timeout);

  try {
    let interval = options.interval ?? DEFAULT_INTERVAL;
    for (let count = 1; ; count++) {
      const outcome = await Promise.race([settle(probe, stop.signal), stopped]);
      if (outcome.ok) {
        lastError = undefined;
        options.onPoll?.(outcome.value, count);
        if (until(outcome.value)) return outcome.value;
      } else if (retryOn?.(outcome.error)) {
        lastError = outcome.error;
      } else {
        throw outcome.error;
      }
      await sleep(interval, stop.signal);
      interval = nextInterval(interval, options.backoff);
    }
  } catch (error) {
    // Whatever a stopped probe or sleep threw, the caller hears why the wait ended.
    throw stopReason ?? error;
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

function nextInterval(interval: number, backoff: PollBackoff | undefined): number {
  if (backoff === undefined) return interval;
  return Math.min(interval * backoff.factor, backoff.maxInterval ?? Number.POSITIVE_INFINITY);
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs the probe, turning a throw (synchronous or not) into a value. */
async function settle<T>(
  probe: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
): Promise<Settled<T>> {
  try {
    return { ok: true, value: await probe(signal) };
  } catch (error) {
    return { ok: false, error };
  }
}
