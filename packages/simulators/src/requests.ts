/**
 * Per-operation request counters, for tests that assert what a client sent ("the deploy was sent
 * exactly once", "the list was retried twice"). Every request the server reads is counted,
 * before faults are applied: a dropped or faulted request counts as received.
 */

/** Picks operations by exact name, by pattern, or by predicate. */
export type OperationMatcher = string | RegExp | ((operation: string) => boolean);

/** `simulator.requests`: how many requests the simulator received, per operation. */
export class RequestCounts {
  #counts = new Map<string, number>();
  #total = 0;

  /** Counts one request for `operation`. The server calls this once per request it reads. */
  record(operation: string): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
    this.#total += 1;
  }

  /**
   * Requests received since the start or the last `reset()`: all of them without an argument,
   * those for one operation (`'deployVirtualMachine'`, `'one.vm.allocate'`,
   * `'POST /ovirt-engine/api/vms'`), or the sum over the operations a RegExp or predicate accepts.
   */
  count(operation?: OperationMatcher): number {
    if (operation === undefined) return this.#total;
    if (typeof operation === 'string') return this.#counts.get(operation) ?? 0;
    const accepts = typeof operation === 'function' ? operation : (name: string) => operation.test(name);
    let sum = 0;
    for (const [name, count] of this.#counts) if (accepts(name)) sum += count;
    return sum;
  }

  /** Every request received since the start or the last `reset()`. */
  get total(): number {
    return this.#total;
  }

  /** A snapshot: operation → count, in the order the operations were first seen. */
  byOperation(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /** Zeroes every counter. */
  reset(): void {
    this.#counts = new Map();
    this.#total = 0;
  }
}

/** The operation of a request without a provider-specific name: `METHOD path`, e.g. `GET /health`. */
export function methodAndPath(request: { method: string; path: string }): string {
  return `${request.method} ${request.path}`;
}
