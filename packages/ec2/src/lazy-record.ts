/**
 * A record whose entries are built on first use. The generated structure tables (`INPUT_SHAPES`,
 * `OUTPUT_SHAPES`) are two thirds of the package's code by size: kept as one small function per
 * entry, V8 only pre-parses them when the package is imported, and compiles and runs an entry's
 * function when that entry is first read — a request reads the dozen structures of its operation,
 * not the hundreds of the table (about 4 ms of the first request when the tables were built whole).
 */

/**
 * A read-through view of the record whose entries `build()` returns as functions: `build` runs on
 * first access of any kind, and each entry's function the first time the entry is read
 * (`table[name]`, `Object.hasOwn`, `Object.entries`, `JSON.stringify`…). It behaves as the plain
 * record of the built entries; `util.inspect` shows the entries built so far.
 */
export function lazyRecord<T>(build: () => Record<string, () => T>): Readonly<Record<string, T>> {
  // Built entries are kept in the proxy's own target, so every invariant of a proxy holds.
  const target: Record<string, T> = {};
  let makers: Record<string, () => T> | undefined;
  /** Whether every entry is built: the target is then the record itself, changed or frozen like one. */
  let whole = false;
  const makersOf = (): Record<string, () => T> => {
    makers ??= build();
    return makers;
  };
  /** `key`'s entry put in the target, if the record has it and it is not there yet. */
  const entry = (key: string | symbol): void => {
    if (whole || typeof key !== 'string' || Object.hasOwn(target, key)) return;
    const all = makersOf();
    if (Object.hasOwn(all, key)) target[key] = (all[key] as () => T)();
  };
  /** Every entry built: before anything that changes the record or fixes its shape. */
  const filled = (): Record<string, T> => {
    for (const key of Object.keys(makersOf())) entry(key);
    whole = true;
    return target;
  };
  return new Proxy(target, {
    get: (_target, key) => {
      entry(key);
      return Reflect.get(target, key);
    },
    has: (_target, key) =>
      (!whole && typeof key === 'string' && Object.hasOwn(makersOf(), key)) || Reflect.has(target, key),
    // Until every entry is built, the target holds some of the record's keys, all configurable.
    ownKeys: () => (whole ? Reflect.ownKeys(target) : Object.keys(makersOf())),
    getOwnPropertyDescriptor: (_target, key) => {
      entry(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: (_target, key, value) => Reflect.set(filled(), key, value),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(filled(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(filled(), key),
    isExtensible: () => Reflect.isExtensible(target),
    preventExtensions: () => Reflect.preventExtensions(filled()),
  });
}
