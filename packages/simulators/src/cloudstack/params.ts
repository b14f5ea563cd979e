/**
 * The parameters of one API request as the server's commands read them: query string and form
 * body together, the first value of a repeated name winning, names matched case-insensitively,
 * map parameters (`tags[0].key=env&tags[0].value=prod`) regrouped by index.
 */
import { invalidParameter, missingParameter } from './errors.js';
import type { ReceivedParameter } from './signature.js';

const MAP_ENTRY = /^([^[\]]+)\[(\d+)\]\.(.+)$/;

export class Parameters {
  readonly #values = new Map<string, string>();

  constructor(
    readonly command: string,
    received: readonly ReceivedParameter[],
  ) {
    for (const { name, value } of received) {
      const key = name.toLowerCase();
      if (!this.#values.has(key)) this.#values.set(key, value);
    }
  }

  /** The value of `name` (any case), or undefined; an empty value counts as absent, as on the server. */
  get(name: string): string | undefined {
    const value = this.#values.get(name.toLowerCase());
    return value === '' ? undefined : value;
  }

  /** The value of `name`, or the server's 431 "missing parameter" error. */
  required(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw missingParameter(this.command, name);
    return value;
  }

  /** A `list` parameter: comma-separated values. */
  list(name: string): string[] | undefined {
    return this.get(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** A boolean parameter, parsed like Java's `Boolean.parseBoolean` (only `true` in any case is true). */
  flag(name: string): boolean | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : value.toLowerCase() === 'true';
  }

  /** A positive integer parameter (page, pagesize…), or the server's 431 for anything else. */
  integer(name: string): number | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,9}$/.test(value)) throw invalidParameter(this.command, name, value);
    return Number(value);
  }

  /** A map parameter: `name[i].field=value` grouped per index, in index order. */
  map(name: string): Record<string, string>[] {
    const entries = new Map<number, Record<string, string>>();
    const wanted = name.toLowerCase();
    for (const [key, value] of this.#values) {
      const match = MAP_ENTRY.exec(key);
      if (match === null || match[1] !== wanted) continue;
      const index = Number(match[2]);
      const entry = entries.get(index) ?? {};
      entry[match[3] as string] = value;
      entries.set(index, entry);
    }
    return [...entries.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }
}
