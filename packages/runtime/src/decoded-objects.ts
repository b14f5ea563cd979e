/**
 * Objects a decoder fills by computed key (`object[name] = value`), made fit to keep. V8 turns an
 * object given more than a dozen or so properties that way into a hash table — about 3 KB for an
 * oVirt VM's 57 members, against 0.5 KB — unless it saw that sequence of keys before. A spread copy
 * of such an object is a fixed-shape one, reads faster, and teaches V8 the sequence, so the next
 * objects with those keys are built fast. Copying from 17 keys leaves a margin for other V8 versions.
 */

/** Past this many keys stored by computed name, a decoded object is copied (`settledObject`). */
const MAX_KEYS_AS_BUILT = 16;

/** `object`, or a fixed-shape copy of it when `keysStored` (stores by computed key) is past the limit. */
export function settledObject<T extends object>(object: T, keysStored: number): T {
  return keysStored > MAX_KEYS_AS_BUILT ? { ...object } : object;
}

/**
 * An empty array for strings or objects, made as V8 makes one it has pushed them into. A `[]` made
 * once per document, before V8 has learnt what goes in it, starts as an array of small integers
 * and changes kind on its first push; code V8 compiled for the changed kind is thrown away when it
 * meets the next document's new array, and runs slowly until compiled again.
 */
export function emptyArrayOfObjects<T>(): T[] {
  const array: unknown[] = [undefined];
  array.pop();
  return array as T[];
}
