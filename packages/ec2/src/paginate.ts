/**
 * Paging as botocore's paginators do it (`PAGINATORS`): each page is asked for with the previous
 * answer's `NextToken` until an answer has none. A server handing out a token twice ends the
 * iteration with a `DecodeError` (the runtime's loop guard) rather than looping forever.
 */
import { ParameterError } from '@overcast/runtime/errors';
import { paginateCursor } from '@overcast/runtime/paginate';
import type { PaginatorSpec } from './protocol.js';

export interface PaginateOptions {
  /** Items per page, sent as the paginator's limit parameter (`MaxResults`). */
  pageSize?: number;
  signal?: AbortSignal;
}

/** Sends one page's request; `input` carries the page's token. */
export type PageFetcher<TInput, TOutput> = (input: TInput, signal: AbortSignal) => Promise<TOutput>;

/**
 * Yields every page (each a whole output, as aws-sdk-js-v3's paginators do) of a paged operation.
 * The first page is asked for with `input` as given (a `NextToken` in it starts from there).
 *
 * @throws ParameterError for a `pageSize` the operation has no parameter for, or not a positive integer
 */
export async function* paginatePages<TInput extends object, TOutput extends object>(
  paginator: PaginatorSpec,
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
    fetchPage: async (cursor, signal) => {
      const pageInput = { ...input } as Record<string, unknown>;
      if (cursor !== undefined) pageInput[paginator.inputToken] = cursor;
      if (pageSize !== undefined) pageInput[paginator.limitKey as string] = pageSize;
      const output = await fetchPage(pageInput as TInput, signal);
      const next = (output as Record<string, unknown>)[paginator.outputToken];
      return { items: [output], next: typeof next === 'string' && next !== '' ? next : undefined };
    },
  });
}
