import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from './errors.js';
import { backoffDelay, type Outcome, parseRetryAfter, sleep, withRetry } from './retry.js';

describe('backoffDelay', () => {
  it('doubles the window on each retry, up to maxDelay', () => {
    const top = () => 0.999999;
    const policy = { retries: 10, minDelay: 100, maxDelay: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, top))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  it('draws uniformly from the whole window (full jitter)', () => {
    const policy = { retries: 3, minDelay: 100, maxDelay: 1000 };
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('always stays within [0, min(maxDelay, minDelay * 2^(retry-1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, minDelay, maxDelay, random) => {
          const delay = backoffDelay(retry, { retries: retry, minDelay, maxDelay }, () => random);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelay, minDelay * 2 ** (retry - 1)));
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([[undefined], ['soon'], ['-5'], ['1.5']])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits, and rejects with AbortError at once when aborted, leaving no timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow(AbortError);
    expect(vi.getTimerCount()).toBe(0);

    const done = sleep(100);
    await vi.advanceTimersByTimeAsync(100);
    await expect(done).resolves.toBeUndefined();
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toThrow(AbortError);
  });
});

describe('withRetry', () => {
  /** An attempt function answering the scripted outcomes in turn. */
  function script<T>(...outcomes: Outcome<T>[]) {
    const attempts: number[] = [];
    const attempt = async (n: number) => {
      attempts.push(n);
      const outcome = outcomes[Math.min(n, outcomes.length - 1)]!;
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    };
    return { attempt, attempts };
  }
  const noWait = vi.fn(async (_ms: number) => {});
  const retryErrors = (outcome: Outcome<unknown>) => ({ retry: !outcome.ok });

  afterEach(() => {
    noWait.mockClear();
  });

  it('returns the first success', async () => {
    const { attempt, attempts } = script<string>(
      { ok: false, error: new Error('x') },
      { ok: true, value: 'done' },
    );
    const value = await withRetry(attempt, { policy: { retries: 5 }, decide: retryErrors, sleep: noWait });
    expect(value).toBe('done');
    expect(attempts).toEqual([0, 1]);
  });

  it('makes 1 + retries attempts, then throws the last error', async () => {
    const last = new Error('still down');
    const { attempt, attempts } = script<string>(
      { ok: false, error: new Error('down') },
      { ok: false, error: last },
    );
    await expect(
      withRetry(attempt, { policy: { retries: 3 }, decide: retryErrors, sleep: noWait }),
    ).rejects.toBe(last);
    expect(attempts).toEqual([0, 1, 2, 3]);
  });

  it('returns a declined outcome at once', async () => {
    const fatal = new Error('fatal');
    const { attempt, attempts } = script<string>({ ok: false, error: fatal });
    await expect(
      withRetry(attempt, { policy: { retries: 3 }, decide: () => ({ retry: false }), sleep: noWait }),
    ).rejects.toBe(fatal);
    expect(attempts).toEqual([0]);
  });

  it('waits the jittered backoff between attempts and reports each retry', async () => {
    const { attempt } = script<number>({ ok: true, value: 503 });
    const onRetry = vi.fn();
    const value = await withRetry(attempt, {
      policy: { retries: 3, minDelay: 100, maxDelay: 10_000 },
      decide: (outcome) => ({ retry: outcome.ok && outcome.value === 503 }),
      random: () => 0.5,
      sleep: noWait,
      onRetry,
    });
    expect(value).toBe(503);
    expect(noWait.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 200]);
    expect(onRetry.mock.calls.map(([info]) => [info.retry, info.delay])).toEqual([
      [1, 50],
      [2, 100],
      [3, 200],
    ]);
  });

  it('waits what the server asked for, unless that is longer than maxDelay', async () => {
    const { attempt, attempts } = script<string>({ ok: true, value: 'busy' });
    let after = 2000;
    const decide = () => ({ retry: true, after });
    await withRetry(attempt, { policy: { retries: 1, maxDelay: 5000 }, decide, sleep: noWait });
    expect(noWait.mock.calls.map(([ms]) => ms)).toEqual([2000]);
    expect(attempts).toEqual([0, 1]);

    after = 6000;
    const second = script<string>({ ok: true, value: 'busy' });
    expect(
      await withRetry(second.attempt, { policy: { retries: 1, maxDelay: 5000 }, decide, sleep: noWait }),
    ).toBe('busy');
    expect(second.attempts).toEqual([0]);
  });

  it('stops at once when aborted during a wait', async () => {
    const controller = new AbortController();
    const { attempt, attempts } = script<string>({ ok: false, error: new Error('down') });
    const pending = withRetry(attempt, {
      policy: { retries: 5, minDelay: 60_000, maxDelay: 60_000 },
      decide: retryErrors,
      random: () => 0.99,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(attempts).toEqual([0]), { timeout: 5000 });
    controller.abort();
    await expect(pending).rejects.toThrow(AbortError);
    expect(attempts).toEqual([0]);
  });
});
