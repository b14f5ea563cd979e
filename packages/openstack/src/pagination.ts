/**
 * Finding the next page as openstacksdk's `Resource._get_next_link` does, in its order:
 *
 * 1. the body's `links` (API-WG style; Keystone may send it as an object), else `<key>_links`
 *    (Nova, Neutron, Cinder), searched for `rel: next`;
 * 2. the body's `next` (Glance; a leading `/v2` is dropped, the rest is relative to the endpoint);
 * 3. the RFC 8288 `Link` header with `rel="next"`;
 * 4. with a `limit` given and a full page, the same request with `marker` = the last item's id.
 *
 * The next link's query is parsed back into parameters over the previous ones (without their
 * `marker` and `limit`), so that a long walk never grows the URL. A link to another origin than
 * the service's endpoint is refused (the token is never sent elsewhere), and a marker equal to
 * the one just sent ends the walk with a `DecodeError` (openstacksdk's "endless pagination loop").
 */
import { DecodeError } from '@overcast/runtime/errors';
import { unusableAnswer } from './errors.js';

/** Where the next page is: a URL without query, and the query as pairs. */
export interface PageCursor {
  url: string;
  params: [string, string][];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The `rel="next"` target of an RFC 8288 `Link` header. */
export function linkHeaderNext(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match === null) continue;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const rel = (rels?.[1] ?? rels?.[2] ?? '').split(/\s+/);
    if (rel.includes('next')) return match[1];
  }
  return undefined;
}

/** The next link a page names (steps 1–3), as written. */
export function nextLinkOf(
  data: unknown,
  listKey: string,
  linkHeader: string | undefined,
): string | undefined {
  let link: string | undefined;
  const body = record(data);
  if (body !== undefined) {
    const paginationKey = 'links' in body ? 'links' : `${listKey}_links`;
    const links = body[paginationKey];
    if (Array.isArray(links)) {
      for (const item of links) {
        const entry = record(item);
        if (entry?.['rel'] === 'next' && typeof entry['href'] === 'string' && entry['href'] !== '') {
          link = entry['href'];
          break;
        }
      }
    } else {
      // Keystone: `"links": {"self": …, "previous": null, "next": null | url}`.
      const next = record(links)?.['next'];
      if (typeof next === 'string' && next !== '') link = next;
    }
    if (link === undefined && typeof body['next'] === 'string' && body['next'] !== '') {
      link = body['next'];
      // Glance writes `/v2/images?marker=…`, relative to its root: drop the version.
      if (link.startsWith('/v')) {
        const slash = link.indexOf('/', 1);
        link = slash < 0 ? '/' : link.slice(slash);
      }
    }
  }
  return link ?? linkHeaderNext(linkHeader);
}

/** The id an item is known by, for the marker. */
function idOf(item: unknown): string | undefined {
  const id = record(item)?.['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export interface NextPageInput {
  /** The request just made. */
  cursor: PageCursor;
  /** Its parsed body, its items and its `Link` header. */
  data: unknown;
  items: readonly unknown[];
  linkHeader: string | undefined;
  listKey: string;
  /** The versioned endpoint (links starting with `/` are relative to it; others must share its origin). */
  endpoint: string;
  /** The `limit` the caller asked for, if any. */
  limit: number | undefined;
  /** `GET url`, for errors. */
  target: string;
  service: string;
}

/** The cursor of the next page, or undefined on the last one. */
export function nextPage(input: NextPageInput): PageCursor | undefined {
  const { cursor, items } = input;
  if (items.length === 0) return undefined;
  const previousMarker = cursor.params.find(([name]) => name === 'marker')?.[1];
  const kept = cursor.params.filter(([name]) => name !== 'marker' && name !== 'limit');
  const link = nextLinkOf(input.data, input.listKey, input.linkHeader);
  let next: PageCursor | undefined;
  if (link !== undefined) {
    const url = resolveLink(link, input);
    const linkParams = [...url.searchParams.entries()] as [string, string][];
    const names = new Set(linkParams.map(([name]) => name));
    url.search = '';
    url.hash = '';
    next = { url: url.href, params: [...kept.filter(([name]) => !names.has(name)), ...linkParams] };
  } else if (input.limit !== undefined && input.limit > 0 && items.length >= input.limit) {
    const marker = idOf(items[items.length - 1]);
    if (marker === undefined) return undefined;
    next = { url: cursor.url, params: [...kept, ['marker', marker], ['limit', String(input.limit)]] };
  }
  if (next === undefined) return undefined;
  const marker = next.params.find(([name]) => name === 'marker')?.[1];
  if (marker !== undefined && marker === previousMarker) {
    throw new DecodeError(
      `endless pagination loop: ${input.target} names marker ${JSON.stringify(marker)} again as its next page`,
    );
  }
  return next;
}

function resolveLink(link: string, input: NextPageInput): URL {
  const endpoint = new URL(input.endpoint);
  let url: URL;
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) url = new URL(link);
    else if (link.startsWith('/') && !link.startsWith('//'))
      url = new URL(input.endpoint.replace(/\/+$/, '') + link);
    else url = new URL(link, input.cursor.url);
  } catch (cause) {
    throw new DecodeError(`${input.target}: the next link ${JSON.stringify(link)} is not a URL`, { cause });
  }
  if (url.origin !== endpoint.origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw unusableAnswer(
      'api',
      `${input.target}: the next page is on ${url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol}, ` +
        `not on the ${input.service} endpoint ${endpoint.origin}; it is not followed (the token is never sent elsewhere)`,
      { service: input.service, method: 'GET', url: input.target.slice(4) },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new DecodeError(`${input.target}: the next link carries user info; it is not followed`);
  }
  return url;
}

/** The cursor's identity, for the runtime's repeated-cursor guard. */
export function cursorKey(cursor: PageCursor): string {
  const params = [...cursor.params].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1,
  );
  return `${cursor.url}?${new URLSearchParams(params).toString()}`;
}

/** The cursor as a URL. */
export function cursorUrl(cursor: PageCursor): string {
  if (cursor.params.length === 0) return cursor.url;
  return `${cursor.url}?${new URLSearchParams(cursor.params).toString()}`;
}
