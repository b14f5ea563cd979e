import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ConnectionError, TimeoutError } from './errors.js';
import { waitFor } from './poll.js';

/** A probe answering the given values in turn (the last one forever), recording when it ran. */
function scripted<T>(...values: T[]) {
  const calls: number[] = [];
  const probe = vi.fn(async () => {
    calls.push(Date.now());
    return values[Math.min(calls.length, values.length) - 1] as T;
  });
  return { probe, calls };
}

/**
 * Advances fake time one timer at a time until `promise` settles, and returns how it settled.
 * Stopping right there lets afterEach see any timer the call left behind.
 */
async function run<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let settled: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      settled = { value };
    },
    (error: unknown) => {
      settled = { error };
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  while (settled === undefined) await vi.advanceTimersToNextTimerAsync();
  return settled;
}

describe('waitFor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    expect(vi.getTimerCount()).toBe(0); // no path leaves a timer behind
    vi.useRealTimers();
  });

  it('resolves with the first value that satisfies the condition', async () => {
    const { probe } = scripted('Pending', 'Pending', 'Running', 'Stopped');
    const onPoll = vi.fn();
    const outcome = await run(
      waitFor(probe, { until: (state) => state === 'Running', interval: 100, onPoll }),
    );
    expect(outcome.value).toBe('Running');
    expect(probe).toHaveBeenCalledTimes(3);
    expect(onPoll.mock.calls).toEqual([
      ['Pending', 1],
      ['Pending', 2],
      ['Running', 3],
    ]);
  });

  it('probes at once, then every interval', async () => {
    const { probe, calls } = scripted(1, 2, 3);
    const started = Date.now();
    await run(waitFor(probe, { until: (n) => n === 3, interval: 250 }));
    expect(calls.map((at) => at - started)).toEqual([0, 250, 500]);
  });

  it('grows the interval with backoff up to maxInterval', async () => {
    const { probe, calls } = scripted(1, 2, 3, 4, 5, 6);
    const started = Date.now();
    await run(
      waitFor(probe, { until: (n) => n === 6, interval: 100, backoff: { factor: 2, maxInterval: 500 } }),
    );
    expect(calls.map((at) => at - started)).toEqual([0, 100, 300, 700, 1200, 1700]);
  });

  it('gives the probe a signal and defaults to a one-second interval', async () => {
    const probe = vi.fn(async (signal: AbortSignal) => signal instanceof AbortSignal);
    const { probe: counted, calls } = scripted(false, true);
    const started = Date.now();
    await run(waitFor(counted, { until: Boolean }));
    expect(calls.map((at) => at - started)).toEqual([0, 1000]);
    expect((await run(waitFor(probe, { until: Boolean }))).value).toBe(true);
  });

  it('times out with a TimeoutError saying what was awaited', async () => {
    const { probe } = scripted('Pending');
    const { error } = await run(
      waitFor(probe, {
        until: (s) => s === 'Done',
        interval: 100,
        timeout: 1000,
        description: 'job 42 to finish',
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1000);
    expect((error as Error).message).toBe('timed out after 1000 ms waiting for job 42 to finish');
    expect(probe.mock.calls.length).toBeGreaterThanOrEqual(10);
  });

  it('times out even while a probe ignores its signal, and aborts that signal', async () => {
    let probeSignal: AbortSignal | undefined;
    const hanging = (signal: AbortSignal) => {
      probeSignal = signal;
      return new Promise<string>(() => {});
    };
    const { error } = await run(waitFor(hanging, { until: () => true, timeout: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(probeSignal?.aborted).toBe(true);
  });

  it('stops with AbortError when the caller aborts, during a probe or a wait', async () => {
    const { probe } = scripted('Pending');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 350);
    const { error } = await run(
      waitFor(probe, { until: () => false, interval: 100, signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it('does not probe when the signal is already aborted', async () => {
    const { probe } = scripted('x');
    const { error } = await run(waitFor(probe, { until: () => true, signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(probe).not.toHaveBeenCalled();
  });

  it('propagates a probe error and stops polling', async () => {
    const failure = new Error('job failed');
    const probe = vi.fn(async () => {
      throw failure;
    });
    const { error } = await run(waitFor(probe, { until: () => true, interval: 100, timeout: 10_000 }));
    expect(error).toBe(failure);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('keeps polling through errors that retryOn accepts', async () => {
    let calls = 0;
    const probe = async () => {
      calls += 1;
      if (calls < 3) throw new ConnectionError('blip');
      return 'ready';
    };
    const { value } = await run(
      waitFor(probe, {
        until: (v) => v === 'ready',
        interval: 10,
        retryOn: (e) => e instanceof ConnectionError,
      }),
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('keeps the last accepted error as the cause of a timeout', async () => {
    const blip = new ConnectionError('blip');
    const probe = async (): Promise<string> => {
      throw blip;
    };
    const { error } = await run(
      waitFor(probe, { until: () => true, interval: 10, timeout: 100, retryOn: () => true }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).cause).toBe(blip);
  });

  it('propagates an error thrown by the condition', async () => {
    const { probe } = scripted(1);
    const broken = new Error('bad condition');
    const { error } = await run(
      waitFor(probe, {
        until: () => {
          throw broken;
        },
        timeout: 1000,
      }),
    );
    expect(error).toBe(broken);
  });
});

describe('waitFor with real timers', () => {
  it('resolves quickly with tiny intervals and leaves nothing pending', async () => {
    let n = 0;
    const value = await waitFor(async () => ++n, { until: (v) => v >= 5, interval: 2, timeout: 5000 });
    expect(value).toBe(5);
  });
});
