/**
 * Async iteration over paged list calls. Page 1 is fetched alone; when it reports the total, the
 * remaining pages are fetched a few at a time, ahead of the consumer, and their items come out in
 * page order. Without a total, pages are fetched one by one until a short or empty page.
 */
import { AbortError, DecodeError, ParameterError } from './errors.js';

/** One page of a list call. */
export interface Page<TItem> {
  items: TItem[];
  /** How many items the whole list holds, when the server says. */
  total?: number;
}

export interface PaginateOptions<TItem> {
  /** Fetches one page (numbered from 1); should stop when `signal` aborts. */
  fetchPage: (pageNumber: number, signal: AbortSignal) => Promise<Page<TItem>>;
  /** Items per full page, as asked of the server. */
  pageSize: number;
  /** Most pages fetched at once once the total is known (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Yields every item of every page in order. Any page failing rejects the iteration (pages still in
 * flight are aborted); leaving the loop early aborts them as well.
 *
 * @throws AbortError when `signal` aborts
 */
export async function* paginate<TItem>(
  options: PaginateOptions<TItem>,
): AsyncGenerator<TItem, void, undefined> {
  const { pageSize, signal } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new ParameterError(`pageSize must be a positive integer, not ${pageSize}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ParameterError(`concurrency must be a positive integer, not ${concurrency}`);
  }
  if (signal?.aborted) throw new AbortError('pagination was aborted', { cause: signal.reason });

  // Aborts every fetch in flight: on the caller's abort, on a failed page, on an early exit.
  const inFlight = new AbortController();
  const onAbort = () => inFlight.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  // The first page to fail, even one fetched ahead while an earlier page is awaited: it stops the
  // others at once, and its error (not theirs) is what the iteration rejects with.
  let failure: { error: unknown } | undefined;
  const fetchPage = (pageNumber: number): Promise<Page<TItem>> => {
    const page = options.fetchPage(pageNumber, inFlight.signal);
    page.catch((error: unknown) => {
      if (inFlight.signal.aborted) return;
      failure = { error };
      inFlight.abort(error);
    });
    return page;
  };

  try {
    const first = await fetchPage(1);
    if (first.total === undefined) {
      yield* first.items;
      let page = first;
      for (let pageNumber = 2; page.items.length >= pageSize; pageNumber++) {
        page = await fetchPage(pageNumber);
        yield* page.items;
      }
      return;
    }
    const lastPage = Math.ceil(first.total / pageSize);
    // Pages in flight or fetched but not yet yielded, in page order; never more than `concurrency`.
    const ahead: Array<Promise<Page<TItem>>> = [];
    let nextPage = 2;
    const fetchAhead = () => {
      while (nextPage <= lastPage && ahead.length < concurrency) ahead.push(fetchPage(nextPage++));
    };
    fetchAhead();
    yield* first.items;
    for (let page = ahead.shift(); page !== undefined; page = ahead.shift()) {
      const { items } = await page;
      fetchAhead();
      yield* items;
    }
  } catch (error) {
    if (signal?.aborted) throw new AbortError('pagination was aborted', { cause: signal.reason });
    throw failure === undefined ? error : failure.error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    inFlight.abort();
  }
}

/** Every item of every page, in order. */
export async function collectAll<TItem>(options: PaginateOptions<TItem>): Promise<TItem[]> {
  const items: TItem[] = [];
  for await (const item of paginate(options)) items.push(item);
  return items;
}

/** One page of a cursor-paged list: its items and the cursor of the next page, if any. */
export interface CursorPage<TItem, TCursor> {
  items: TItem[];
  /** Marker, next link or `NextToken`; `undefined` (or an empty string) when this is the last page. */
  next?: TCursor | undefined;
}

export interface PaginateCursorOptions<TItem, TCursor> {
  /**
   * Fetches the page at `cursor` (`undefined` for the first); should stop when `signal` aborts.
   * It may call `early(next)` as soon as it has seen the next page's cursor, before the page is
   * decoded (EC2's `nextToken` at the end of the raw body): the next page is then asked for while
   * this one is decoded and used, one page ahead at most. A guess that the decoded page does not
   * confirm is dropped (aborted) and the confirmed cursor fetched instead, so `early` only ever
   * changes timing; it is for reads, which the fetch ahead repeats at worst once.
   */
  fetchPage: (
    cursor: TCursor | undefined,
    signal: AbortSignal,
    early: (next: TCursor) => void,
  ) => Promise<CursorPage<TItem, TCursor>>;
  /** How a cursor is compared for the loop guard (default `String`). */
  key?: (cursor: TCursor) => string;
  signal?: AbortSignal;
}

/** One page asked for: by the consumer, or ahead of it on an early cursor. */
interface PageFetch<TItem, TCursor> {
  cursor: TCursor | undefined;
  controller: AbortController;
  page: Promise<CursorPage<TItem, TCursor>>;
  /** The next page's cursor as `early` gave it. */
  early?: TCursor;
  /** Whether the consumer has reached this page: only then is its `early` cursor fetched. */
  wanted: boolean;
  ahead?: PageFetch<TItem, TCursor>;
}

/**
 * Yields every item of a cursor-paged list (OpenStack markers and next links, EC2's `NextToken`):
 * one page at a time, each asked for with the cursor the previous one gave (sooner when the fetch
 * gives it `early`). A server that hands out a cursor it gave before is looping, and the iteration
 * ends with a `DecodeError` rather than running forever.
 *
 * @throws AbortError when `signal` aborts
 * @throws DecodeError when a cursor repeats
 */
export async function* paginateCursor<TItem, TCursor>(
  options: PaginateCursorOptions<TItem, TCursor>,
): AsyncGenerator<TItem, void, undefined> {
  const { signal, key = String } = options;
  const seen = new Set<string>();
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const start = (cursor: TCursor | undefined): PageFetch<TItem, TCursor> => {
    // `page` is set at once below; the record exists first because `early` may be called before
    // `fetchPage` returns.
    const fetch = { cursor, controller: new AbortController(), wanted: false } as PageFetch<TItem, TCursor>;
    const pageSignal = AbortSignal.any([controller.signal, fetch.controller.signal]);
    fetch.page = options.fetchPage(cursor, pageSignal, (next) => {
      if (fetch.early !== undefined) return;
      fetch.early = next;
      if (fetch.wanted) fetch.ahead = start(next);
    });
    // A page fetched ahead may never be awaited (a wrong guess, an early exit): its failure is
    // reported only if the consumer reaches it.
    fetch.page.catch(() => {});
    return fetch;
  };
  const want = (fetch: PageFetch<TItem, TCursor>) => {
    fetch.wanted = true;
    if (fetch.early !== undefined && fetch.ahead === undefined) fetch.ahead = start(fetch.early);
  };
  try {
    if (signal?.aborted) throw new AbortError('pagination was aborted', { cause: signal.reason });
    let current = start(undefined);
    for (;;) {
      want(current);
      const page = await current.page;
      if (signal?.aborted) throw new AbortError('pagination was aborted', { cause: signal.reason });
      yield* page.items;
      if (page.next === undefined || page.next === '') return;
      const next = key(page.next);
      if (seen.has(next)) {
        throw new DecodeError(`pagination loop: the server gave the cursor ${JSON.stringify(next)} twice`);
      }
      seen.add(next);
      const { ahead } = current;
      if (ahead !== undefined && key(ahead.cursor as TCursor) === next) {
        current = ahead;
      } else {
        ahead?.controller.abort();
        current = start(page.next);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
