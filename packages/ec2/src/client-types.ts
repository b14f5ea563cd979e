/**
 * The types of the `EC2` client's calls that the generated `Ec2Operations` interface refers to: the
 * call options (always the separate trailing argument) and the answers, which carry `$metadata` as
 * aws-sdk-js-v3's do.
 */
import type { CallOptions } from '@overcast/runtime/options';

/** Where an answer came from, as aws-sdk-js-v3's `$metadata`. */
export interface ResponseMetadata {
  /** The server's `requestId` (ec2-api and AWS send one with every answer). */
  requestId: string | undefined;
  /** The HTTP status of the answer (200). */
  httpStatusCode: number;
  /** How many times the request was sent (more than 1 only for retried reads). */
  attempts: number;
}

/** An operation's output with its `$metadata`. */
export type Ec2Output<T> = T & { $metadata: ResponseMetadata };

/**
 * The runtime's call options (`timeout`, `signal`, `headers`, `query`, `retry`). `query` adds form
 * parameters the model does not know (the model's own win); `retry` applies to reads, and to writes
 * made idempotent by a `ClientToken`.
 */
export interface Ec2CallOptions extends CallOptions {}

/** The call options of each page's request, plus the page size. */
export interface Ec2PaginateOptions extends CallOptions {
  /** Items per page, sent as the operation's `MaxResults`. */
  pageSize?: number;
}

/** How long and how often a waiter polls. Durations are milliseconds. */
export interface Ec2WaiterOptions extends Pick<CallOptions, 'signal' | 'headers' | 'retry'> {
  /** Overall limit (default: the model's `delay × maxAttempts`, 600 000 for most EC2 waiters). */
  timeout?: number;
  /** Before the second call (default: the model's `delay`, 15 000 for most EC2 waiters). */
  minDelay?: number;
  /** Longest wait between calls; the waits double up to it (default 120 000). */
  maxDelay?: number;
  /** Overall deadline of each poll's HTTP exchange (default: the client's `timeout`). */
  requestTimeout?: number;
}
