/**
 * The generated command table, built on first use: importing the package or constructing a client
 * does not pay for 700 entries (see the generator's `command-table.ts`).
 */
import type { CommandSpec } from './command-types.js';
import { commandTable } from './generated/index.js';

let table: Readonly<Record<string, CommandSpec>> | undefined;

/** What the pinned listApis says of `command` (`undefined` for a name it does not know). */
export function commandSpec(command: string): CommandSpec | undefined {
  table ??= commandTable();
  return Object.hasOwn(table, command) ? table[command] : undefined;
}
