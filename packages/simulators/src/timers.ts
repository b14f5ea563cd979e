/**
 * Timed state transitions (a VM going from starting to up after a while, an async job finishing)
 * that can all be cancelled at once, so a closed simulator leaves no timers behind.
 */

export interface TimersOptions {
  /** Receives errors thrown by scheduled actions (default `console.error`), so they never crash the process. */
  onError?: (error: unknown) => void;
}

/** A cancellable set of timeouts. Call `close()` from the simulator's `onClose`. */
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();
  readonly #onError: (error: unknown) => void;
  #closed = false;

  constructor(options: TimersOptions = {}) {
    this.#onError = options.onError ?? ((error) => console.error('simulator timer failed:', error));
  }

  /** How many actions are scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Runs `action` after `ms` milliseconds and returns a function that cancels it. After `close()`
   * nothing is scheduled (a request still in flight while closing may try).
   */
  after(ms: number, action: () => void): () => void {
    if (this.#closed) return () => {};
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      try {
        action();
      } catch (error) {
        this.#onError(error);
      }
    }, ms);
    this.#pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.#pending.delete(timer);
    };
  }

  /** Cancels every pending action; new ones can still be scheduled (e.g. after a store reset). */
  cancelAll(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  /** Cancels every pending action and ignores any scheduled later. */
  close(): void {
    this.#closed = true;
    this.cancelAll();
  }
}
