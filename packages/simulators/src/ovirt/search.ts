/**
 * The engine's search language, the part clients use: `field=value` terms (`*` matches any text,
 * `!=` negates, values may be quoted), joined with `and` / `or` (`and` binds tighter); a term
 * without `=` matches names. Matching takes case into account unless `case_sensitive=false`.
 */
import { EngineFault } from './xml-out.js';

/** The searchable fields of one record, by the name used in queries (`name`, `status`, …). */
export type SearchFields = Record<string, string | undefined>;

type Term = { field: string; negated: boolean; pattern: RegExp };

/**
 * Compiles `query` into a predicate. Throws a 400 fault naming the problem for a malformed query
 * or a field this kind of object does not have (`known`).
 */
export function compileSearch(
  query: string,
  known: readonly string[],
  caseSensitive: boolean,
): (fields: SearchFields) => boolean {
  const alternatives = splitWords(query.trim(), 'or').map((clause) =>
    splitWords(clause, 'and').map((term) => parseTerm(term, known, caseSensitive)),
  );
  return (fields) =>
    alternatives.some((terms) =>
      terms.every(({ field, negated, pattern }) => pattern.test(fields[field] ?? '') !== negated),
    );
}

/** Splits at a keyword standing alone between spaces, outside quotes. */
function splitWords(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  const lower = text.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    if (quoted || !/\s/.test(text[i] ?? '')) continue;
    const after = i + 1 + keyword.length;
    if (lower.startsWith(keyword, i + 1) && /\s/.test(text[after] ?? '')) {
      parts.push(text.slice(start, i));
      start = after + 1;
      i = after;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

function parseTerm(term: string, known: readonly string[], caseSensitive: boolean): Term {
  const match = /^([a-z_]+)\s*(!=|=)\s*(.*)$/i.exec(term);
  if (term === '') throw invalidQuery('an empty term');
  if (match === null)
    return { field: 'name', negated: false, pattern: wildcard(unquote(term), caseSensitive) };
  const [, field = '', operator, value = ''] = match;
  const name = field.toLowerCase();
  if (!known.includes(name)) throw invalidQuery(`unknown field '${field}' (known: ${known.join(', ')})`);
  return { field: name, negated: operator === '!=', pattern: wildcard(unquote(value.trim()), caseSensitive) };
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function wildcard(value: string, caseSensitive: boolean): RegExp {
  const body = value
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, caseSensitive ? 'su' : 'isu');
}

function invalidQuery(problem: string): EngineFault {
  return new EngineFault(400, 'Operation Failed', `[Search query is invalid: ${problem}.]`);
}

/** The `max` query parameter: absent means no limit; anything but a non-negative integer is a 400. */
export function parseMax(value: string | null): number {
  if (value === null) return Number.POSITIVE_INFINITY;
  if (!/^-?\d+$/.test(value.trim())) {
    throw new EngineFault(
      400,
      'Invalid value',
      `The value '${value}' of parameter 'max' isn't a valid integer.`,
    );
  }
  const max = Number(value);
  return max < 0 ? Number.POSITIVE_INFINITY : max; // the engine treats -1 as "no limit"
}
