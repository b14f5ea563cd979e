/**
 * Paging as botocore's paginators do it (`PAGINATORS`): each page is asked for with the previous
 * answer's `NextToken` until an answer has none. A server handing out a token twice ends the
 * iteration with a `DecodeError` (the runtime's loop guard) rather than looping forever.
 *
 * One page ahead: the token is read off the end of each raw answer before the answer is decoded,
 * so the next page is on its way while this one is decoded and used (the runtime's
 * `paginateCursor` checks the guess against the decoded token and drops a wrong one).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ParameterError } from '@overcast/runtime/errors';
import { paginateCursor } from '@overcast/runtime/paginate';
import type { PaginatorSpec } from './protocol.js';

export interface PaginateOptions {
  /** Items per page, sent as the paginator's limit parameter (`MaxResults`). */
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Sends one page's request; `input` carries the page's token. `peek` is given the raw XML of a
 * successful answer before it is decoded.
 */
export type PageFetcher<TInput, TOutput> = (
  input: TInput,
  signal: AbortSignal,
  peek: (xml: string) => Promise<void>,
) => Promise<TOutput>;

/**
 * Yields every page (each a whole output, as aws-sdk-js-v3's paginators do) of a paged operation.
 * The first page is asked for with `input` as given (a `NextToken` in it starts from there).
 *
 * @throws ParameterError for a `pageSize` the operation has no parameter for, or not a positive integer
 */
export async function* paginatePages<TInput extends object, TOutput extends object>(
  paginator: PaginatorSpec,
  /** The XML element of the output token (`nextToken`). */
  tokenElement: string,
  fetchPage: PageFetcher<TInput, TOutput>,
  input: TInput,
  options: PaginateOptions = {},
): AsyncGenerator<TOutput, void, undefined> {
  const { pageSize } = options;
  if (pageSize !== undefined) {
    if (paginator.limitKey === undefined) {
      throw new ParameterError('this operation has no page size parameter: leave pageSize out');
    }
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new ParameterError(`pageSize must be a positive integer, not ${pageSize}`);
    }
  }
  yield* paginateCursor<TOutput, string>({
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    fetchPage: async (cursor, signal, early) => {
      const pageInput = { ...input } as Record<string, unknown>;
      if (cursor !== undefined) pageInput[paginator.inputToken] = cursor;
      if (pageSize !== undefined) pageInput[paginator.limitKey as string] = pageSize;
      const output = await fetchPage(pageInput as TInput, signal, async (xml) => {
        const token = tokenAtEnd(xml, tokenElement);
        if (token === undefined) return;
        early(token);
        // So that the next page's request goes out before the decode: undici writes a request to
        // a kept-alive socket only after a turn of the event loop of its own (checking that the
        // server has not closed it), which the decode would otherwise hold up.
        await nextTurn();
        await nextTurn();
      });
      const next = (output as Record<string, unknown>)[paginator.outputToken];
      return { items: [output], next: typeof next === 'string' && next !== '' ? next : undefined };
    },
  });
}

/** How far from the end of a raw answer its token is looked for: room for the longest tokens AWS hands out. */
const TOKEN_WINDOW = 16 * 1024;

/**
 * The text of the last `<element>…</element>` of a raw answer — where EC2 puts `nextToken`, after
 * the page's items — or undefined when there is none or it holds a reference or markup (then the
 * decoded answer's token is waited for). A guess: the decoded token is what counts.
 */
export function tokenAtEnd(xml: string, element: string): string | undefined {
  const open = `<${element}>`;
  // Only the end is searched (`lastIndexOf` would walk back through the whole of a last page,
  // which has no token, one character at a time).
  let at = -1;
  for (
    let found = xml.indexOf(open, xml.length - TOKEN_WINDOW);
    found !== -1;
    found = xml.indexOf(open, found + 1)
  ) {
    at = found;
  }
  if (at === -1) return undefined;
  const start = at + open.length;
  const end = xml.indexOf(`</${element}>`, start);
  if (end === -1) return undefined;
  const token = xml.slice(start, end);
  return token === '' || /[&<]/.test(token) ? undefined : token;
}
