import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Timers } from './timers.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Timers', () => {
  it('runs an action after its delay, once', () => {
    const timers = new Timers();
    const becomeUp = vi.fn();

    timers.after(100, becomeUp);
    vi.advanceTimersByTime(99);
    expect(becomeUp).not.toHaveBeenCalled();
    expect(timers.pending).toBe(1);

    vi.advanceTimersByTime(1);
    expect(becomeUp).toHaveBeenCalledTimes(1);
    expect(timers.pending).toBe(0);
  });

  it('cancels one action, or all of them', () => {
    const timers = new Timers();
    const first = vi.fn();
    const second = vi.fn();
    const cancelFirst = timers.after(10, first);
    timers.after(20, second);

    cancelFirst();
    expect(timers.pending).toBe(1);
    timers.cancelAll();
    vi.advanceTimersByTime(100);

    expect(first).not.toHaveBeenCalled();
    expect(second).not.toHaveBeenCalled();
    expect(timers.pending).toBe(0);
  });

  it('schedules again after cancelAll(), but not after close()', () => {
    const timers = new Timers();
    const action = vi.fn();

    timers.cancelAll();
    timers.after(10, action);
    timers.close();
    timers.after(10, action);
    vi.advanceTimersByTime(100);

    expect(action).not.toHaveBeenCalled();
    expect(timers.pending).toBe(0);
  });

  it('hands a failing action to onError instead of crashing', () => {
    const onError = vi.fn();
    const timers = new Timers({ onError });
    const failure = new Error('state machine bug');

    timers.after(5, () => {
      throw failure;
    });
    vi.advanceTimersByTime(5);

    expect(onError).toHaveBeenCalledWith(failure);
  });
});
