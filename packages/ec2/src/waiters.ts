/**
 * Waiting as botocore's waiters do (`WAITERS`, their JMESPath acceptors compiled by the generator):
 * the operation is called, the acceptors are tried in order on its answer (or its error code), and
 * the first that matches decides — `success` ends the wait with the answer, `failure` ends it with
 * an error, `retry` (or no match) waits and calls again. An error no acceptor matches ends the wait
 * with that error, as in botocore.
 *
 * Pace: the first call at once, the next after `minDelay` (default: the model's `delay`), each
 * later wait doubling up to `maxDelay`, all within `timeout` (default: the model's
 * `delay × maxAttempts`, 600 000 ms for EC2's waiters), stopped at once by `signal`.
 */
import { ApiError } from '@overcast/runtime/errors';
import { waitFor } from '@overcast/runtime/poll';
import type { WaiterAcceptor, WaiterSpec, WaiterState } from './protocol.js';

export interface WaiterOptions {
  /** Overall limit in milliseconds (default: the model's `delay × maxAttempts` seconds). */
  timeout?: number;
  /** Milliseconds before the second call (default: the model's `delay`). */
  minDelay?: number;
  /** Longest wait between calls in milliseconds (default 120 000). */
  maxDelay?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_DELAY_MS = 120_000;

/** What a call gave: its output, or the error it failed with. */
export type WaiterOutcome<TOutput> = { output: TOutput } | { error: unknown };

/** The first acceptor matching `outcome`, if any. */
export function matchAcceptor<TOutput>(
  spec: WaiterSpec<string, TOutput>,
  outcome: WaiterOutcome<TOutput>,
): WaiterAcceptor<TOutput> | undefined {
  if ('output' in outcome) {
    return spec.acceptors.find((acceptor) => acceptor.output?.(outcome.output) === true);
  }
  const { error } = outcome;
  if (!(error instanceof ApiError)) return undefined;
  const code = typeof error.code === 'string' ? error.code : undefined;
  return spec.acceptors.find(
    (acceptor) =>
      (code !== undefined && acceptor.error?.(code) === true) ||
      (error.status !== undefined && acceptor.status?.(error.status) === true),
  );
}

/** Builds the error a `failure` acceptor ends the wait with. */
export type WaiterFailure = (
  message: string,
  details: { acceptor: WaiterAcceptor<unknown>; cause?: unknown },
) => Error;

/**
 * Calls `attempt` until an acceptor of `spec` says success (resolving with that answer) or failure
 * (rejecting with `failure(…)`).
 *
 * @throws the error of `failure` for a failure acceptor; the call's own error when no acceptor
 *   matches it; TimeoutError after `timeout`; AbortError when `signal` aborts
 */
export async function runWaiter<TOutput>(
  name: string,
  spec: WaiterSpec<string, TOutput>,
  attempt: (signal: AbortSignal) => Promise<TOutput>,
  failure: WaiterFailure,
  options: WaiterOptions = {},
): Promise<TOutput> {
  const minDelay = options.minDelay ?? spec.delay * 1000;
  const maxDelay = Math.max(minDelay, options.maxDelay ?? DEFAULT_MAX_DELAY_MS);
  const timeout = options.timeout ?? spec.delay * spec.maxAttempts * 1000;
  const result = await waitFor<{ state: WaiterState; output?: TOutput }>(
    async (signal) => {
      let outcome: WaiterOutcome<TOutput>;
      try {
        outcome = { output: await attempt(signal) };
      } catch (error) {
        outcome = { error };
      }
      const acceptor = matchAcceptor(spec, outcome);
      if (acceptor === undefined && 'error' in outcome) throw outcome.error;
      if (acceptor?.state === 'failure') {
        const what =
          acceptor.argument === undefined ? acceptor.matcher : `${acceptor.matcher} ${acceptor.argument}`;
        throw failure(
          `waiter ${name} reached a failure state (${what} = ${JSON.stringify(acceptor.expected)})`,
          {
            acceptor: acceptor as WaiterAcceptor<unknown>,
            ...('error' in outcome ? { cause: outcome.error } : {}),
          },
        );
      }
      const state = acceptor?.state ?? 'retry';
      return 'output' in outcome ? { state, output: outcome.output } : { state };
    },
    {
      until: (probe) => probe.state === 'success',
      interval: minDelay,
      backoff: { factor: 2, maxInterval: maxDelay },
      timeout,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      description: `waiter ${name}`,
    },
  );
  return result.output as TOutput;
}
