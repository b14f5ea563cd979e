/**
 * Answers to `DescribeInstances` served again while the cloud has not changed: a waiter polling,
 * or a client listing the same pages again, gets the answer rendered the first time, under its
 * own request id. Every action but a read, and every timed transition, moves the cloud's revision
 * on (`Cloud.changed`), which retires every answer kept before.
 */
import type { RenderedAnswer } from './xml.js';

/** The actions whose answers are kept, by ec2-api's method name: the one that lists thousands. */
const KEPT_ACTIONS: ReadonlySet<string> = new Set(['describe_instances']);
/** Answers kept at most (a client's pages, a few waiters' questions). */
const CAPACITY = 64;

export class ReadCache {
  readonly #answers = new Map<string, { revision: number; answer: RenderedAnswer }>();

  /** The key of a request for `method` (a kept read) with `args` and `version`, else undefined. */
  keyOf(method: string, action: string, version: string, args: object): string | undefined {
    return KEPT_ACTIONS.has(method) ? `${action}\n${version}\n${JSON.stringify(args)}` : undefined;
  }

  /** The answer kept for `key` at `revision`, if any. */
  get(key: string, revision: number): RenderedAnswer | undefined {
    const kept = this.#answers.get(key);
    return kept?.revision === revision ? kept.answer : undefined;
  }

  set(key: string, revision: number, answer: RenderedAnswer): void {
    this.#answers.delete(key);
    if (this.#answers.size >= CAPACITY) this.#answers.delete(this.#answers.keys().next().value as string);
    // Joined once here, so that each answer served copies one string, not thousands of pieces.
    const rest = answer.rest;
    rest.charCodeAt(0);
    this.#answers.set(key, { revision, answer });
  }
}
