/**
 * A record built on first use. The generated structure tables (`INPUT_SHAPES`, `OUTPUT_SHAPES`)
 * are two thirds of the package's code by size: kept as object literals inside functions, V8 only
 * pre-parses them when the package is imported, and builds them when a table is first read (the
 * first request, or a caller reading the exported table).
 */

/**
 * A read-through view of the record `build()` returns, built on first access of any kind
 * (`table[name]`, `name in table`, `Object.keys`, `Object.hasOwn`, `JSON.stringify`…). It behaves
 * as that plain record; `util.inspect` shows it empty until it is first used.
 */
export function lazyRecord<T>(build: () => Record<string, T>): Readonly<Record<string, T>> {
  // The record is copied into the proxy's own target, so every invariant of a proxy holds.
  const target: Record<string, T> = {};
  let built = false;
  const filled = (): Record<string, T> => {
    if (!built) {
      built = true;
      Object.assign(target, build());
    }
    return target;
  };
  return new Proxy(target, {
    get: (_target, key) => Reflect.get(filled(), key),
    has: (_target, key) => Reflect.has(filled(), key),
    ownKeys: () => Reflect.ownKeys(filled()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(filled(), key),
    set: (_target, key, value) => Reflect.set(filled(), key, value),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(filled(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(filled(), key),
    isExtensible: () => Reflect.isExtensible(filled()),
    preventExtensions: () => Reflect.preventExtensions(filled()),
  });
}
