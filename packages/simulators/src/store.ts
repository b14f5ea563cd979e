/**
 * In-memory state of a simulator: typed collections of plain-data objects. Every object goes in
 * and comes out as a deep copy, so neither a handler nor a test can change stored state by
 * holding on to a reference.
 */
import { randomUUID } from 'node:crypto';

/** Returned by `get`, `update` and `delete` when no object has the id: a normal answer, not an error. */
export const NotFound = Symbol('NotFound');
export type NotFound = typeof NotFound;

export type Id = number | string;

/** Numeric ids counting up from `start` (default 0), as OpenNebula allocates them. */
export interface SequentialIds {
  ids: 'sequential';
  start?: number;
}

/** Random v4 UUIDs, as oVirt and CloudStack allocate them. */
export interface UuidIds {
  ids: 'uuid';
}

/** Hands out the ids of one collection, in the style its provider uses. */
export interface IdAllocator<K extends Id> {
  next(): K;
  reset(): void;
}

/**
 * One kind of simulated object (VMs, hosts, jobs…), keyed by an id the collection allocates.
 * Objects must be structured-cloneable data (no functions or class instances with behaviour).
 */
export class Collection<T extends object, K extends Id> {
  readonly #items = new Map<K, T>();
  readonly #ids: IdAllocator<K>;

  /** Use `Store.collection` rather than constructing one directly, so that `Store.reset` reaches it. */
  constructor(ids: IdAllocator<K>) {
    this.#ids = ids;
  }

  /** Number of stored objects. */
  get size(): number {
    return this.#items.size;
  }

  /** A copy of the object with this id, or `NotFound`. */
  get(id: K): T | NotFound {
    const item = this.#items.get(id);
    return item === undefined ? NotFound : structuredClone(item);
  }

  /**
   * Copies of the stored objects in insertion order, optionally only those `filter` accepts. The
   * filter sees the stored objects themselves and must not modify them.
   */
  list(filter?: (item: Readonly<T>) => boolean): T[] {
    const items = [...this.#items.values()];
    return (filter ? items.filter(filter) : items).map((item) => structuredClone(item));
  }

  /**
   * Allocates an id, builds the object with `make(id)` (which puts the id wherever the provider's
   * shape wants it: `ID`, `id`…), stores a copy and returns another.
   */
  insert(make: (id: K) => T): T {
    const id = this.#ids.next();
    const item = make(id);
    this.#items.set(id, structuredClone(item));
    return structuredClone(item);
  }

  /**
   * Changes a stored object, either by shallow-merging `change` into it or by replacing it with
   * `change(copyOfCurrent)`. Returns a copy of the new object, or `NotFound`.
   */
  update(id: K, change: Partial<T> | ((current: T) => T)): T | NotFound {
    const current = this.#items.get(id);
    if (current === undefined) return NotFound;
    const next = typeof change === 'function' ? change(structuredClone(current)) : { ...current, ...change };
    this.#items.set(id, structuredClone(next));
    return structuredClone(next);
  }

  /** Removes the object with this id and returns it, or `NotFound`. */
  delete(id: K): T | NotFound {
    const item = this.#items.get(id);
    if (item === undefined) return NotFound;
    this.#items.delete(id);
    return item; // no longer stored, so the caller may own it
  }

  /** Removes every object and restarts id allocation. */
  reset(): void {
    this.#items.clear();
    this.#ids.reset();
  }
}

/**
 * The collections of one simulator, so that `reset()` empties them all at once (between tests, or
 * before re-seeding the initial objects).
 *
 * @example
 * const store = new Store();
 * const vms = store.collection<Vm>({ ids: 'sequential' });
 * const vm = vms.insert((id) => ({ ID: id, NAME: 'web', STATE: 'PENDING' }));
 * vms.update(vm.ID, { STATE: 'ACTIVE' });
 * if (vms.get(42) === NotFound) { ... }
 */
export class Store {
  readonly #resets: (() => void)[] = [];

  collection<T extends object>(options: SequentialIds): Collection<T, number>;
  collection<T extends object>(options: UuidIds): Collection<T, string>;
  collection<T extends object>(options: SequentialIds | UuidIds): Collection<T, Id> {
    const created = new Collection<T, Id>(options.ids === 'uuid' ? uuids() : sequence(options.start ?? 0));
    this.#resets.push(() => created.reset());
    return created;
  }

  /** Empties every collection and restarts their ids. */
  reset(): void {
    for (const reset of this.#resets) reset();
  }
}

function sequence(start: number): IdAllocator<number> {
  let next = start;
  return {
    next: () => next++,
    reset: () => {
      next = start;
    },
  };
}

function uuids(): IdAllocator<string> {
  return { next: () => randomUUID(), reset: () => {} };
}
