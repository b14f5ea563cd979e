/**
 * The shapes of the generated methods. A command is one of three kinds: a plain call, an async
 * call (polled to its job's result unless `fetchResult: false`), or a list call (one page, or every
 * page with `fetchList: true`). A command whose parameters are all optional may be called bare.
 */

import type { CallOptions as RuntimeCallOptions } from '@overcast/runtime/options';

/**
 * Options of every call: the runtime's (`timeout`, `signal`, `headers`, `query`, `retry`) plus
 * CloudStack's `method`. Durations are milliseconds.
 *
 * - `query`: extra parameters, signed in with the command's own (which win on a clash), so they
 *   reach the server however the call is sent (query string for GET, form body for POST). A
 *   parameter the signer sets itself (`apiKey`, `command`, `signature`…) is a `ParameterError`.
 * - `retry`: reads only (see the README); asking to retry a write is a `ParameterError`.
 */
export interface CallOptions extends RuntimeCallOptions {
  /** `GET` (default: the client's) or `POST`: POST sends the signed parameters as a form body. */
  method?: 'GET' | 'POST';
}

/** Options of an async command. */
export interface AsyncCallOptions extends CallOptions {
  /** `false`: resolve with the submission (`{ jobid, id? }`) instead of waiting for the job. */
  fetchResult?: boolean;
  /** Milliseconds between two `queryAsyncJobResult` polls (default: the client's `pollInterval`). */
  pollInterval?: number;
  /** Longest wait for the job, polls included (default: the client's `jobTimeout`). */
  jobTimeout?: number;
}

/** Options of a list command fetching every page. */
export interface FetchListOptions extends CallOptions {
  fetchList: true;
  /** Items per page (default 500, or the `pagesize` parameter). */
  pageSize?: number;
  /** Most pages fetched at once once the total is known (default 10). */
  concurrency?: number;
}

/** What an async command answers before its job runs. */
export interface AsyncJobSubmission {
  jobid: string;
  /** The new object's id, for commands whose object exists before the job runs. */
  id?: string;
}

// biome-ignore lint/complexity/noBannedTypes: `{}` is what "all parameters optional" extends.
type AllOptional<P> = {} extends P ? true : false;
/** `(params?, options?)` when every parameter is optional, else `(params, options?)`. */
export type Args<P, O> = AllOptional<P> extends true ? [params?: P, options?: O] : [params: P, options?: O];
/** As {@link Args}, with the options required (to pick an overload). */
type ArgsWith<P, O> =
  AllOptional<P> extends true ? [params: P | undefined, options: O] : [params: P, options: O];

export type SyncCommand<P, R> = (...args: Args<P, CallOptions>) => Promise<R>;

export interface AsyncCommand<P, R> {
  (...args: ArgsWith<P, AsyncCallOptions & { fetchResult: false }>): Promise<AsyncJobSubmission>;
  (...args: Args<P, AsyncCallOptions & { fetchResult?: true }>): Promise<R>;
  /** `fetchResult` only known at run time: either answer. */
  (...args: ArgsWith<P, AsyncCallOptions>): Promise<R | AsyncJobSubmission>;
}

export interface ListCommand<P, R, I> {
  (...args: ArgsWith<P, FetchListOptions>): Promise<I[]>;
  (...args: Args<P, CallOptions & { fetchList?: false }>): Promise<R>;
}

/** How a parameter that is not a plain string is checked and sent. */
export type ParamKind =
  /** `true`/`false` (or their strings). */
  | 'boolean'
  /** A whole number (or its decimal string). */
  | 'integer'
  /** An array of strings or numbers (or one string), sent comma-joined. */
  | 'list'
  /** An object or an array of objects, sent as `name[i].key=value`. */
  | 'map';

/** A command in the runtime table (`commandTable()`, `commandSpec()`). */
export interface CommandSpec {
  /** The server answers with a job id; the client polls the job to its result. */
  readonly async?: true;
  /** Takes `page` and `pagesize`, so it can be fetched page by page. */
  readonly pages?: true;
  /** A list command's item key in its answer (`listZones` → `zone`). */
  readonly list?: string;
  /** The parameters that are not plain strings, by kind. */
  readonly params?: Readonly<Record<string, ParamKind>>;
}
