/**
 * ec2-api's describers (`ec2api/api/common.py` `UniversalDescriber`): `Filter.N.Name` /
 * `Filter.N.Value.M` matched with shell wildcards (`fnmatch`) against the formatted item's fields,
 * `tag:<key>`, `tag-key` and `tag-value` for taggable items, an unknown filter name refused, and
 * `MaxResults`/`NextToken` paging: offset-based, the token base64 of the next offset, items sorted
 * by their id first, `MaxResults` capped at 1000 and refused below 5.
 */
import { type Args, list } from './args.js';
import { Ec2Fault, invalidParameterMessage, invalidParameterValue } from './errors.js';
import type { XmlObject, XmlValue } from './xml.js';

/**
 * Where a filter finds its values in a formatted item, as ec2-api's `FILTER_MAP` says it: a field
 * name, a `[field, subfield]` pair (a nested structure), or `{ each: [listField, path] }` (every
 * element of a list).
 */
export type FilterPath =
  | string
  | readonly [string, string]
  | { readonly each: readonly [string, FilterPath] };
export type FilterMap = Readonly<Record<string, FilterPath>>;

/** One parsed filter: `tag:<key>` filters keep their key. */
export interface Filter {
  name: string;
  values: string[];
  tagKey?: string;
}

/** The `Filter.N` arguments, checked as `validator.validate_filter` checks them. */
export function parseFilters(args: Args): Filter[] | undefined {
  const raw = list(args, 'filter');
  if (raw === undefined) return undefined;
  const filters: Filter[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || Array.isArray(item)) throw invalidFilter();
    const name = item.name;
    const values = item.value;
    if (typeof name !== 'string' || name === '' || !Array.isArray(values) || values.length === 0) {
      throw invalidFilter();
    }
    const strings = values.map((v) => (typeof v === 'string' ? v : ''));
    filters.push(
      name.startsWith('tag:')
        ? { name: 'tag', values: strings, tagKey: name.split(':')[1] ?? '' }
        : { name, values: strings },
    );
  }
  return filters;
}

function invalidFilter(): Ec2Fault {
  return new Ec2Fault('InvalidFilter', 'The filter is invalid.');
}

/** Adds `tag-key`, `tag-value` (and `tag:<key>`) to a taggable item's filter map. */
export function taggable(map: FilterMap): FilterMap {
  return { ...map, 'tag-key': { each: ['tagSet', 'key'] }, 'tag-value': { each: ['tagSet', 'value'] } };
}

/** Throws ec2-api's error for a filter name the describer does not know. */
export function checkFilterNames(
  filters: readonly Filter[] | undefined,
  map: FilterMap,
  tags: boolean,
): void {
  for (const filter of filters ?? []) {
    if (filter.tagKey !== undefined ? !tags : !(filter.name in map)) {
      throw invalidParameterValue(
        filter.tagKey === undefined ? filter.name : `tag:${filter.tagKey}`,
        'filter',
        'invalid filter',
      );
    }
  }
}

/** Whether a formatted item passes every filter (each filter: any of its values matches). */
export function matches(item: XmlObject, filters: readonly Filter[] | undefined, map: FilterMap): boolean {
  if (filters === undefined) return true;
  for (const filter of filters) {
    if (filter.tagKey !== undefined) {
      const tags = (item.tagSet as readonly XmlObject[] | undefined) ?? [];
      const hit = tags.some(
        (tag) =>
          tag.key === filter.tagKey && filter.values.some((v) => glob(v).test(String(tag.value ?? ''))),
      );
      if (!hit) return false;
      continue;
    }
    const values = valuesAt(item, map[filter.name] as FilterPath);
    if (values.length === 0) return false;
    if (!filter.values.some((pattern) => values.some((value) => glob(pattern).test(value)))) return false;
  }
  return true;
}

function valuesAt(item: XmlObject | undefined, path: FilterPath): string[] {
  if (item === undefined) return [];
  if (typeof path === 'string') return scalar(item[path]);
  if (Array.isArray(path)) {
    const [field, sub] = path as readonly [string, string];
    const inner = item[field];
    return inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Date)
      ? scalar((inner as XmlObject)[sub])
      : [];
  }
  const [field, rest] = (path as { each: readonly [string, FilterPath] }).each;
  const elements = item[field];
  if (!Array.isArray(elements)) return [];
  return (elements as readonly XmlValue[]).flatMap((element) =>
    element !== null && typeof element === 'object' && !Array.isArray(element) && !(element instanceof Date)
      ? valuesAt(element as XmlObject, rest)
      : [],
  );
}

function scalar(value: XmlValue): string[] {
  if (value === null || value === undefined || typeof value === 'object') {
    return value instanceof Date ? [value.toISOString()] : [];
  }
  return [String(value)];
}

const globCache = new Map<string, RegExp>();

/** Python's `fnmatch` on POSIX (case-sensitive): `*`, `?`, `[seq]`, `[!seq]`. */
export function glob(pattern: string): RegExp {
  let compiled = globCache.get(pattern);
  if (compiled !== undefined) return compiled;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  compiled = new RegExp(`^${source}$`, 'u');
  if (globCache.size < 1000) globCache.set(pattern, compiled);
  return compiled;
}

/** `MaxResults` and `NextToken` as the paged describers read them. */
export interface PageRequest {
  maxResults: number | undefined;
  nextToken: string | undefined;
}

/** `describe(max_results < 5)` is refused with ec2-api's (sic) message. */
export function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && maxResults !== 0 && maxResults < 5) {
    throw invalidParameterMessage(
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value greater than 5.`,
    );
  }
}

/**
 * `get_paged`: without `MaxResults` and `NextToken` every item, as given; otherwise sorted by
 * `key`, from the token's offset, at most `MaxResults` (capped at 1000), with the next token when
 * more remain.
 */
export function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  request: PageRequest,
): { items: readonly T[]; nextToken: string | undefined } {
  if (!request.maxResults && !request.nextToken) return { items, nextToken: undefined };
  const sorted = [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return pageSorted(sorted, request);
}

/** `page` of items already in key order. */
export function pageSorted<T>(
  sorted: readonly T[],
  request: PageRequest,
): { items: readonly T[]; nextToken: string | undefined } {
  let { maxResults } = request;
  const { nextToken } = request;
  if (!maxResults && !nextToken) return { items: sorted, nextToken: undefined };
  if (maxResults && maxResults > 1000) maxResults = 1000;
  const start = nextToken ? decodeToken(nextToken) : 0;
  const end = maxResults && maxResults < sorted.length - start ? start + maxResults : sorted.length;
  const next = end < sorted.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined;
  return { items: sorted.slice(start, end), nextToken: next };
}

function decodeToken(token: string): number {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!/^\d+$/.test(text)) throw invalidParameterValue(token, 'nextToken', 'Invalid token.');
  return Number.parseInt(text, 10);
}
