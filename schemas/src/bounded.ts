// Enough to keep the disk (or a few HTTP connections) busy without hitting file-descriptor limits.
export const PARALLEL_FILES = 32;

/**
 * Maps `fn` over `items` with at most `limit` calls in flight, results in input order. After the
 * first failure no new item starts (a dead mirror and network should not cost one timeout per
 * file); the calls already running finish, then the first error is thrown.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
