/**
 * Every text through which an error can reach a person: its message, its stack, `String(error)`,
 * `JSON.stringify(error)` and `util.inspect` with hidden properties at any depth, for the error and
 * each error down its `cause` chain. Tests scan these for secrets; users can do the same in theirs.
 */
import { inspect } from 'node:util';

/** The views of `error` and of every cause below it. */
export function errorViews(error: unknown): string[] {
  const views: string[] = [];
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); ) {
    seen.add(current);
    views.push(String(current), safeJson(current), inspect(current, { showHidden: true, depth: Infinity }));
    if (current instanceof Error) {
      views.push(current.message, current.stack ?? '');
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  return views;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
